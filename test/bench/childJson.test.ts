import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import { lineSplitter, runBenchScript } from '../../bench/lib/childJson.mjs';

// bench:docs reads each child's figures from its last line (bench/lib/childJson.mjs).

const dir = mkdtempSync(join(tmpdir(), 'hdnd-bench-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading a bench child\'s output', () => {
  it('keeps lines apart when a chunk ends exactly at a line\'s end', () => {
    const s = lineSplitter();
    expect(s.push('progress 50%\n')).toEqual(['progress 50%']);
    expect(s.push('{"ratio":0.9}\n')).toEqual(['{"ratio":0.9}']);
    expect(s.end()).toEqual([]);
  });

  it('joins a line split across chunks, and keeps a last line without its newline', () => {
    const s = lineSplitter();
    expect(s.push('first\r\nsec')).toEqual(['first']);
    expect(s.push('ond\n{"a"')).toEqual(['second']);
    expect(s.push(':1}')).toEqual([]);
    expect(s.end()).toEqual(['{"a":1}']);
  });

  it('resolves with the last line of a child that prints its progress and its JSON in separate writes', async () => {
    const script = join(dir, 'child.mjs');
    writeFileSync(script, [
      "const wait = () => new Promise((r) => setTimeout(r, 30));",
      "process.stdout.write('warming up\\n'); await wait();",
      "process.stdout.write('run 1 of 1\\n'); await wait();",
      "console.log(JSON.stringify({ coldMedianMs: 420, label: 'Tập tài liệu' }));",
    ].join('\n'));
    await expect(runBenchScript(script, dir)).resolves.toEqual({ coldMedianMs: 420, label: 'Tập tài liệu' });
  });

  it('refuses a child whose last line is not JSON, naming the script', async () => {
    const script = join(dir, 'nojson.mjs');
    writeFileSync(script, "console.log('done');\n");
    await expect(runBenchScript(script, dir)).rejects.toThrow(/nojson\.mjs: last line is not JSON: done/);
  });
});
