import { describe, it, expect, beforeAll } from 'vitest';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { embedFonts } from './fonts.js';
import { printable, widthOf, wrap } from './wrap.js';

let font: PDFFont;
beforeAll(async () => {
  font = (await embedFonts(await PDFDocument.create())).regular;
});

describe('wrapping report text', () => {
  it('measures a string as pdf-lib does, summing character advances', () => {
    const s = 'Nghị quyết về chính sách hỗ trợ';
    expect(widthOf(s, font, 10.5)).toBeCloseTo(font.widthOfTextAtSize(s, 10.5), 6);
  });

  it('breaks at spaces so that no line is wider than the measure', () => {
    const text = 'Đề nghị cơ quan soạn thảo rà soát, thống nhất cách dùng thuật ngữ trong toàn bộ dự thảo nghị quyết. '.repeat(4).trim();
    const lines = wrap(text, font, 10.5, 200);
    expect(lines.length).toBeGreaterThan(4);
    for (const l of lines) expect(widthOf(l, font, 10.5)).toBeLessThanOrEqual(200);
    expect(lines.join(' ')).toBe(text);
  });

  it('cuts a word wider than the measure, and keeps paragraphs apart with one blank line at most', () => {
    const lines = wrap(`${'X'.repeat(80)}\n\n\n\nđoạn hai`, font, 10, 150);
    expect(lines.slice(0, -2).join('')).toBe('X'.repeat(80));
    expect(lines.slice(-2)).toEqual(['', 'đoạn hai']);
  });

  it('leaves room on the first line for a label, and starts a word below it when it does not fit there', () => {
    expect(wrap('ngắn gọn', font, 10, 300, 280)).toEqual(['ngắn gọn']);
    const word = 'M'.repeat(25);
    const w = widthOf(word, font, 10);
    expect(wrap(word, font, 10, w + 5, w - 20)).toEqual(['', word]);
  });

  it('makes text printable: composed letters, spaces for controls, "?" for what the font lacks', () => {
    expect(printable('Tuye\u0302\u0301t\tA\u0007B\u200bC 👍', font)).toBe('Tuyết    A BC ?');
  });
});
