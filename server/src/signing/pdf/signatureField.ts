import type { PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { pdfTextString } from './pdfText.js';

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
 * Adds an empty, invisible signature field on the last page (call before saving): its
 * /Contents holds `signatureLength` bytes for the CMS, filled after the file is saved.
 */
export function addSignatureField(pdf: PDFDocument, info: SignatureFieldInfo, field: { subFilter: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached'; signatureLength: number; appName: string }): void {
  const pages = pdf.getPages();
  pdflibAddPlaceholder({
    pdfPage: pages[pages.length - 1]!,
    reason: pdfTextString(info.reason),
    name: pdfTextString(info.name),
    location: pdfTextString(info.location),
    contactInfo: pdfTextString(info.contactInfo),
    signingTime: info.signedAt,
    signatureLength: field.signatureLength,
    subFilter: field.subFilter,
    appName: field.appName,
  });
}
