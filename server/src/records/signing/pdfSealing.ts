import type { KeyObject } from 'node:crypto';
import type { PDFDocument } from 'pdf-lib';
import type { Deps } from '../../app/deps.js';
import { AppError } from '../../platform/errors.js';
import { SigningError } from '../../signing/errors.js';
import { addPadesPlaceholder, PADES_SIGNATURE_LENGTH, signPades, type PadesFieldInfo } from '../../signing/pdf/pades.js';
import { appendSignatureField } from '../../signing/pdf/incremental.js';
import { APP_NAME, DEVELOPMENT_APP_NAME } from '../../signing/pdf/appName.js';
import { sealSettingsOf } from '../../signing/settings.js';
import { openSealSigner } from './sealSigner.js';
import { certificateFingerprint, pemOf } from '../../signing/certificates.js';
import { councilPdfIdentity } from './pdfSigningIdentity.js';
import { addSignaturePlaceholder, DEVELOPMENT_SIGNATURE_LENGTH, signPlaceholder } from '../pdf/embeddedSignature.js';

/** The seal's field name when it is added after a person's signature. */
const SEAL_FIELD = 'Con dau';

/**
 * How a council's minutes PDF is sealed (the signature embedded in the file): as PAdES (B-T
 * when a timestamp authority is configured) with the seal key on a PKCS#11 token
 * (SIGNING_PKCS11_MODULE) or at a remote signing service (SIGNING_CSC_URL); otherwise with the
 * development file signer (a self-signed PKCS#12 beside the Ed25519 key, adbe.pkcs7.detached).
 */
export interface PdfSealing {
  /** SHA-256 of the certificate that seals (printed in the signature block). */
  certificateFingerprint: string;
  /** Adds the empty signature field; call before saving. */
  addPlaceholder(doc: PDFDocument, info: PadesFieldInfo): void;
  /** A signed PDF with the seal's empty field appended after its signatures (the seal over the chair's signature). */
  appendPlaceholder(signed: Uint8Array, info: PadesFieldInfo): Promise<Buffer>;
  /** The signed PDF, or an error (nothing half-signed). */
  sign(prepared: Uint8Array): Promise<Buffer>;
  close(): Promise<void>;
}

/** A token or timestamp failure, for the secretary: 503 with the Vietnamese reason. */
const asAppError = (err: unknown) => (err instanceof SigningError ? new AppError('not_ready', err.message) : err);

export async function openPdfSealing(deps: Deps, council: { _id: unknown; name: string }, ed25519: KeyObject, signedAt: Date): Promise<PdfSealing> {
  const councilId = String(council._id);
  const seal = await sealSettingsOf(deps.config, councilId);
  if (!seal) {
    const identity = await councilPdfIdentity(deps, council, ed25519);
    return {
      certificateFingerprint: identity.certificate.fingerprint,
      addPlaceholder: (doc, info) => addSignaturePlaceholder(doc, info),
      appendPlaceholder: (signed, info) => appendSignatureField(signed, info, { subFilter: 'adbe.pkcs7.detached', signatureLength: DEVELOPMENT_SIGNATURE_LENGTH, appName: 'HDND so', fieldName: SEAL_FIELD }),
      sign: (prepared) => signPlaceholder(prepared, identity.p12, identity.password, signedAt),
      close: async () => {},
    };
  }
  const signer = await openSealSigner(seal.key).catch((err: unknown) => { throw asAppError(err); });
  const der = Buffer.from(signer.chain[0]!);
  const fingerprint = certificateFingerprint(der);
  // A CA-issued seal certificate is renewed in place: the council's registered PDF certificate follows the token's.
  await deps.models.SigningKey.updateOne({ _id: councilId, 'pdfCertificate.fingerprint': { $ne: fingerprint } },
    { $set: { pdfCertificate: { pem: pemOf(der), fingerprint, createdAt: new Date() } } });
  return {
    certificateFingerprint: fingerprint,
    addPlaceholder: (doc, info) => addPadesPlaceholder(doc, info, { development: signer.development }),
    appendPlaceholder: (signed, info) => appendSignatureField(signed, info, { subFilter: 'ETSI.CAdES.detached', signatureLength: PADES_SIGNATURE_LENGTH, appName: signer.development ? DEVELOPMENT_APP_NAME : APP_NAME, fieldName: SEAL_FIELD }),
    sign: (prepared) => signPades(prepared, { signer, scheme: seal.scheme, ...(seal.tsa ? { tsa: seal.tsa } : {}) }).catch((err: unknown) => { throw asAppError(err); }),
    close: () => signer.close(),
  };
}
