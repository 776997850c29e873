import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { AgentTicketStatus } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import { AppError } from '../../platform/errors.js';
import { storeFileOnce, readGridFile } from '../export/gridFile.js';
import { forgetExpiredPrepared } from './agentTicketCleanup.js';
import { openPdfSealing } from './pdfSealing.js';
import { sealLook, signatureRect } from './signatureLooks.js';
import type { SignatureRoom } from '../../platform/pdf/official.js';
import { sha256Hex } from './signature.js';
import type { AgentSignature } from './agentUploadCheck.js';
import type { AgentPaper, AgentSigner, PaperRef } from './agentPaper.js';

/**
 * The hand-off of a council paper (the minutes, a resolution: agentPaper.ts) to a desktop
 * signing agent, for a signer whose certificate is on a USB token: the final PDF is rendered
 * as the server's signing renders it (number, signature block), without a signature field,
 * stored, and a one-time token of 32 random bytes is handed out for 15 minutes. The agent
 * downloads the PDF with it, appends its PAdES signature as an incremental update and uploads
 * the result; once agentUploadCheck.ts accepts it, the council's seal is appended over it and
 * the paper is stored as the server's signing stores it.
 */

export const TICKET_MINUTES = 15;

export interface TicketLean extends PaperRef {
  _id: Types.ObjectId; tokenHash: string; councilId: string; userId: string; role: 'secretariat' | 'chair'; revision: number;
  signedAt: Date; preparedFileId: Types.ObjectId; preparedSha256: string; preparedBytes: number; sealRoom: SignatureRoom | null; createdAt: Date; expiresAt: Date; status: string;
}

const unusable = () => new AppError('not_found',
  'Phiên ký bằng USB token không tồn tại, đã hết hạn hoặc đã được dùng. Hãy mở lại hộp thoại ký trên hệ thống để tạo phiên mới. / This signing hand-off is unknown, expired or already used; start again from the signing dialog.');

/** Renders and stores the prepared PDF, and a ticket for it; the token is returned once, only its hash kept. */
export function createAgentTicket(deps: Deps, paper: AgentPaper, signer: AgentSigner, revision: number): Promise<{ ticketId: string; token: string; expiresAt: Date }> {
  return paper.queue(async () => {
    if (await paper.isSigned()) throw paper.alreadySigned();
    const signedAt = new Date();
    const p = await paper.prepare(signer, revision, signedAt);
    const prepared = Buffer.from(p.pdf);
    const token = randomBytes(32).toString('base64url');
    const ticketId = new Types.ObjectId();
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + TICKET_MINUTES * 60_000);
    const preparedSha256 = sha256Hex(prepared);
    const { ref } = paper;
    const about = ref.pollId ? { sittingId: ref.sittingId, pollId: ref.pollId } : { sittingId: ref.sittingId };
    await storeFileOnce(deps, { name: p.fileName, bytes: prepared, metadata: { contentType: 'application/pdf', sha256: preparedSha256, purpose: `${ref.paper}-prepared`, ...about } },
      (fileId) => deps.models.SigningTicket.create({
        _id: ticketId, tokenHash: sha256Hex(token), ...ref, councilId: p.councilId, userId: signer.userId, role: signer.role, revision,
        signedAt, preparedFileId: fileId, preparedSha256, preparedBytes: prepared.length, sealRoom: p.room, createdAt, expiresAt, status: 'pending',
      }));
    void forgetExpiredPrepared(deps).catch((err: unknown) => deps.log.warn({ err }, 'could not remove the prepared PDFs of expired signing tickets'));
    return { ticketId: String(ticketId), token, expiresAt };
  });
}

/** The ticket of a token, if it can still be used (not expired, not used); otherwise 404. */
export async function usableTicket(deps: Deps, token: string, now = new Date()): Promise<TicketLean> {
  const ticket = await deps.models.SigningTicket.findOne({ tokenHash: sha256Hex(token) }).lean<TicketLean>();
  if (!ticket || ticket.expiresAt <= now || ticket.status !== 'pending') throw unusable();
  if (await deps.models.SigningTicketUse.exists({ _id: String(ticket._id) })) throw unusable();
  return ticket;
}

