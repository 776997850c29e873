import { PDFArray, PDFDict, PDFName, type PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { pdfTextString } from './pdfText.js';
import { showWidget, type FieldAppearance } from './appearance.js';

/** What a PDF reader lists about a signature, from its signature dictionary. */
export interface SignatureFieldInfo {
  reason: string;
  /** Who signs, as readers list it. */
  name: string;
  location: string;
  contactInfo: string;
  signedAt: Date;
}

/**
 * Adds an empty signature field (call before saving): its /Contents holds `signatureLength`
 * bytes for the CMS, filled after the file is saved. Invisible on the last page, or shown
 * where and as `appearance` says.
 */
export async function addSignatureField(pdf: PDFDocument, info: SignatureFieldInfo,
  field: { subFilter: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached'; signatureLength: number; appName: string }, appearance?: FieldAppearance): Promise<void> {
  const pages = pdf.getPages();
  const page = pages[appearance?.page ?? pages.length - 1]!;
  pdflibAddPlaceholder({
    pdfPage: page,
    reason: pdfTextString(info.reason),
    name: pdfTextString(info.name),
    location: pdfTextString(info.location),
    contactInfo: pdfTextString(info.contactInfo),
    signingTime: info.signedAt,
    signatureLength: field.signatureLength,
    subFilter: field.subFilter,
    appName: field.appName,
  });
  if (!appearance) return;
  // The widget pdflibAddPlaceholder just appended to the page.
  const widget = pdf.context.lookup(page.node.lookup(PDFName.of('Annots'), PDFArray).asArray().at(-1)!, PDFDict);
  await showWidget(pdf, widget, appearance);
}
