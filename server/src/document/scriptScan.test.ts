import { randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { ScriptScanner } from './scriptScan.js';

function scan(text: string | Buffer, chunkSize = 7): string[] {
  const bytes = Buffer.from(text);
  const s = new ScriptScanner();
  for (let i = 0; i < bytes.length; i += chunkSize) s.feed(bytes.subarray(i, i + chunkSize));
  s.end();
  return [...s.found].sort();
}

describe('ScriptScanner', () => {
  it('finds JavaScript, JS, AA and Launch names in dictionaries, even split across chunks', () => {
    const pdf = '%PDF-1.7\n1 0 obj << /Type /Action /S /JavaScript /JS (x) >> endobj\n2 0 obj << /AA << /O 1 0 R >> >> endobj\n3 0 obj << /S /Launch >> endobj\n';
    for (const size of [1, 3, 7, 64, 4096]) expect(scan(pdf, size)).toEqual(['/AA', '/JS', '/JavaScript', '/Launch']);
  });

  it('decodes #xx escapes in names (/J#61vaScript is /JavaScript)', () => {
    expect(scan('1 0 obj << /S /J#61vaScript >> endobj')).toEqual(['/JavaScript']);
  });

  it('does not take longer names for script names (/JSON, /AAA, /JavaScriptX)', () => {
    expect(scan('<< /JSON 1 /AAA 2 /JavaScriptX 3 /MyAA 4 >>')).toEqual([]);
  });

  it('ignores stream data, where compressed bytes match by chance', () => {
    const pdf = Buffer.concat([
      Buffer.from('1 0 obj << /Length 40 >>\nstream\n'),
      Buffer.from('binary /JS junk /AA more /JavaScript junk'),
      Buffer.from('\nendstream\nendobj\n2 0 obj << /Type /Page >> endobj\n'),
    ]);
    for (const size of [1, 5, 13, 1000]) expect(scan(pdf, size)).toEqual([]);
  });

  it('finds names after a stream again', () => {
    const pdf = `1 0 obj << /Length 3 >>\nstream\nabc\nendstream\nendobj\n2 0 obj << /OpenAction 3 0 R >> endobj 3 0 obj << /S /JavaScript >> endobj`;
    expect(scan(pdf, 4)).toEqual(['/JavaScript']);
  });

  it('reads megabytes of random stream data without false alarms', () => {
    const noise = randomBytes(4 * 1024 * 1024);
    const pdf = Buffer.concat([Buffer.from('1 0 obj << /Length 1 >>\nstream\n'), noise, Buffer.from('\nendstream\nendobj\n')]);
    expect(scan(pdf, 65536)).toEqual([]);
  });
});
