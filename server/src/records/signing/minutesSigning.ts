import type { KeyObject } from 'node:crypto';
import { Types } from 'mongoose';
import type { PDFDocument } from 'pdf-lib';
import type { Role } from '../../../../contract/roles.js';
import type { SignatureKey, SignatureRecord } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import { errors } from '../../platform/errors.js';
import { appendAudit } from '../../audit/append.js';
import { chains } from '../../audit/chains.js';
import type { PadesFieldInfo } from '../../signing/pdf/pades.js';
import { storeFileOnce } from '../export/gridFile.js';
import { minutesFileName } from '../export/fileNames.js';
import { latestGenerated, latestRevision, revisionsOf } from '../minutes/minutesStore.js';
import { minutesHeading } from '../minutes/heading.js';
import { minutesNumber } from '../minutes/minutesNumber.js';
import { buildMinutesPdf, type SignatureRooms } from '../pdf/minutesPdf.js';
import { recordErrors } from '../errors.js';
import { councilKey } from './signingKeys.js';
import type { SignatureNames } from './paperPdfSigning.js';
import { sha256Hex, signPayload, type RecordSigner } from './signature.js';

/**
 * What every way of signing the minutes shares (the server signing at once, or a desktop
 * agent signing a prepared copy later): the preconditions, the final PDF as rendered for
 * signing, and how the signed file is stored (GridFS, the minutes_signatures record written
 * once, the Ed25519 signature file, the audit entry).
 */

/** A stored signature (the minutes_signatures document). */
export interface SignatureLean {
  _id: string; sessionId: string; councilId: string; revision: number; fileId: Types.ObjectId; fileName: string;
  sha256: string; bytes: number; record: SignatureRecord; signedAt: Date; signedBy: Types.ObjectId;
}

export const signatureOf = (deps: Deps, sittingId: string) => deps.models.MinutesSignature.findById(sittingId).lean<SignatureLean>();

export interface MinutesSigner { userId: string; role: Role }

/** One signing of one revision, its facts gathered once the preconditions hold. */
export interface MinutesSigning {
  sittingId: string;
  revision: number;
  signer: MinutesSigner;
  signerName: string;
  signedAt: Date;
  sitting: { title: string; sessionId: unknown };
  council: { _id: unknown; name: string };
  text: string;
  /** The council's file key (the development PDF identity derives from it); null when it is on a token. */
  privateKey: KeyObject | null;
  key: SignatureKey;
  recordSigner: RecordSigner;
}

/** The sitting closed, `revision` its latest minutes: what signing needs (the caller checks it is not signed yet). */
export async function minutesSigning(deps: Deps, sittingId: string, signer: MinutesSigner, revision: number, signedAt: Date): Promise<MinutesSigning> {
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
  const recordSigner = await councilKey(deps, council);
  return {
    sittingId, revision, signer, signedAt, sitting, council, text: latest.text, privateKey: recordSigner.privateKey, key: recordSigner.key, recordSigner,
    signerName: user?.displayName || user?.login || signer.userId,
  };
}

/**
 * The renderer of the final minutes PDF (number, signature block naming the signer and the
 * seal's certificate `pdfCertificate`); the number is taken now. `addField` adds a signature
 * field before saving (none: a desktop agent appends its own).
 */
export async function minutesRenderer(deps: Deps, m: MinutesSigning, pdfCertificate: string): Promise<(addField?: (doc: PDFDocument, rooms: SignatureRooms) => void | Promise<void>) => Promise<Uint8Array>> {
  const generated = latestGenerated(await revisionsOf(deps, m.sittingId));
  const heading = await minutesHeading(deps, m.sittingId, generated?.data ?? null);
  const number = await minutesNumber(deps, String(m.council._id), m.sittingId, m.signedAt);
  const { signer, signerName, council, signedAt } = m;
  return (addField) => buildMinutesPdf({
    text: m.text, title: m.sitting.title, revision: m.revision, generatedAt: generated ? new Date(generated.at) : signedAt, sittingId: m.sittingId, heading,
    signed: { number, signerName, signerRole: signer.role, councilName: council.name, signedAt, fingerprint: m.key.fingerprint, pdfCertificate },
  }, addField);
}

/** Whose block the signatures are drawn in, and the names their looks show. */
export const signatureLooks = (m: MinutesSigning): SignatureNames & { room: keyof SignatureRooms } => ({ room: m.signer.role === 'chair' ? 'chair' : 'secretary', personName: m.signerName, councilName: m.council.name });

/** The PDF signature fields: the person's (chair or secretariat), the seal over it, or the seal alone. */
export function signatureFields(m: MinutesSigning): { person: PadesFieldInfo; sealAfterPerson: PadesFieldInfo; sealAlone: PadesFieldInfo } {
  const role = m.signer.role === 'chair' ? 'Chủ tọa' : 'Văn phòng HĐND';
  const where = { location: m.council.name, contactInfo: `Văn phòng ${m.council.name}`, signedAt: m.signedAt };
  return {
    person: { reason: 'Ký biên bản phiên họp', name: `${m.signerName} (${role})`, ...where },
    sealAfterPerson: { reason: 'Đóng dấu xác nhận chữ ký', name: m.council.name, ...where },
    sealAlone: { reason: 'Ký biên bản phiên họp', name: `${m.signerName} (${role}), thay mặt ${m.council.name}`, ...where },
  };
}

/**
 * Stores the signed PDF and signs its SHA-256 with the council's Ed25519 key, the record
 * written once under _id = sittingId, then audits `minutes:signed` (with `audit` added to its
 * data). `fresh` is false when another signing recorded first (its record comes back; a
 * conflict when it signed another revision).
 */
export async function storeSignedMinutes(deps: Deps, m: MinutesSigning, pdf: Buffer, audit: Record<string, unknown> = {}): Promise<{ doc: SignatureLean; fresh: boolean }> {
  const { sittingId, revision, signer, council, signedAt } = m;
  const fileName = minutesFileName(m.sitting.title, signedAt);
  const sha256 = sha256Hex(pdf);
  const record = await signPayload({
    purpose: 'minutes',
    file: { name: fileName, sha256, bytes: pdf.length },
    council: { id: String(council._id), name: council.name },
    signer: { userId: signer.userId, name: m.signerName, role: signer.role },
    subject: { sessionId: String(m.sitting.sessionId), sittingId, revision },
    signedAt: signedAt.toISOString(),
    key: m.key,
  }, m.recordSigner);
  let doc: SignatureLean | undefined;
  const stored = await storeFileOnce(deps, { name: fileName, bytes: pdf, metadata: { contentType: 'application/pdf', sha256, purpose: 'minutes', sittingId } }, (fileId) => {
    doc = {
      _id: sittingId, sessionId: String(m.sitting.sessionId), councilId: String(council._id), revision, fileId, fileName, sha256, bytes: pdf.length,
      record, signedAt, signedBy: new Types.ObjectId(signer.userId),
    };
    return deps.models.MinutesSignature.create(doc);
  });
  if (stored === 'taken') {
    const winner = await signatureOf(deps, sittingId);
    if (winner?.revision === revision) return { doc: winner, fresh: false };
    throw recordErrors.alreadySigned();
  }
  await appendAudit(deps, {
    chain: chains.sitting(sittingId), actorId: signer.userId, action: 'minutes:signed', subject: { kind: 'sitting', id: sittingId },
    data: { revision, sha256, fingerprint: m.key.fingerprint, role: signer.role, ...audit },
  });
  return { doc: doc!, fresh: true };
}
