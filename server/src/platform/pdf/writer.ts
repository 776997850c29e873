import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import type { Fonts } from './fonts.js';
import { printable, widthOf, wrap } from './wrap.js';

/** A4 portrait in PDF points, and the margins of a printed administrative document. */
const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = { top: 60, bottom: 62, left: 64, right: 56 };
export const MM = 72 / 25.4;

/**
 * How a writer lays out its pages. Reports keep the defaults (numbered "Trang i/n" in the
 * footer); official documents (official.ts) use the decree's margins and number pages at
 * the top centre from the second page on.
 */
export interface Layout {
  margins: { top: number; bottom: number; left: number; right: number };
  pageNumbers: 'footer' | 'top';
  /** Body text size and line height (times the size). */
  size: number;
  leading: number;
}
const REPORT: Layout = { margins: MARGIN, pageNumbers: 'footer', size: 10.5, leading: 1.4 };

export const INK = rgb(0.1, 0.1, 0.1);
export const MUTED = rgb(0.4, 0.4, 0.4);

export interface TextStyle {
  bold?: boolean;
  /** Uses the italic face when the fonts have one (official documents). */
  italic?: boolean;
  size?: number;
  color?: RGB;
  /** Points from the left margin. */
  indent?: number;
  align?: 'left' | 'center' | 'justify';
  /** Extra indent of a paragraph's first line (official documents: 1–1.27 cm). */
  firstIndent?: number;
}

/** One line of a column in `columns()`: centred in its column, wrapped if too long. */
export interface ColumnLine {
  text: string;
  bold?: boolean;
  italic?: boolean;
  size?: number;
  /** A rule under the line, centred, this fraction of the line's width (Tiêu ngữ: 1; the issuing body: 1/3–1/2). */
  ruleUnder?: number;
  /** Points of space before the line. */
  before?: number;
}
/** A column of centred lines, `left` and `width` in points from the left margin. */
export interface Column { left: number; width: number; lines: ColumnLine[] }

/** Where a column's line landed: its page (0-based) and its box in page points (origin bottom left), the space before it included. */
export interface PlacedLine { page: number; x: number; y: number; width: number; height: number }

/**
 * Lays text out down A4 pages: wraps it to the measure, starts a new page when the next
 * line would cross the bottom margin, repeats a running head on every page after the first,
 * and numbers the pages once everything is written.
 */
export class ReportWriter {
  readonly #pdf: PDFDocument;
  readonly #fonts: Fonts;
  readonly #layout: Layout;
  #page!: PDFPage;
  #y = 0;
  /** Shown at the top of each new page (what is being listed), in small grey text. */
  runningHead = '';

  constructor(pdf: PDFDocument, fonts: Fonts, layout: Partial<Layout> = {}) {
    this.#pdf = pdf;
    this.#fonts = fonts;
    this.#layout = { ...REPORT, ...layout };
    this.#newPage();
  }

  /** Width of the text column. */
  get measure(): number {
    return PAGE[0] - this.#layout.margins.left - this.#layout.margins.right;
  }

