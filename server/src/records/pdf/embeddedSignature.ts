import type { PDFDocument } from 'pdf-lib';
import { addSignatureField, type SignatureFieldInfo } from '../../signing/pdf/signatureField.js';
import type { FieldAppearance } from '../../signing/pdf/appearance.js';
import { SignPdf } from '@signpdf/signpdf';
import { CouncilP12Signer } from './p12Signer.js';

/**
 * The signature embedded in the minutes PDF, which PDF readers show (PAdES-style: an
 * AcroForm signature field whose /Contents is a CMS SignedData over the file's /ByteRange).
 * Sub-filter adbe.pkcs7.detached: @signpdf/placeholder-pdf-lib can write ETSI.CAdES.detached,
 * but the P12 signer (node-forge) makes a plain PKCS#7 (with the signing-time attribute and
 * without the ESS signing-certificate-v2 attribute that CAdES requires), so calling it CAdES
 * would be untrue. The widget is invisible unless an appearance is given (the seal's look).
 * This is the development file signer's path; with a PKCS#11 seal configured the minutes are
 * signed as PAdES by server/src/signing instead (records/signing/pdfSealing.ts).
 */

export type PlaceholderInfo = SignatureFieldInfo;

/** Room for the CMS (about 1.9 KB with one 2048-bit certificate), as bytes. */
export const DEVELOPMENT_SIGNATURE_LENGTH = 8192;

/** Adds the (empty) signature field, invisible on the last page or shown as `appearance` says; call before saving. */
export function addSignaturePlaceholder(pdf: PDFDocument, info: PlaceholderInfo, appearance?: FieldAppearance): Promise<void> {
  return addSignatureField(pdf, info, { subFilter: 'adbe.pkcs7.detached', signatureLength: DEVELOPMENT_SIGNATURE_LENGTH, appName: 'HDND so' }, appearance);
}

/** Fills the placeholder of a saved PDF with a CMS signature made with the PKCS#12 identity. */
export async function signPlaceholder(pdf: Uint8Array, p12: Buffer, password: string, signedAt: Date): Promise<Buffer> {
  return new SignPdf().sign(Buffer.from(pdf), new CouncilP12Signer(p12, password), signedAt);
}
