import type { KeyObject } from 'node:crypto';
import type { PDFDocument } from 'pdf-lib';
import type { Deps } from '../../app/deps.js';
import { AppError } from '../../platform/errors.js';
import { SigningError } from '../../signing/errors.js';
import { addPadesPlaceholder, PADES_SIGNATURE_LENGTH, signPades, type PadesFieldInfo } from '../../signing/pdf/pades.js';
import { appendSignatureField } from '../../signing/pdf/incremental.js';
import type { FieldAppearance } from '../../signing/pdf/appearance.js';
import { APP_NAME, DEVELOPMENT_APP_NAME } from '../../signing/pdf/appName.js';
import { sealSettingsOf, trustAnchorsOf } from '../../signing/settings.js';
import { extendForArchive } from '../../signing/ltv/longTerm.js';
import { openSealSigner } from './sealSigner.js';
import { certificateFingerprint, pemOf } from '../../signing/certificates.js';
import { councilPdfIdentity } from './pdfSigningIdentity.js';
import { addSignaturePlaceholder, DEVELOPMENT_SIGNATURE_LENGTH, signPlaceholder } from '../pdf/embeddedSignature.js';

/** The seal's field name when it is added after a person's signature. */
const SEAL_FIELD = 'Con dau';

/**
 * How a council's minutes PDF is sealed (the signature embedded in the file): as PAdES (B-T
 * when a timestamp authority is configured, then B-LT with the paths' certificates and CRLs
 * unless SIGNING_LTV=off, then B-LTA with a document timestamp unless SIGNING_LTA=off) with
 * the seal key on a PKCS#11 token
 * (SIGNING_PKCS11_MODULE) or at a remote signing service (SIGNING_CSC_URL); otherwise with the
 * development file signer (a self-signed PKCS#12 beside the Ed25519 key, adbe.pkcs7.detached).
 */
export interface PdfSealing {
  /** SHA-256 of the certificate that seals (printed in the signature block). */
  certificateFingerprint: string;
  /** Adds the empty signature field (shown as `appearance` says, else invisible); call before saving. */
  addPlaceholder(doc: PDFDocument, info: PadesFieldInfo, appearance?: FieldAppearance): Promise<void>;
  /** A signed PDF with the seal's empty field appended after its signatures (the seal over the chair's signature). */
  appendPlaceholder(signed: Uint8Array, info: PadesFieldInfo, appearance?: FieldAppearance): Promise<Buffer>;
  /** The signed PDF, or an error (nothing half-signed). */
  sign(prepared: Uint8Array): Promise<Buffer>;
  close(): Promise<void>;
}

/** A token or timestamp failure, for the secretary: 503 with the Vietnamese reason. */
const asAppError = (err: unknown) => (err instanceof SigningError ? new AppError('not_ready', err.message) : err);

export async function openPdfSealing(deps: Deps, council: { _id: unknown; name: string }, ed25519: KeyObject | null, signedAt: Date): Promise<PdfSealing> {
  const councilId = String(council._id);
  const seal = await sealSettingsOf(deps.config, councilId);
  if (!seal) {
    if (!ed25519) throw new Error('the development PDF identity needs the council\'s file key'); // a token's key comes with a token seal
    const identity = await councilPdfIdentity(deps, council, ed25519);
    return {
      certificateFingerprint: identity.certificate.fingerprint,
      addPlaceholder: (doc, info, appearance) => addSignaturePlaceholder(doc, info, appearance),
      appendPlaceholder: (signed, info, appearance) => appendSignatureField(signed, info, { subFilter: 'adbe.pkcs7.detached', signatureLength: DEVELOPMENT_SIGNATURE_LENGTH, appName: 'HDND so', fieldName: SEAL_FIELD }, appearance),
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
    addPlaceholder: (doc, info, appearance) => addPadesPlaceholder(doc, info, { development: signer.development }, appearance),
    appendPlaceholder: (signed, info, appearance) => appendSignatureField(signed, info, { subFilter: 'ETSI.CAdES.detached', signatureLength: PADES_SIGNATURE_LENGTH, appName: signer.development ? DEVELOPMENT_APP_NAME : APP_NAME, fieldName: SEAL_FIELD }, appearance),
    sign: async (prepared) => {
      try {
        const signed = await signPades(prepared, { signer, scheme: seal.scheme, ...(seal.tsa ? { tsa: seal.tsa } : {}) });
        // B-T, then B-LT (the paths' certificates and CRLs) and B-LTA (a document timestamp over them) for the archive.
        if (!seal.tsa || seal.ltv === 'off') return signed;
        return await extendForArchive(signed, {
          tsa: seal.tsa, ltv: seal.ltv, lta: seal.lta, anchors: await trustAnchorsOf(deps.config.SIGNING_TRUST_ANCHORS),
          warn: (reason, message) => deps.log.warn({ reason }, message),
        });
      } catch (err) {
        throw asAppError(err);
      }
    },
    close: () => signer.close(),
  };
}
