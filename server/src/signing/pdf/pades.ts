import { createHash } from 'node:crypto';
import type { PDFDocument } from 'pdf-lib';
import { SignPdf, Signer as SignPdfSigner } from '@signpdf/signpdf';
import { nodeHash, type SignatureScheme, type Signer } from '../signer.js';
import { cadesDetached } from '../cms/cades.js';
import { requestTimestamp, type TsaSettings } from '../tsa/tsaClient.js';
import { signingErrors } from '../errors.js';
import { addSignatureField, type SignatureFieldInfo } from './signatureField.js';
import { APP_NAME, DEVELOPMENT_APP_NAME } from './appName.js';
import type { FieldAppearance } from './appearance.js';

/**
 * PAdES baseline signatures (ETSI EN 319 142-1): an AcroForm signature field whose /Contents
 * is a detached CAdES over the file's /ByteRange, /SubFilter /ETSI.CAdES.detached; B-T when
 * a timestamp authority is configured. The signature dictionary's /M is the claimed signing
 * time (the CMS carries none). @signpdf writes the placeholder and fills it; the CMS is ours.
 */

export type PadesFieldInfo = SignatureFieldInfo;

/** Room for the CMS, bytes: a chain of three 2048-bit certificates and a timestamp token with its TSA chain take about 8 KB; a real CA chain and revocation data may come later. */
export const PADES_SIGNATURE_LENGTH = 24_576;


/** Adds the (empty) PAdES signature field, invisible on the last page or shown as `appearance` says; call before saving. */
export function addPadesPlaceholder(pdf: PDFDocument, info: PadesFieldInfo, options: { development: boolean }, appearance?: FieldAppearance): Promise<void> {
  return addSignatureField(pdf, info, { subFilter: 'ETSI.CAdES.detached', signatureLength: PADES_SIGNATURE_LENGTH, appName: options.development ? DEVELOPMENT_APP_NAME : APP_NAME }, appearance);
}

export interface PadesOptions {
  signer: Signer;
  scheme: SignatureScheme;
  /** Absent: PAdES B-B (no timestamp); production configures one (B-T). */
  tsa?: TsaSettings;
}

/** @signpdf's signer seam: given the covered bytes, our CAdES. */
class CadesForSignPdf extends SignPdfSigner {
  readonly #options: PadesOptions;

  constructor(options: PadesOptions) {
    super();
    this.#options = options;
  }

  override async sign(content: Buffer): Promise<Buffer> {
    const { signer, scheme, tsa } = this.#options;
    const digest = createHash(nodeHash(scheme.hash)).update(content).digest();
    const cms = await cadesDetached(digest, { signer, scheme, ...(tsa ? { timestamp: (value: Buffer) => requestTimestamp(value, tsa) } : {}) });
    if (cms.length > PADES_SIGNATURE_LENGTH) throw signingErrors.signatureTooLarge(cms.length, PADES_SIGNATURE_LENGTH);
    return cms;
  }
}

/**
 * Signs a saved PDF holding the placeholder. Either the whole signed file comes back or an
 * error is thrown (a SigningError in Vietnamese when the token or the timestamp authority
 * fails): there is no half-signed result to store.
 */
export function signPades(pdf: Uint8Array, options: PadesOptions): Promise<Buffer> {
  return new SignPdf().sign(Buffer.from(pdf), new CadesForSignPdf(options));
}
