import type { ReportWriter } from '../../platform/pdf/writer.js';

/** About 1 cm: the first-line indent of a paragraph. */
const INDENT = 28;

/** `**bold**` marks are for the screen; the PDF sets the words plainly. */
const plain = (s: string) => s.replace(/\*\*(.+?)\*\*/g, '$1');

/** The body: numbered sections and sub-sections in bold, items as dashes, paragraphs justified with a first-line indent. */
export function markupBody(w: ReportWriter, text: string): void {
  for (const raw of text.split('\n')) {
    const line = plain(raw);
    if (line.startsWith('# ')) w.text(line.slice(2), { bold: true, align: 'center' });
    else if (line.startsWith('## ')) { w.keep(60); w.space(6); w.text(line.slice(3), { bold: true }); }
    else if (line.startsWith('### ')) { w.keep(48); w.space(2); w.text(line.slice(4), { bold: true, italic: true, firstIndent: INDENT }); }
    else if (line.startsWith('- ')) w.text(`- ${line.slice(2)}`, { firstIndent: INDENT, align: 'justify' });
    else if (line.startsWith('  ')) w.text(line.trim(), { indent: INDENT + 10, align: 'justify', size: 12 });
    else if (line.trim() === '') w.space(4);
    else w.text(line, { firstIndent: INDENT, align: 'justify' });
  }
}

