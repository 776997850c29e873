import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, type PDFObject } from 'pdf-lib';

/**
 * What an incremental update changed in a PDF, judged against the file before it: allowed are
 * what adding a signature takes (a signature field and its widget on a page, the form that
 * lists it, their appearances) and validation data (a DSS); any other object changed or
 * removed — page content, resources, another annotation, the document's text — is a change
 * to the document and named. A page may gain signature widgets in /Annots and nothing else;
 * the catalog may gain /AcroForm, /DSS and /Extensions; the form /Fields, /SigFlags, /DR and
 * /DA. New objects are allowed (nothing else can reach them). Returns null when only signing
 * happened.
 */

const PAGE_KEYS = new Set(['Annots']);
const CATALOG_KEYS = new Set(['AcroForm', 'DSS', 'Extensions']);
const FORM_KEYS = new Set(['Fields', 'SigFlags', 'DR', 'DA']);

const text = (o: PDFObject | undefined) => (o === undefined ? '' : o.toString());

/** The two dictionaries are the same but for `allowed` keys. */
function sameBut(a: PDFDict, b: PDFDict, allowed: Set<string>): boolean {
  const keys = new Set([...a.keys(), ...b.keys()].map((k) => k.asString().slice(1)));
  for (const key of keys) {
    if (allowed.has(key)) continue;
    if (text(a.get(PDFName.of(key))) !== text(b.get(PDFName.of(key)))) return false;
  }
  return true;
}

/** A signature widget (the field itself, or a widget whose parent is a signature field). */
function isSignatureWidget(doc: PDFDocument, ref: PDFObject): boolean {
  const d = doc.context.lookupMaybe(ref, PDFDict);
  if (!d || d.get(PDFName.of('Subtype'))?.toString() !== '/Widget') return false;
  const parent = d.lookupMaybe(PDFName.of('Parent'), PDFDict);
  return (d.get(PDFName.of('FT')) ?? parent?.get(PDFName.of('FT')))?.toString() === '/Sig';
}

/** The entries of `after` not in `before` (as references' text), or null when `before` lost any. */
function added(before: PDFArray | undefined, after: PDFArray | undefined): PDFObject[] | null {
  const old = (before?.asArray() ?? []).map(text);
  const now = after?.asArray() ?? [];
  if (!old.every((o) => now.some((n) => text(n) === o))) return null;
  return now.filter((n) => !old.includes(text(n)));
}

export async function changesBeyondSigning(beforeBytes: Uint8Array, afterBytes: Uint8Array): Promise<string | null> {
  const before = await PDFDocument.load(beforeBytes, { updateMetadata: false });
  const after = await PDFDocument.load(afterBytes, { updateMetadata: false });
  const catalog = before.context.trailerInfo.Root as PDFRef;
  const pages = new Set(before.getPages().map((p) => p.ref.toString()));
  const form = before.catalog.get(PDFName.of('AcroForm'));
  // Arrays held by reference as a page's /Annots or the form's /Fields.
  const listRefs = new Map<string, 'annots' | 'fields'>();
  for (const p of before.getPages()) { const a = p.node.get(PDFName.of('Annots')); if (a instanceof PDFRef) listRefs.set(a.toString(), 'annots'); }
  const formDict = before.context.lookupMaybe(form, PDFDict);
  const fieldsRef = formDict?.get(PDFName.of('Fields'));
  if (fieldsRef instanceof PDFRef) listRefs.set(fieldsRef.toString(), 'fields');

  const widgetsOnly = (list: PDFObject[] | null) => list !== null && list.every((x) => isSignatureWidget(after, x));
  for (const [ref, old] of before.context.enumerateIndirectObjects()) {
    const now = after.context.lookup(ref);
    const id = ref.toString();
    if (now === undefined) return `đối tượng ${id} bị xóa`;
    if (text(old) === text(now)) continue;
    if (old instanceof PDFDict && now instanceof PDFDict) {
      if (pages.has(id) && sameBut(old, now, PAGE_KEYS) && widgetsOnly(added(old.lookupMaybe(PDFName.of('Annots'), PDFArray), after.context.lookupMaybe(now.get(PDFName.of('Annots')), PDFArray)))) continue;
      if (id === catalog.toString() && sameBut(old, now, CATALOG_KEYS)) continue;
      if (form instanceof PDFRef && id === form.toString() && sameBut(old, now, FORM_KEYS)) continue;
    }
    if (old instanceof PDFArray && now instanceof PDFArray && listRefs.has(id) && widgetsOnly(added(old, now))) continue;
    return pages.has(id) ? `trang ${[...pages].indexOf(id) + 1} bị thay đổi` : `đối tượng ${id} bị thay đổi`;
  }
  // A form that was inline in the catalog: its new /Fields may only add signature widgets.
  const newForm = after.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  if (newForm && !(form instanceof PDFRef) && !widgetsOnly(added(formDict?.lookupMaybe(PDFName.of('Fields'), PDFArray), newForm.lookupMaybe(PDFName.of('Fields'), PDFArray)))) {
    return 'biểu mẫu (AcroForm) có trường không phải chữ ký';
  }
  return null;
}
