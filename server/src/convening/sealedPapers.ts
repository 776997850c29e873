import { createHash } from 'node:crypto';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { chains } from '../audit/chains.js';
import { sealOnce, storedSealed, type PlaceSeal } from '../records/signing/sealOnce.js';
import { signatureRect } from '../records/signing/signatureLooks.js';
import { buildInvitationPdf, buildNoticePdf, type Addressee, type ConveningPaper, type SealPaper } from './papers.js';

/**
 * The convening notice and the invitations as the council issues them: with its seal over
 * the signer's block, sealed once per content (a regenerated notice, a new address in the
 * link, another invitee's name: another file) and served as stored ever after, so what an
 * invitee downloads today is byte for byte what the e-mail carried.
 */

/** Which content: the paper's facts, the link printed in it, and whom it is addressed to. */
const contentKey = (kind: string, ...parts: unknown[]) => `${kind}:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;

async function councilOf(deps: Deps, councilId: unknown): Promise<{ _id: unknown; name: string }> {
  const council = await deps.models.Council.findById(councilId, { name: 1 }).lean<{ _id: unknown; name: string }>();
  if (!council) throw errors.notFound('hội đồng');
  return council;
}

/** The seal over where the signer's signature goes in their block. */
const place = (placeSeal: PlaceSeal): SealPaper => (pdf, room) => placeSeal(pdf, signatureRect(room), room.page);

/** Which session's papers, for the audit. */
export interface PaperOf { councilId: unknown; sessionId: unknown }

async function sealedPaper(deps: Deps, of: PaperOf, key: string, file: { fileName: string; purpose: string; reason: string; paper: string }, render: (seal: SealPaper) => Promise<Uint8Array>): Promise<Buffer> {
  const stored = await storedSealed(deps, 'SealedPaper', key);
  if (stored) return stored;
  const audit = { chain: chains.convening(String(of.sessionId)), action: 'convening:sealed', subject: { kind: 'session', id: String(of.sessionId) }, data: { paper: file.paper } };
  return sealOnce(deps, { model: 'SealedPaper', key, ...file, audit }, await councilOf(deps, of.councilId), (placeSeal) => render(place(placeSeal)));
}

/** The notice (thông báo triệu tập), sealed. */
export function sealedNotice(deps: Deps, of: PaperOf, c: ConveningPaper, link: string, fileName: string): Promise<Buffer> {
  return sealedPaper(deps, of, contentKey('notice', c, link), { fileName, purpose: 'convening-notice', reason: 'Ban hành thông báo triệu tập kỳ họp', paper: 'notice' },
    (seal) => buildNoticePdf(c, link, seal));
}

/** One invitee's invitation (giấy mời), sealed. */
export function sealedInvitation(deps: Deps, of: PaperOf, c: ConveningPaper, to: Addressee, link: string, fileName: string): Promise<Buffer> {
  return sealedPaper(deps, of, contentKey('invitation', c, to, link), { fileName, purpose: 'convening-invitation', reason: 'Ban hành giấy mời dự kỳ họp', paper: `invitation:${to.displayName}` },
    (seal) => buildInvitationPdf(c, to, link, seal));
}
