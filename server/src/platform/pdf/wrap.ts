import type { PDFFont } from 'pdf-lib';

const supported = new WeakMap<PDFFont, Set<number>>();

/**
 * Text as the embedded font can draw it: NFC (a letter typed as base + combining marks
 * becomes the precomposed Vietnamese letter the font has), line breaks as `\n`, tabs as
 * spaces, control characters as spaces, no zero-width ones, and `?` for anything the font has no glyph for (emoji).
 */
export function printable(text: string, font: PDFFont): string {
  let chars = supported.get(font);
  if (!chars) supported.set(font, (chars = new Set(font.getCharacterSet())));
  const clean = text.normalize('NFC').replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/\t/g, '    ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, ' ').replace(/[\u200b-\u200f\ufeff]/g, '');
  let out = '';
  for (const ch of clean) out += ch === '\n' || chars.has(ch.codePointAt(0)!) ? ch : '?';
  return out;
}

const advances = new WeakMap<PDFFont, Map<string, number>>();

/**
 * The width of printable text, summed from each character's advance (measured once per
 * font): pdf-lib measures a string by laying it out with fontkit, far too slow to repeat
 * for every word of a thousand comments. Sums match pdf-lib's own, which has no kerning.
 */
export function widthOf(text: string, font: PDFFont, size: number): number {
  let cache = advances.get(font);
  if (!cache) advances.set(font, (cache = new Map()));
  let units = 0;
  for (const ch of text) {
    let w = cache.get(ch);
    if (w === undefined) cache.set(ch, (w = font.widthOfTextAtSize(ch, 1000)));
    units += w;
  }
  return (units * size) / 1000;
}

/** How many leading characters of `chars` fit in `width` (at least one, so wrapping always advances). */
function fitting(chars: string[], font: PDFFont, size: number, width: number): number {
  let n = 1;
  let used = widthOf(chars[0] ?? '', font, size);
  while (n < chars.length && used + widthOf(chars[n]!, font, size) <= width) used += widthOf(chars[n++]!, font, size);
  return n;
}

/**
 * Breaks printable text into lines no wider than `width` (the first line may be narrower,
 * to follow a label): at spaces, and inside a word only when the word alone is too wide.
 * Paragraphs (`\n`) start new lines; runs of blank lines become one.
 */
export function wrap(text: string, font: PDFFont, size: number, width: number, firstWidth = width): string[] {
  const lines: string[] = [];
  const limit = () => (lines.length === 0 ? firstWidth : width);
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(' ').filter(Boolean);
    if (words.length === 0) {
      if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
      continue;
    }
    const space = widthOf(' ', font, size);
    let line = '';
    let used = 0;
    for (const word of words) {
      const w = widthOf(word, font, size);
      if (line === '' ? w <= limit() : used + space + w <= limit()) {
        used = line === '' ? w : used + space + w;
        line = line === '' ? word : `${line} ${word}`;
        continue;
      }
      if (line) lines.push(line);
      // A word too wide to follow the label, but not for a whole line, starts below it.
      else if (lines.length === 0 && firstWidth < width && w <= width) lines.push('');
      let rest = Array.from(word);
      while (widthOf(rest.join(''), font, size) > limit()) {
        const n = fitting(rest, font, size, limit());
        lines.push(rest.slice(0, n).join(''));
        rest = rest.slice(n);
      }
      line = rest.join('');
      used = widthOf(line, font, size);
    }
    lines.push(line);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
