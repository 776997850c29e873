import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { pdfTextString } from './pdfText.js';
import type { SignatureFieldInfo } from './signatureField.js';

/**
 * A second (third…) signature field added to a PDF that is already signed, as an incremental
 * update: the signed bytes stay exactly as they are and the new objects (signature
 * dictionary, widget, its appearance), the page with the widget in its /Annots and the form
 * with the field in its /Fields are appended after them, with their own cross-reference
 * section pointing back to the previous one (/Prev). The earlier signatures then still cover
 * their revision, and readers list the later ones as added after them: the chair's signature
 * first, the council's seal over it (Decree 30/2020's order).
 *
 * Only files whose last cross-reference section is a table (what this product writes:
 * `save({ useObjectStreams: false })`) are accepted; an xref stream is refused by name.
 */
export interface AppendedField {
  subFilter: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';
  /** Hex digits of room for the CMS in /Contents (as @signpdf counts it: half as many bytes). */
  signatureLength: number;
  appName: string;
  /** The field's name (/T), unique in the form: "Con dau", "Chu toa". */
  fieldName: string;
}

const td = new TextDecoder('latin1');
/** What @signpdf/signpdf looks for and fills (its DEFAULT_BYTE_RANGE_PLACEHOLDER). */
const BYTE_RANGE_PLACEHOLDER = '**********';
/** Annotation flag 3, Print. */
const PRINT = 4;

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

/** The array under `key` of `dict`, with `item` pushed; says which object changed (the array's own, or the holder's). */
function pushInto(doc: PDFDocument, dict: PDFDict, holder: PDFRef, key: string, item: PDFRef, changed: Set<PDFRef>): void {
  const raw = dict.get(PDFName.of(key));
  if (raw instanceof PDFRef) {
    doc.context.lookup(raw, PDFArray).push(item);
    changed.add(raw);
    return;
  }
  if (raw instanceof PDFArray) raw.push(item);
  else dict.set(PDFName.of(key), doc.context.obj([item]));
  changed.add(holder);
}

/** Appends an empty signature field on the last page of a signed PDF; fill it with signPades (it finds the one placeholder). */
export async function appendSignatureField(signed: Uint8Array, info: SignatureFieldInfo, field: AppendedField): Promise<Buffer> {
  const original = Buffer.from(signed);
  const prev = lastStartXref(original);
  if (!td.decode(original.subarray(prev, prev + 4)).startsWith('xref')) throw new Error('the PDF\'s last cross-reference section is a stream; only tables are appended to');
  const doc = await PDFDocument.load(original, { updateMetadata: false });
  const { context } = doc;
  if (context.trailerInfo.Encrypt) throw new Error('an encrypted PDF cannot be signed here');
  const catalogRef = context.trailerInfo.Root as PDFRef;
  const firstNew = context.largestObjectNumber + 1;
  const changed = new Set<PDFRef>();
  const page = doc.getPages().at(-1)!;

  // The form: its fields' names, so the new one is unique.
  const acroRaw = doc.catalog.get(PDFName.of('AcroForm'));
  let acroForm: PDFDict;
  let acroHolder = catalogRef;
  if (acroRaw instanceof PDFRef) {
    acroForm = context.lookup(acroRaw, PDFDict);
    acroHolder = acroRaw;
  } else if (acroRaw instanceof PDFDict) acroForm = acroRaw;
  else {
    acroForm = context.obj({ Fields: [] });
    acroHolder = context.register(acroForm);
    doc.catalog.set(PDFName.of('AcroForm'), acroHolder);
    changed.add(catalogRef);
  }
  const fields = acroForm.lookupMaybe(PDFName.of('Fields'), PDFArray);
  const names = (fields?.asArray() ?? []).map((f) => context.lookupMaybe(f, PDFDict)?.lookupMaybe(PDFName.of('T'), PDFString, PDFHexString)?.decodeText());
  if (names.includes(field.fieldName)) throw new Error(`the PDF already has a field named "${field.fieldName}"`);

  const signature = context.register(context.obj({
    Type: 'Sig', Filter: 'Adobe.PPKLite', SubFilter: field.subFilter,
    ByteRange: [0, PDFName.of(BYTE_RANGE_PLACEHOLDER), PDFName.of(BYTE_RANGE_PLACEHOLDER), PDFName.of(BYTE_RANGE_PLACEHOLDER)],
    Contents: PDFHexString.of('0'.repeat(field.signatureLength)),
    Reason: PDFString.of(pdfTextString(info.reason)), M: PDFString.fromDate(info.signedAt),
    ContactInfo: PDFString.of(pdfTextString(info.contactInfo)), Name: PDFString.of(pdfTextString(info.name)), Location: PDFString.of(pdfTextString(info.location)),
    Prop_Build: { Filter: { Name: 'Adobe.PPKLite' }, App: { Name: field.appName } },
  }));
  const appearance = context.register(context.formXObject([], { BBox: [0, 0, 0, 0], Resources: {} }));
  const widget = context.register(context.obj({
    Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], V: signature, T: PDFString.of(field.fieldName),
    F: PRINT, P: page.ref, AP: { N: appearance },
  }));
  pushInto(doc, page.node, page.ref, 'Annots', widget, changed);
  pushInto(doc, acroForm, acroHolder, 'Fields', widget, changed);
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  changed.add(acroHolder);

  const written = [...new Set([...context.enumerateIndirectObjects().map(([ref]) => ref).filter((ref) => ref.objectNumber >= firstNew), ...changed])];
  const parts: Buffer[] = [original];
  let offset = original.length;
  if (original[original.length - 1] !== 0x0a) {
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
  const trailer = `trailer\n<< /Size ${context.largestObjectNumber + 1} /Root ${catalogRef.toString()}${Info ? ` /Info ${Info.toString()}` : ''}${ID ? ` /ID ${ID.toString()}` : ''} /Prev ${prev} >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xrefTable(entries) + trailer, 'latin1'));
  return Buffer.concat(parts);
}
