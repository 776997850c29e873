import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFContext, type PDFDocument } from 'pdf-lib';
import { pdfTextString } from './pdfText.js';
import type { SignatureFieldInfo } from './signatureField.js';
import { showWidget, type FieldAppearance } from './appearance.js';
import { openForUpdate, writeUpdate } from './update.js';

/**
 * A second (third…) signature field added to a PDF that is already signed, as an incremental
 * update (update.ts): the new objects (signature dictionary, widget, its appearance), the page
 * with the widget in its /Annots and the form with the field in its /Fields are appended.
 * The earlier signatures then still cover their revision, and readers list the later ones as
 * added after them: the chair's signature first, the council's seal over it (Decree
 * 30/2020's order).
 */
export interface AppendedField {
  subFilter: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';
  /** Hex digits of room for the CMS in /Contents (as @signpdf counts it: half as many bytes). */
  signatureLength: number;
  appName: string;
  /** The field's name (/T), unique in the form: "Con dau", "Chu toa". */
  fieldName: string;
}

/** What @signpdf/signpdf looks for and fills (its DEFAULT_BYTE_RANGE_PLACEHOLDER). */
const BYTE_RANGE_PLACEHOLDER = '**********';
/** Annotation flag 3, Print. */
const PRINT = 4;

/** A dictionary as pdf-lib's `context.obj` takes it. */
export type DictLiteral = NonNullable<Parameters<PDFContext['stream']>[1]>;

/** A /ByteRange placeholder that @signpdf finds and fills (put it before /Contents). */
export const byteRangePlaceholder = () => [0, PDFName.of(BYTE_RANGE_PLACEHOLDER), PDFName.of(BYTE_RANGE_PLACEHOLDER), PDFName.of(BYTE_RANGE_PLACEHOLDER)];

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

/**
 * Appends an empty signature field to a signed PDF, invisible on the last page or shown as
 * `appearance` says; fill it with signPades (it finds the one placeholder).
 */
export function appendSignatureField(signed: Uint8Array, info: SignatureFieldInfo, field: AppendedField, appearance?: FieldAppearance): Promise<Buffer> {
  return appendEmptyField(signed, () => field.fieldName, {
    Type: 'Sig', Filter: 'Adobe.PPKLite', SubFilter: field.subFilter,
    ByteRange: byteRangePlaceholder(), Contents: PDFHexString.of('0'.repeat(field.signatureLength)),
    Reason: PDFString.of(pdfTextString(info.reason)), M: PDFString.fromDate(info.signedAt),
    ContactInfo: PDFString.of(pdfTextString(info.contactInfo)), Name: PDFString.of(pdfTextString(info.name)), Location: PDFString.of(pdfTextString(info.location)),
    Prop_Build: { Filter: { Name: 'Adobe.PPKLite' }, App: { Name: field.appName } },
  }, appearance);
}

/**
 * Appends a field whose value (/V) is the dictionary `value` (a signature's, a document
 * timestamp's: its /ByteRange the placeholder before its /Contents), named `nameFor(the
 * form's field names)`, which must be new; invisible on the last page unless `appearance`
 * (`none`: not even an empty appearance stream, as ISO 32000-2 has it for a document timestamp).
 */
export async function appendEmptyField(signed: Uint8Array, nameFor: (taken: Array<string | undefined>) => string, value: DictLiteral, appearance?: FieldAppearance | 'none'): Promise<Buffer> {
  const update = await openForUpdate(signed);
  const { doc, catalogRef } = update;
  const { context } = doc;
  const changed = new Set<PDFRef>();
  const pages = doc.getPages();
  const look = appearance === 'none' ? undefined : appearance;
  const page = pages[look?.page ?? pages.length - 1];
  if (!page) throw new Error(`the PDF has no page ${look?.page}`);

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
  const fieldName = nameFor(names);
  if (names.includes(fieldName)) throw new Error(`the PDF already has a field named "${fieldName}"`);

  const signature = context.register(context.obj(value));
  const widgetDict = context.obj({
    Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], V: signature, T: PDFString.of(fieldName),
    F: PRINT, P: page.ref,
  });
  if (look) await showWidget(doc, widgetDict, look);
  else if (appearance !== 'none') widgetDict.set(PDFName.of('AP'), context.obj({ N: context.register(context.formXObject([], { BBox: [0, 0, 0, 0], Resources: {} })) }));
  const widget = context.register(widgetDict);
  pushInto(doc, page.node, page.ref, 'Annots', widget, changed);
  pushInto(doc, acroForm, acroHolder, 'Fields', widget, changed);
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  changed.add(acroHolder);

  return writeUpdate(update, changed);
}
