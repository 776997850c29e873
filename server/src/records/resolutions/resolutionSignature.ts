import { Types } from 'mongoose';
import type { Deps } from '../../app/deps.js';
import { appendAudit } from '../../audit/append.js';
import { chains } from '../../audit/chains.js';
import { vnYear, type SignatureRoom } from '../../platform/pdf/official.js';
import type { PadesFieldInfo } from '../../signing/pdf/pades.js';
import type { PDFDocument } from 'pdf-lib';
import { storeFileOnce } from '../export/gridFile.js';
import { resolutionFileName } from '../export/fileNames.js';
import { councilKey, type CouncilKey } from '../signing/signingKeys.js';
import { sha256Hex, signPayload } from '../signing/signature.js';
import { yearlyNumber } from '../yearlyNumber.js';
import type { Adoption } from './adoption.js';
import { buildResolutionPdf } from './resolutionPdf.js';
import { latestResolutionRevision } from './resolutionStore.js';
import { resolutionErrors } from './resolutionErrors.js';
import { subjectOf } from './resolutionText.js';

/**
 * What every way of signing a resolution shares (the server signing at once, or a desktop
 * agent signing a prepared copy later): the preconditions, the final PDF as rendered for
 * signing, its signature fields, and how the signed file is stored (GridFS, the
 * resolution_signatures record written once with its Ed25519 record, the audit entry).
 */

/** A stored signed resolution (the resolution_signatures document). */
export interface ResolutionSignatureLean {
  _id: string; councilId: string; sessionId: string; sittingId: string; revision: number; number: number; fileId: Types.ObjectId; fileName: string;
  sha256: string; bytes: number; signedAt: Date; signedBy: Types.ObjectId;
}

export const resolutionSignatureOf = (deps: Deps, pollId: string) => deps.models.ResolutionSignature.findById(pollId).lean<ResolutionSignatureLean>();

/** One signing of one revision by the chair, its facts gathered once the preconditions hold. */
export interface ResolutionSigning {
  a: Adoption;
  chair: { userId: string };
  revision: number;
  text: string;
  signerName: string;
  signedAt: Date;
  /** In the council's yearly NQ-HĐND series. */
  number: number;
  councilId: string;
  recordSigner: CouncilKey;
}

/** `revision` the latest draft: what signing needs, the number taken now (the caller checks it is not signed yet). */
export async function resolutionSigning(deps: Deps, a: Adoption, chair: { userId: string }, revision: number, signedAt: Date): Promise<ResolutionSigning> {
  const latest = await latestResolutionRevision(deps, a.pollId);
  if (!latest) throw resolutionErrors.noDraft();
  if (latest.revision !== revision) throw resolutionErrors.signOtherRevision(latest.revision);
  const user = await deps.models.User.findById(chair.userId, { displayName: 1, login: 1 }).lean();
  const councilId = String(a.council._id);
  const recordSigner = await councilKey(deps, a.council);
  const number = await yearlyNumber(deps.models.ResolutionNumber as never, 'subjectId', councilId, a.pollId, signedAt);
  return { a, chair, revision, text: latest.text, signerName: user?.displayName || user?.login || chair.userId, signedAt, number, councilId, recordSigner };
}

/** The final PDF (number, the chair's name in the signature block); `beforeSave` gets the chair's room. */
export const resolutionRenderer = (r: ResolutionSigning) => (beforeSave?: (pdf: PDFDocument, room: SignatureRoom) => void | Promise<void>) => buildResolutionPdf({
  text: r.text, title: r.a.title, revision: r.revision, pollId: r.a.pollId, unitName: r.a.unitName, councilName: r.a.council.name,
  adoptedAt: new Date(r.a.view.adoptedAt), signed: { number: r.number, signerName: r.signerName, signedAt: r.signedAt },
}, beforeSave);

/** The PDF signature fields: the chair's, the seal over it, or the seal alone. */
export function resolutionFields(r: ResolutionSigning): { person: PadesFieldInfo; sealAfterPerson: PadesFieldInfo; sealAlone: PadesFieldInfo } {
  const council = r.a.council.name;
  const where = { location: council, contactInfo: `Văn phòng ${council}`, signedAt: r.signedAt };
  return {
    person: { reason: 'Ký ban hành nghị quyết', name: `${r.signerName} (Chủ tịch)`, ...where },
    sealAfterPerson: { reason: 'Đóng dấu xác nhận chữ ký', name: council, ...where },
    sealAlone: { reason: 'Ký ban hành nghị quyết', name: `${r.signerName} (Chủ tịch), thay mặt ${council}`, ...where },
  };
}

/**
 * Stores the signed PDF and signs its SHA-256 with the council's Ed25519 key, the record
 * written once under _id = pollId, then audits `resolution:signed` (with `audit` added to its
 * data). `fresh` is false when another signing recorded first (its record comes back; a
 * conflict when it signed another revision).
 */
export async function storeSignedResolution(deps: Deps, r: ResolutionSigning, pdf: Buffer, audit: Record<string, unknown> = {}): Promise<{ doc: ResolutionSignatureLean; fresh: boolean }> {
  const { a, chair, revision, number, signedAt, councilId, recordSigner } = r;
  const fileName = resolutionFileName(number, vnYear(signedAt), subjectOf(a.title));
  const sha256 = sha256Hex(pdf);
  const record = await signPayload({
    purpose: 'resolution',
    file: { name: fileName, sha256, bytes: pdf.length },
    council: { id: councilId, name: a.council.name },
    signer: { userId: chair.userId, name: r.signerName, role: 'chair' },
    subject: { sessionId: a.sessionId, sittingId: a.sittingId, revision, pollId: a.pollId },
    signedAt: signedAt.toISOString(),
    key: recordSigner.key,
  }, recordSigner);
  let doc: ResolutionSignatureLean | undefined;
  const stored = await storeFileOnce(deps, { name: fileName, bytes: pdf, metadata: { contentType: 'application/pdf', sha256, purpose: 'resolution', pollId: a.pollId } }, (fileId) => {
    doc = { _id: a.pollId, councilId, sessionId: a.sessionId, sittingId: a.sittingId, revision, number, fileId, fileName, sha256, bytes: pdf.length, signedAt, signedBy: new Types.ObjectId(chair.userId) };
    return deps.models.ResolutionSignature.create({ ...doc, record });
  });
  if (stored === 'taken') {
    const winner = await resolutionSignatureOf(deps, a.pollId);
    if (winner?.revision === revision) return { doc: winner, fresh: false };
    throw resolutionErrors.alreadySigned();
  }
  await appendAudit(deps, {
    chain: chains.sitting(a.sittingId), actorId: chair.userId, action: 'resolution:signed', subject: { kind: 'poll', id: a.pollId },
    data: { revision, number, sha256, fingerprint: recordSigner.key.fingerprint, ...audit },
  });
  return { doc: doc!, fresh: true };
}