/** The prepared PDF the agent signs. */
export const preparedPdf = (deps: Deps, ticket: TicketLean) => readGridFile(deps, ticket.preparedFileId);

/** The tickets of `ref`'s paper (one made before tickets named their paper is the minutes'). */
const ticketsOf = (ref: PaperRef): Record<string, unknown> => (ref.paper === 'resolution' ? { paper: 'resolution', pollId: ref.pollId } : { paper: { $ne: 'resolution' }, sittingId: ref.sittingId });

/**
 * Whether the agent's signature arrived: done once the signed paper is stored (by this
 * ticket, or meanwhile by another signing), pending while the upload is awaited or being
 * sealed, expired when the time ran out with nothing uploaded.
 */
export async function ticketStatus(deps: Deps, paper: AgentPaper, ticketId: string): Promise<AgentTicketStatus> {
  const ticket = await deps.models.SigningTicket.findOne({ _id: ticketId, ...ticketsOf(paper.ref) }).lean<TicketLean>();
  if (!ticket) throw unusable();
  const signed = ticket.status === 'done' || await paper.isSigned();
  const sealing = !signed && !!(await deps.models.SigningTicketUse.exists({ _id: ticketId }));
  const status = signed ? 'done' : !sealing && ticket.expiresAt <= new Date() ? 'expired' : 'pending';
  if (status === 'expired' && ticket.status === 'pending') await deps.models.SigningTicket.updateOne({ _id: ticket._id }, { $set: { status } });
  return { ticketId, status, expiresAt: ticket.expiresAt.toISOString() };
}

const unsealable = () => new AppError('validation_failed', 'Không đóng được dấu của hội đồng lên tệp đã ký (cấu trúc tệp PDF không hỗ trợ: phần mềm ký cần lưu bản cập nhật tăng dần với bảng tham chiếu chéo dạng bảng). / The council\'s seal cannot be appended to this signed file (its last cross-reference section must be a table).');

/**
 * The agent's accepted upload (`signed`, its signature checked) sealed and stored as the
 * signed paper, then announced. The ticket's use is claimed first (written once); if sealing
 * or storing fails the claim is removed again, so the ticket stays usable until it expires.
 */
export function completeAgentSigning(deps: Deps, paper: AgentPaper, ticket: TicketLean, signed: Buffer, agent: AgentSignature): Promise<void> {
  return paper.queue(async () => {
    if (await paper.isSigned()) throw paper.alreadySigned();
    const seal = await paper.toSeal({ userId: ticket.userId, role: ticket.role }, ticket.revision, ticket.signedAt);
    const useId = String(ticket._id);
    try {
      await deps.models.SigningTicketUse.create({ _id: useId, at: new Date() });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw unusable();
      throw err;
    }
    try {
      const sealing = await openPdfSealing(deps, seal.council, seal.privateKey, ticket.signedAt);
      let pdf: Buffer;
      try {
        const room = ticket.sealRoom;
        const look = room ? sealLook(signatureRect(room), room.page, seal.council.name) : undefined;
        const withField = await sealing.appendPlaceholder(signed, seal.field, look).catch(() => { throw unsealable(); });
        pdf = await sealing.sign(withField);
      } finally {
        await sealing.close();
      }
      if (!(await seal.store(pdf, { via: 'desktop-agent', certificate: agent.subject, certificateFingerprint: agent.fingerprint }))) throw paper.alreadySigned();
      await deps.models.SigningTicket.updateOne({ _id: ticket._id }, { $set: { status: 'done', doneAt: new Date() } });
    } catch (err) {
      await deps.models.SigningTicketUse.deleteOne({ _id: useId });
      throw err;
    }
    seal.announce();
  });
}
