import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import type { Fonts } from './fonts.js';
import { printable, widthOf, wrap } from './wrap.js';

/** A4 portrait in PDF points, and the margins of a printed administrative document. */
const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = { top: 60, bottom: 62, left: 64, right: 56 };

export const INK = rgb(0.1, 0.1, 0.1);
export const MUTED = rgb(0.4, 0.4, 0.4);

export interface TextStyle {
  bold?: boolean;
  size?: number;
  color?: RGB;
  /** Points from the left margin. */
  indent?: number;
  align?: 'left' | 'center';
}

/**
 * Lays text out down A4 pages: wraps it to the measure, starts a new page when the next
 * line would cross the bottom margin, repeats a running head on every page after the first,
 * and numbers the pages once everything is written.
 */
export class ReportWriter {
  readonly #pdf: PDFDocument;
  readonly #fonts: Fonts;
  #page!: PDFPage;
  #y = 0;
  /** Shown at the top of each new page (what is being listed), in small grey text. */
  runningHead = '';

  constructor(pdf: PDFDocument, fonts: Fonts) {
    this.#pdf = pdf;
    this.#fonts = fonts;
    this.#newPage();
  }

  /** Width of the text column. */
  get measure(): number {
    return PAGE[0] - MARGIN.left - MARGIN.right;
  }

  #font(style: TextStyle): PDFFont {
    return style.bold ? this.#fonts.bold : this.#fonts.regular;
  }

  #newPage(): void {
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
    if (this.#y - height < MARGIN.bottom) this.#newPage();
  }

  space(points: number): void {
    this.#y -= points;
  }

  #line(size: number): number {
    const height = size * 1.4;
    if (this.#y - height < MARGIN.bottom) this.#newPage();
    this.#y -= height;
    return this.#y + size * 0.3;
  }

  /** A paragraph, wrapped to the measure. */
  text(text: string, style: TextStyle = {}): void {
    const font = this.#font(style);
    const size = style.size ?? 10.5;
    const indent = style.indent ?? 0;
    const width = this.measure - indent;
    for (const line of wrap(printable(text, font), font, size, width)) {
      const y = this.#line(size);
      const x = MARGIN.left + indent + (style.align === 'center' ? (width - widthOf(line, font, size)) / 2 : 0);
      if (line) this.#page.drawText(line, { x, y, size, font, color: style.color ?? INK });
    }
  }

  /** A bold label followed on the same line by wrapped text ("Tiếp thu: …"). */
  labelled(label: string, text: string, style: TextStyle & { labelColor?: RGB } = {}): void {
    const size = style.size ?? 10.5;
    const indent = style.indent ?? 0;
    const { bold, regular } = this.#fonts;
    const head = `${printable(label, bold)} `;
    const headWidth = widthOf(head, bold, size);
    const lines = wrap(printable(text, regular), regular, size, this.measure - indent, this.measure - indent - headWidth);
    lines.forEach((line, i) => {
      const y = this.#line(size);
      const x = MARGIN.left + indent;
      if (i === 0) this.#page.drawText(head, { x, y, size, font: bold, color: style.labelColor ?? INK });
      if (line) this.#page.drawText(line, { x: i === 0 ? x + headWidth : x, y, size, font: regular, color: style.color ?? INK });
    });
    if (lines.length === 0) this.#page.drawText(head, { x: MARGIN.left + indent, y: this.#line(size), size, font: bold, color: style.labelColor ?? INK });
  }

  /** A thin horizontal rule across the measure. */
  rule(color: RGB = MUTED): void {
    this.keep(12);
    this.#y -= 6;
    this.#page.drawLine({ start: { x: MARGIN.left, y: this.#y }, end: { x: PAGE[0] - MARGIN.right, y: this.#y }, thickness: 0.6, color });
    this.#y -= 8;
  }

  /** Footer on every page: `left` (cut to fit) and "Trang i/n" on the right. */
  finish(left: string): void {
    const pages = this.#pdf.getPages();
    const { regular } = this.#fonts;
    const size = 8.5;
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
