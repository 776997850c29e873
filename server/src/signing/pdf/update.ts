import { PDFDocument, type PDFObject, type PDFRef } from 'pdf-lib';

/**
 * An incremental update of a PDF (ISO 32000-1 §7.5.6): the original bytes stay exactly as
 * they are and the new and changed objects are appended after them, with their own
 * cross-reference table pointing back to the previous one (/Prev). What a later signature,
 * or validation data for an archive, is added with, so earlier signatures still cover their
 * revision. Only files whose last cross-reference section is a table (what this product
 * writes: `save({ useObjectStreams: false })`) are accepted; an xref stream is refused by name.
 */
export interface OpenedUpdate {
  original: Buffer;
  doc: PDFDocument;
  catalogRef: PDFRef;
  /** Objects numbered from here on are new. */
  firstNew: number;
  /** Offset of the previous cross-reference section. */
  prev: number;
}

const td = new TextDecoder('latin1');

/** Offset of the last cross-reference section (the number after the last `startxref`). */
function lastStartXref(pdf: Buffer): number {
  const tail = td.decode(pdf.subarray(Math.max(0, pdf.length - 1024)));
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) throw new Error('the PDF does not end with startxref … %%EOF');
  return Number(m[1]);
}

function serialize(ref: PDFRef, obj: PDFObject): Buffer {
  const body = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(body, 0);
  return Buffer.concat([Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
}

/** The classic table for the written objects: one subsection per run of consecutive numbers. */
function xrefTable(entries: Array<{ ref: PDFRef; offset: number }>): string {
  const sorted = [...entries].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber);
  let out = 'xref\n';
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.ref.objectNumber === sorted[j]!.ref.objectNumber + 1) j++;
    out += `${sorted[i]!.ref.objectNumber} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) out += `${String(sorted[k]!.offset).padStart(10, '0')} ${String(sorted[k]!.ref.generationNumber).padStart(5, '0')} n\r\n`;
    i = j + 1;
  }
  return out;
}

/** Loads a PDF to change it by an incremental update. */
export async function openForUpdate(pdf: Uint8Array): Promise<OpenedUpdate> {
  const original = Buffer.from(pdf);
  const prev = lastStartXref(original);
  if (!td.decode(original.subarray(prev, prev + 4)).startsWith('xref')) throw new Error('the PDF\'s last cross-reference section is a stream; only tables are appended to');
  const doc = await PDFDocument.load(original, { updateMetadata: false });
  if (doc.context.trailerInfo.Encrypt) throw new Error('an encrypted PDF cannot be signed here');
  return { original, doc, catalogRef: doc.context.trailerInfo.Root as PDFRef, firstNew: doc.context.largestObjectNumber + 1, prev };
}

/** The original bytes, then every new object and those in `changed`, their table and the trailer. */
export function writeUpdate(u: OpenedUpdate, changed: Iterable<PDFRef>): Buffer {
  const { context } = u.doc;
  const written = [...new Set([...context.enumerateIndirectObjects().map(([ref]) => ref).filter((ref) => ref.objectNumber >= u.firstNew), ...changed])];
  const parts: Buffer[] = [u.original];
  let offset = u.original.length;
  if (u.original[u.original.length - 1] !== 0x0a) {
    parts.push(Buffer.from('\n'));
    offset += 1;
  }
  const entries: Array<{ ref: PDFRef; offset: number }> = [];
  for (const ref of written) {
    const bytes = serialize(ref, context.lookup(ref)!);
    entries.push({ ref, offset });
    parts.push(bytes);
    offset += bytes.length;
  }
  const { Info, ID } = context.trailerInfo;
  const trailer = `trailer\n<< /Size ${context.largestObjectNumber + 1} /Root ${u.catalogRef.toString()}${Info ? ` /Info ${Info.toString()}` : ''}${ID ? ` /ID ${ID.toString()}` : ''} /Prev ${u.prev} >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xrefTable(entries) + trailer, 'latin1'));
  return Buffer.concat(parts);
}
