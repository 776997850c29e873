import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { drawHeading, drawRecipients, drawSignatures, drawTitle, numberAndSymbol, officialWriter, placeAndDate } from './official.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hdnd-official-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text poppler extracts, in reading layout. */
async function textOf(bytes: Uint8Array): Promise<string> {
  const path = join(dir, 'doc.pdf');
  writeFileSync(path, bytes);
  return (await run('pdftotext', ['-layout', path, '-'])).stdout;
}

describe('an official document in the format of Decree 30/2020/NĐ-CP', () => {
  it('writes numbers below 10 and January–February with a leading zero, and dates in Vietnam\'s time', () => {
    expect(numberAndSymbol(5, 'BB-HĐND')).toBe('Số: 05/BB-HĐND');
    expect(numberAndSymbol(123, 'BB-HĐND')).toBe('Số: 123/BB-HĐND');
    expect(numberAndSymbol(null, 'BB-HĐND')).toMatch(/^Số: \s+\/BB-HĐND$/);
    expect(placeAndDate('Sông Hồng', new Date('2026-02-04T20:00:00Z'))).toBe('Sông Hồng, ngày 05 tháng 02 năm 2026');
    expect(placeAndDate('Sông Hồng', new Date('2026-11-20T03:00:00Z'))).toBe('Sông Hồng, ngày 20 tháng 11 năm 2026');
    expect(placeAndDate('Tân Lập', null)).toBe('Tân Lập, ngày … tháng … năm …');
  });

  it('draws the heading in two columns, the title, two signature blocks and the recipients, with Vietnamese text intact', async () => {
    const pdf = await PDFDocument.create();
    const w = await officialWriter(pdf);
    drawHeading(w, { issuer: ['Hội đồng nhân dân', 'tỉnh Sông Hồng'], number: 7, symbol: 'BB-HĐND', place: 'Sông Hồng', date: new Date('2026-07-15T02:00:00Z') });
    drawTitle(w, 'Biên bản', ['Phiên khai mạc Kỳ họp thứ Mười hai']);
    w.text('Nội dung biên bản, căn đều hai lề theo quy định. '.repeat(12), { align: 'justify', firstIndent: 28 });
    drawSignatures(w, { position: 'Thư ký', mark: { kind: 'handwritten' }, name: 'Lê Văn Thư' },
      { position: 'Chủ tọa', mark: { kind: 'digital', at: '10:05 ngày 15/07/2026' }, name: 'Trần Thị Minh Hoa' });
    drawRecipients(w, ['Thường trực HĐND tỉnh', 'Đại biểu HĐND tỉnh', 'Lưu: VT']);
    w.finish('');
    const bytes = await pdf.save();
    if (process.env.OFFICIAL_PDF_OUT) writeFileSync(process.env.OFFICIAL_PDF_OUT, bytes);
    const text = await textOf(bytes);
    const lines = text.split('\n');
    const row = (a: string) => lines.find((l) => l.includes(a)) ?? '';
    // Two columns: the issuing body and the Quốc hiệu on one line, the number beside the place and date.
    expect(row('HỘI ĐỒNG NHÂN DÂN')).toMatch(/HỘI ĐỒNG NHÂN DÂN\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    expect(row('TỈNH SÔNG HỒNG')).toMatch(/TỈNH SÔNG HỒNG\s+Độc lập - Tự do - Hạnh phúc/);
    expect(row('Số: 07/BB-HĐND')).toMatch(/Số: 07\/BB-HĐND\s+Sông Hồng, ngày 15 tháng 7 năm 2026/);
    expect(text).toMatch(/^\s+BIÊN BẢN\s*$/m);
    expect(row('THƯ KÝ')).toMatch(/THƯ KÝ\s+CHỦ TỌA/);
    expect(row('(Ký, ghi rõ họ tên)')).toMatch(/\(Ký, ghi rõ họ tên\)\s+\(Đã ký số\)/);
    expect(row('Lê Văn Thư')).toMatch(/Lê Văn Thư\s+Trần Thị Minh Hoa/);
    expect(text).toMatch(/Nơi nhận:\s*\n\s*- Thường trực HĐND tỉnh;\s*\n\s*- Đại biểu HĐND tỉnh;\s*\n\s*- Lưu: VT\./);
  });
});
