import { Types } from 'mongoose';
import type { Role } from '../../../../contract/roles.js';
import type { SignatureRecord } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import { errors } from '../../platform/errors.js';
import { appendAudit } from '../../audit/append.js';
import { storeFileOnce } from '../export/gridFile.js';
import { latestGenerated, latestRevision, inMinutesQueue, revisionsOf } from '../minutes/minutesStore.js';
import { buildMinutesPdf } from '../pdf/minutesPdf.js';
import { councilKey } from './signingKeys.js';
import { openPdfSealing } from './pdfSealing.js';
import { openPersonSigner } from './personSigning.js';
import { signMinutesPdf } from './minutesPdfSigning.js';
import { sha256Hex, signPayload } from './signature.js';
import { recordErrors } from '../errors.js';
import { minutesFileName } from '../export/fileNames.js';
import { chains } from '../../audit/chains.js';
import { minutesHeading } from '../minutes/heading.js';
import { minutesNumber } from '../minutes/minutesNumber.js';

/** A stored signature (the minutes_signatures document). */
export interface SignatureLean {
  _id: string; sessionId: string; councilId: string; revision: number; fileId: Types.ObjectId; fileName: string;
  sha256: string; bytes: number; record: SignatureRecord; signedAt: Date; signedBy: Types.ObjectId;
}

export const signatureOf = (deps: Deps, sittingId: string) => deps.models.MinutesSignature.findById(sittingId).lean<SignatureLean>();

/**
 * Signs revision `revision` (the one the signer reviewed, which must be the latest) once the
 * sitting has closed: renders the final PDF with the signature block, stores it in GridFS,
 * signs its SHA-256 with the council's key, and records the signature under _id = sittingId
 * (written once: a second signer gets the first signature back, or a conflict if they
 * reviewed another revision). Acknowledged after the signature is stored and audited. With
 * person signing configured the signer signs first with their own certificate (`secrets`: the
 * PIN/OTP they typed), the seal after.
 */
export function signMinutes(deps: Deps, sittingId: string, signer: { userId: string; role: Role }, revision: number, secrets: { pin?: string; otp?: string } = {}): Promise<SignatureLean> {
  return inMinutesQueue(sittingId, async () => {
    const existing = await signatureOf(deps, sittingId);
    if (existing) {
      if (existing.revision === revision) return existing;
      throw recordErrors.alreadySigned();
    }
    const sitting = await deps.models.Sitting.findById(sittingId).lean();
    if (!sitting) throw errors.notFound('phiên họp');
    if (sitting.status !== 'closed') throw recordErrors.sittingNotClosed();
    const latest = await latestRevision(deps, sittingId);
    if (!latest) throw recordErrors.noMinutes();
    if (latest.revision !== revision) throw recordErrors.signOtherRevision(latest.revision);
    const [council, user] = await Promise.all([
      deps.models.Council.findById(sitting.councilId).lean(),
      deps.models.User.findById(signer.userId, { displayName: 1, login: 1 }).lean(),
    ]);
    if (!council) throw errors.notFound('hội đồng');
    const signerName = user?.displayName || user?.login || signer.userId;
    const { privateKey, key } = await councilKey(deps, council);
    const signedAt = new Date();
    const sealing = await openPdfSealing(deps, council, privateKey, signedAt);
    let pdf: Buffer;
    try {
      const generated = latestGenerated(await revisionsOf(deps, sittingId));
      const heading = await minutesHeading(deps, sittingId, generated?.data ?? null);
      const number = await minutesNumber(deps, String(council._id), sittingId, signedAt);
      const person = await openPersonSigner(deps, signer.userId, secrets);
      const role = signer.role === 'chair' ? 'Chủ tọa' : 'Văn phòng HĐND';
      const where = { location: council.name, contactInfo: `Văn phòng ${council.name}`, signedAt };
      // The PDF carries its own signatures (which readers show); the Ed25519 signature then covers the final bytes.
      pdf = await signMinutesPdf(deps, (addField) => buildMinutesPdf({
        text: latest.text, title: sitting.title, revision, generatedAt: generated ? new Date(generated.at) : signedAt, sittingId, heading,
        signed: { number, signerName, signerRole: signer.role, councilName: council.name, signedAt, fingerprint: key.fingerprint, pdfCertificate: sealing.certificateFingerprint },
      }, addField), sealing,
      person ? { signer: person, field: { reason: 'Ký biên bản phiên họp', name: `${signerName} (${role})`, ...where } } : null,
      person
        ? { reason: 'Đóng dấu xác nhận chữ ký', name: council.name, ...where }
        : { reason: 'Ký biên bản phiên họp', name: `${signerName} (${role}), thay mặt ${council.name}`, ...where });
    } finally {
      await sealing.close();
    }
    const fileName = minutesFileName(sitting.title, signedAt);
    const sha256 = sha256Hex(pdf);
    const record = signPayload({
      purpose: 'minutes',
      file: { name: fileName, sha256, bytes: pdf.length },
      council: { id: String(council._id), name: council.name },
      signer: { userId: signer.userId, name: signerName, role: signer.role },
      subject: { sessionId: String(sitting.sessionId), sittingId, revision },
      signedAt: signedAt.toISOString(),
      key,
    }, privateKey);
    let doc: SignatureLean | undefined;
    const stored = await storeFileOnce(deps, { name: fileName, bytes: pdf, metadata: { contentType: 'application/pdf', sha256, purpose: 'minutes', sittingId } }, (fileId) => {
      doc = {
        _id: sittingId, sessionId: String(sitting.sessionId), councilId: String(council._id), revision, fileId, fileName, sha256, bytes: pdf.length,
        record, signedAt, signedBy: new Types.ObjectId(signer.userId),
      };
      return deps.models.MinutesSignature.create(doc);
    });
    if (stored === 'taken') {
      const winner = await signatureOf(deps, sittingId);
      if (winner?.revision === revision) return winner;
      throw recordErrors.alreadySigned();
    }
    await appendAudit(deps, {
      chain: chains.sitting(sittingId), actorId: signer.userId, action: 'minutes:signed', subject: { kind: 'sitting', id: sittingId },
      data: { revision, sha256, fingerprint: key.fingerprint, role: signer.role },
    });
    return doc!;
  });
}
