import type { FileBytes } from './fileBytes.js';

/** One object's dictionary (its text up to `stream` or `endobj`), and where its stream's data starts. */
export interface PdfObject {
  dict: string;
  streamStart: number | null;
}

/** A dictionary longer than this is read no further (a page's is a few hundred bytes). */
const MAX_DICT_BYTES = 256 * 1024;

/** The object whose `N G obj` is at `offset` (read no further than `end`), or null. */
export async function readObjectAt(bytes: FileBytes, offset: number, end: number): Promise<PdfObject | null> {
  for (let size = 2048; ; size *= 4) {
    const stop = Math.min(end, offset + size);
    const text = (await bytes.read(offset, stop)).toString('latin1');
    const header = /^\s*\d+\s+\d+\s+obj/.exec(text);
    if (!header) return null;
    const close = /(?:^|[^d])stream(\r\n|\n|\r)|endobj/.exec(text.slice(header[0].length));
    if (close) {
      const at = header[0].length + close.index + (close[0].startsWith('stream') || close[0].startsWith('endobj') ? 0 : 1);
      const isStream = close[1] !== undefined;
      return { dict: text.slice(header[0].length, at), streamStart: isStream ? offset + at + 'stream'.length + close[1]!.length : null };
    }
    if (stop >= end || size >= MAX_DICT_BYTES) return null;
  }
}
