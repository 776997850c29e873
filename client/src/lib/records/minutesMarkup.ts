/**
 * The minutes text's Markdown subset (server/src/records/minutes/minutesText.ts) parsed into
 * blocks the page renders as Svelte elements: no HTML string is ever built from the text, so
 * whatever a secretary types (`<script>`, `<img onerror>`) shows as text. Only what the
 * generator writes is recognised: `#`, `##`, `###` headings, `- ` items with `  ` continued
 * lines, `**bold**`, paragraphs; a line of anything else is a paragraph of its own.
 */

/** A run of text, bold or not. */
export interface Run { text: string; bold: boolean }
export type Block =
  | { kind: 'title' | 'section' | 'subsection' | 'paragraph'; runs: Run[] }
  | { kind: 'list'; items: Run[][][] };

/** `**bold**` runs; an unpaired `**` stays as typed. */
export function runs(text: string): Run[] {
  const out: Run[] = [];
  const re = /\*\*(.+?)\*\*/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), bold: false });
    out.push({ text: m[1]!, bold: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), bold: false });
  return out;
}

const HEADINGS: Array<[string, 'title' | 'section' | 'subsection']> = [['### ', 'subsection'], ['## ', 'section'], ['# ', 'title']];

export function parseMinutes(text: string): Block[] {
  const blocks: Block[] = [];
  // The list being filled: each item is its lines (the first, then continued ones).
  let list: Run[][][] | null = null;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const heading = HEADINGS.find(([mark]) => line.startsWith(mark));
    if (heading) {
      list = null;
      blocks.push({ kind: heading[1], runs: runs(line.slice(heading[0].length)) });
    } else if (line.startsWith('- ')) {
      if (!list) blocks.push({ kind: 'list', items: (list = []) });
      list.push([runs(line.slice(2))]);
    } else if (line.startsWith('  ') && line.trim() && list && list.length > 0) {
      list[list.length - 1]!.push(runs(line.trim()));
    } else if (line.trim() === '') {
      list = null;
    } else {
      list = null;
      blocks.push({ kind: 'paragraph', runs: runs(line.trim()) });
    }
  }
  return blocks;
}