  #font(style: { bold?: boolean; italic?: boolean }): PDFFont {
    const f = this.#fonts;
    if (style.italic) return (style.bold ? f.boldItalic : f.italic) ?? (style.bold ? f.bold : f.regular);
    return style.bold ? f.bold : f.regular;
  }

  #newPage(): void {
    const MARGIN = this.#layout.margins;
    this.#page = this.#pdf.addPage(PAGE);
    this.#y = PAGE[1] - MARGIN.top;
    if (this.#pdf.getPageCount() > 1 && this.runningHead) {
      const head = this.#fit(printable(this.runningHead, this.#fonts.regular), this.#fonts.regular, 8.5, this.measure);
      this.#page.drawText(head, { x: MARGIN.left, y: this.#y, size: 8.5, font: this.#fonts.regular, color: MUTED });
      this.#y -= 20;
    }
  }

  /** Cuts a one-line text to `width` with an ellipsis. */
  #fit(text: string, font: PDFFont, size: number, width: number): string {
    if (widthOf(text, font, size) <= width) return text;
    const chars = Array.from(text);
    while (chars.length > 1 && widthOf(`${chars.join('')}…`, font, size) > width) chars.pop();
    return `${chars.join('')}…`;
  }

  /** Keeps the next `height` points on one page (a heading with its first lines). */
  keep(height: number): void {
    if (this.#y - height < this.#layout.margins.bottom) this.#newPage();
  }

  space(points: number): void {
    this.#y -= points;
  }

  /** Keeps `height` points of the measure blank (on one page) and says where they are: room for a seal. */
  room(height: number): PlacedLine {
    this.keep(height);
    this.#y -= height;
    return { page: this.#pdf.getPages().indexOf(this.#page), x: this.#layout.margins.left, y: this.#y, width: this.measure, height };
  }

  #line(size: number): number {
    const height = size * this.#layout.leading;
    if (this.#y - height < this.#layout.margins.bottom) this.#newPage();
    this.#y -= height;
    return this.#y + size * 0.3;
  }

  /** A paragraph, wrapped to the measure. */
  text(text: string, style: TextStyle = {}): void {
    const font = this.#font(style);
    const size = style.size ?? this.#layout.size;
    const indent = style.indent ?? 0;
    const width = this.measure - indent;
    const first = style.firstIndent ?? 0;
    const color = style.color ?? INK;
    // Paragraph by paragraph (wrap() collapses blank lines as before), so a justified text
    // leaves each paragraph's last line ragged and each paragraph gets its first-line indent.
    const paragraphs = style.align === 'justify' || first ? printable(text, font).split('\n').filter((p) => p.trim()) : [printable(text, font)];
    for (const paragraph of paragraphs) {
      const lines = wrap(paragraph, font, size, width, width - first);
      lines.forEach((line, i) => {
        const y = this.#line(size);
        const left = this.#layout.margins.left + indent + (i === 0 ? first : 0);
        const room = width - (i === 0 ? first : 0);
        if (!line) return;
        if (style.align === 'justify' && i < lines.length - 1) this.#justified(line, left, y, room, font, size, color);
        else this.#page.drawText(line, { x: left + (style.align === 'center' ? (room - widthOf(line, font, size)) / 2 : 0), y, size, font, color });
      });
    }
  }

  /** Draws one line with its spaces stretched to fill `width` (căn đều hai lề). */
  #justified(line: string, x: number, y: number, width: number, font: PDFFont, size: number, color: RGB): void {
    const words = line.split(' ').filter(Boolean);
    const used = words.reduce((sum, w) => sum + widthOf(w, font, size), 0);
    const gap = words.length > 1 ? (width - used) / (words.length - 1) : 0;
    // A line with very few words would gape: set it ragged instead.
    if (gap > size * 1.2) {
      this.#page.drawText(line, { x, y, size, font, color });
      return;
    }
    for (const word of words) {
      this.#page.drawText(word, { x, y, size, font, color });
      x += widthOf(word, font, size) + gap;
    }
  }

  /**
   * Columns side by side from the current line (the two-column heading of an official
   * document, its signature blocks): each line centred in its column, wrapped to it, with an
   * optional rule under it. The columns stay on one page; the text goes on below the longest.
   * Returns where each line of each column landed (a signature's room, for a visible signature).
   */
  columns(columns: Column[]): PlacedLine[][] {
    const leading = 1.25;
    const laid = columns.map((col) => col.lines.flatMap((l, source) => {
      const font = this.#font(l);
      const size = l.size ?? this.#layout.size;
      const lines = l.text ? wrap(printable(l.text, font), font, size, col.width) : [''];
      return lines.map((text, i, all) => ({
        text, font, size, source, before: i === 0 ? (l.before ?? 0) : 0, rule: i === all.length - 1 ? l.ruleUnder : undefined,
      }));
    }));
    const heightOf = (lines: typeof laid[number]) => lines.reduce((h, l) => h + l.before + l.size * leading + (l.rule ? 6 : 0), 0);
    const height = Math.max(0, ...laid.map(heightOf));
    this.keep(height);
    const top = this.#y;
    const page = this.#pdf.getPages().indexOf(this.#page);
    const placed = columns.map((): PlacedLine[] => []);
    laid.forEach((lines, c) => {
      const col = columns[c]!;
      let y = top;
      for (const l of lines) {
        const lineTop = y;
        y -= l.before + l.size * leading;
        // A wrapped line's box grows down over its continuation lines.
        const box = placed[c]![l.source];
        const bottom = y - (l.rule ? 6 : 0);
        if (box) {
          box.height = box.y + box.height - bottom;
          box.y = bottom;
        } else placed[c]![l.source] = { page, x: this.#layout.margins.left + col.left, y: bottom, width: col.width, height: lineTop - bottom };
        const w = widthOf(l.text, l.font, l.size);
        const x = this.#layout.margins.left + col.left + (col.width - w) / 2;
        const base = y + l.size * 0.25;
        if (l.text) this.#page.drawText(l.text, { x, y: base, size: l.size, font: l.font, color: INK });
        if (l.rule) {
          const ruleWidth = w * l.rule;
          const rx = this.#layout.margins.left + col.left + (col.width - ruleWidth) / 2;
          this.#page.drawLine({ start: { x: rx, y: base - 5 }, end: { x: rx + ruleWidth, y: base - 5 }, thickness: 0.6, color: INK });
          y -= 6;
        }
      }
    });
    this.#y = top - height;
    return placed;
  }

  /** A bold label followed on the same line by wrapped text ("Tiếp thu: …"). */
  labelled(label: string, text: string, style: TextStyle & { labelColor?: RGB } = {}): void {
    const size = style.size ?? this.#layout.size;
    const indent = style.indent ?? 0;
    const { bold, regular } = this.#fonts;
    const head = `${printable(label, bold)} `;
    const headWidth = widthOf(head, bold, size);
    const lines = wrap(printable(text, regular), regular, size, this.measure - indent, this.measure - indent - headWidth);
    lines.forEach((line, i) => {
      const y = this.#line(size);
      const x = this.#layout.margins.left + indent;
      if (i === 0) this.#page.drawText(head, { x, y, size, font: bold, color: style.labelColor ?? INK });
      if (line) this.#page.drawText(line, { x: i === 0 ? x + headWidth : x, y, size, font: regular, color: style.color ?? INK });
    });
    if (lines.length === 0) this.#page.drawText(head, { x: this.#layout.margins.left + indent, y: this.#line(size), size, font: bold, color: style.labelColor ?? INK });
  }

  /** A thin horizontal rule across the measure. */
  rule(color: RGB = MUTED): void {
    this.keep(12);
    this.#y -= 6;
    const { left, right } = this.#layout.margins;
    this.#page.drawLine({ start: { x: left, y: this.#y }, end: { x: PAGE[0] - right, y: this.#y }, thickness: 0.6, color });
    this.#y -= 8;
  }

  /**
   * Footer on every page: `left` (cut to fit) and "Trang i/n" on the right. In the official
   * layout the page number is centred in the top margin from the second page on (Decree
   * 30/2020/NĐ-CP), and `left`, if any, is the only footer (a draft's mark).
   */
  finish(left: string): void {
    const pages = this.#pdf.getPages();
    const { regular } = this.#fonts;
    const size = 8.5;
    const MARGIN = this.#layout.margins;
    if (this.#layout.pageNumbers === 'top') {
      pages.forEach((page, i) => {
        if (i > 0) {
          const n = String(i + 1);
          const s = this.#layout.size;
          page.drawText(n, { x: (PAGE[0] - widthOf(n, regular, s)) / 2, y: PAGE[1] - MARGIN.top / 2 - s / 2, size: s, font: regular, color: INK });
        }
        if (left) page.drawText(this.#fit(printable(left, regular), regular, size, this.measure), { x: MARGIN.left, y: MARGIN.bottom / 2, size, font: regular, color: MUTED });
      });
      return;
    }
    pages.forEach((page, i) => {
      const right = `Trang ${i + 1}/${pages.length}`;
      const rightWidth = widthOf(right, regular, size);
      const y = MARGIN.bottom - 30;
      page.drawLine({ start: { x: MARGIN.left, y: y + 12 }, end: { x: PAGE[0] - MARGIN.right, y: y + 12 }, thickness: 0.4, color: MUTED });
      page.drawText(this.#fit(printable(left, regular), regular, size, this.measure - rightWidth - 16), { x: MARGIN.left, y, size, font: regular, color: MUTED });
      page.drawText(right, { x: PAGE[0] - MARGIN.right - rightWidth, y, size, font: regular, color: MUTED });
    });
  }
}
