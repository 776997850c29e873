import { execFileSync } from 'node:child_process';
import { describe, it, expect } from 'vitest';
import { toCsv } from './csv.js';

const SCRIPT = `
import { buildZip } from './server/src/records/export/zip.ts';
import { createHash } from 'node:crypto';
const zip = buildZip([{ name: 'a.txt', bytes: new TextEncoder().encode('Hội đồng') }, { name: 'manifest.json', bytes: new Uint8Array([1, 2, 3]) }], new Date('2026-03-08T23:30:00Z'));
console.log(createHash('sha256').update(zip).digest('hex'));
`;

describe('the bundle container', () => {
  it('the same files make the same ZIP bytes in every time zone, so a bundle verifies anywhere', () => {
    const hashes = ['UTC', 'Asia/Ho_Chi_Minh', 'America/New_York', 'Pacific/Kiritimati'].map((TZ) =>
      execFileSync('node', ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { env: { ...process.env, TZ } }).toString().trim());
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(hashes).size).toBe(1);
  }, 60_000);
});

describe('CSV for spreadsheets', () => {
  it('starts with a BOM, ends lines with CRLF, quotes commas, quotes and line breaks, and defuses formulas', () => {
    const csv = toCsv([['Họ và tên', 'Ghi chú'], ['Nguyễn Văn "An"', 'a, b\nc'], ['=1+1', '-2'], [3, null]]).toString('utf8');
    expect(csv).toBe('\uFEFFHọ và tên,Ghi chú\r\n"Nguyễn Văn ""An""","a, b\nc"\r\n\'=1+1,\'-2\r\n3,\r\n');
  });
});
