import type { PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { CouncilP12Signer } from './p12Signer.js';

/**
 * The signature embedded in the minutes PDF, which PDF readers show (PAdES-style: an
 * AcroForm signature field whose /Contents is a CMS SignedData over the file's /ByteRange).
 * Sub-filter adbe.pkcs7.detached: @signpdf/placeholder-pdf-lib can write ETSI.CAdES.detached,
 * but the P12 signer (node-forge) makes a plain PKCS#7 (with the signing-time attribute and
 * without the ESS signing-certificate-v2 attribute that CAdES requires), so calling it CAdES
 * would be untrue. The widget is invisible: the visible signature block is drawn in the text.
 */

export interface PlaceholderInfo {
  reason: string;
  name: string;
  location: string;
  contactInfo: string;
  signedAt: Date;
}

/** Room for the CMS (about 1.9 KB with one 2048-bit certificate), as bytes. */
const SIGNATURE_LENGTH = 8192;

/**
 * A PDF text string for pdf-lib's PDFString (which writes char codes as bytes, unescaped):
 * UTF-16BE with its byte-order mark, and the bytes that are special in a literal string
 * escaped, so Vietnamese letters survive (Ĩ is 01 28, a "(").
 */
export function pdfTextString(text: string): string {
  let out = '\\376\\377';
  const escape: Record<number, string> = { 0x28: '\\(', 0x29: '\\)', 0x5c: '\\\\', 0x0d: '\\r', 0x0a: '\\n' };
  for (const unit of Buffer.from(text, 'utf16le').swap16()) out += escape[unit] ?? String.fromCharCode(unit);
  return out;
}

/** Adds the (empty) signature field on the last page; call before saving. */
export function addSignaturePlaceholder(pdf: PDFDocument, info: PlaceholderInfo): void {
  const pages = pdf.getPages();
  pdflibAddPlaceholder({
    pdfPage: pages[pages.length - 1]!,
    reason: pdfTextString(info.reason),
    name: pdfTextString(info.name),
    location: pdfTextString(info.location),
    contactInfo: pdfTextString(info.contactInfo),
    signingTime: info.signedAt,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: 'adbe.pkcs7.detached',
    appName: 'HDND so',
  });
}

/** Fills the placeholder of a saved PDF with a CMS signature made with the PKCS#12 identity. */
export async function signPlaceholder(pdf: Uint8Array, p12: Buffer, password: string, signedAt: Date): Promise<Buffer> {
  return new SignPdf().sign(Buffer.from(pdf), new CouncilP12Signer(p12, password), signedAt);
}
