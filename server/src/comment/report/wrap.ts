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

/** How many leading characters of `chars` fit in `width` (at least one, so wrapping always advances). */
function fitting(chars: string[], font: PDFFont, size: number, width: number): number {
  let n = 1;
  while (n < chars.length && font.widthOfTextAtSize(chars.slice(0, n + 1).join(''), size) <= width) n++;
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
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= limit()) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      // A word too wide to follow the label, but not for a whole line, starts below it.
      else if (lines.length === 0 && firstWidth < width) lines.push('');
      let rest = Array.from(word);
      while (font.widthOfTextAtSize(rest.join(''), size) > limit()) {
        const n = fitting(rest, font, size, limit());
        lines.push(rest.slice(0, n).join(''));
        rest = rest.slice(n);
      }
      line = rest.join('');
    }
    lines.push(line);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
