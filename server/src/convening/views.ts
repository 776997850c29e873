import type { Types } from 'mongoose';
import type { ConveningView, DocumentReadView, InviteeView, MyInvitation } from '../../../contract/convening.js';
import type { Deps } from '../app/deps.js';
import { addressOf, type SendOutcome } from './send.js';
import { mailConfigured } from './mailer.js';
import { invitationNumber, noticeNumber } from './papers.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const ROLE_ORDER = { chair: 0, delegate: 1, observer: 2 } as const;

/** The convening as the secretariat's page shows it: the papers, each invitee, and who opened which document. */
export async function conveningView(deps: Deps, session: { _id: Types.ObjectId; councilId: Types.ObjectId; title: string }, canConvene: boolean, lastSend: SendOutcome | null): Promise<ConveningView> {
  const { Convening, Invitation, User, Membership, Document, DocumentOpen } = deps.models;
  const c = await Convening.findOne({ sessionId: session._id }).lean();
  const invitations = await Invitation.find({ sessionId: session._id }).lean();
  const readerMs = await Membership.find({ councilId: session.councilId, role: { $in: ['chair', 'delegate'] } }).lean();
  const userIds = [...new Set([...invitations.map((i) => String(i.userId)), ...readerMs.map((m) => String(m.userId))])];
  const users = new Map((await User.find({ _id: { $in: userIds } }, { displayName: 1, email: 1, login: 1 }).lean()).map((u) => [String(u._id), u]));
  const name = (id: unknown) => users.get(String(id))?.displayName ?? '';
  const collator = new Intl.Collator('vi');

  const invitees: InviteeView[] = invitations.map((i) => {
    const u = users.get(String(i.userId));
    return {
      invitationId: String(i._id), userId: String(i.userId), displayName: u?.displayName ?? '', role: i.role as InviteeView['role'],
      email: u ? addressOf(u) : null, sentAt: iso(i.sentAt), sendError: i.sendError ?? null, openedAt: iso(i.openedAt),
    };
  }).sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || collator.compare(a.displayName, b.displayName));

  // Read status per delegate (and the chair): opened or not, first opened at.
  const readers = [...new Set(readerMs.map((m) => String(m.userId)))].sort((a, b) => collator.compare(name(a), name(b)));
  const docs = await Document.find({ sessionId: session._id, supersededBy: null }, { title: 1 }).sort({ createdAt: 1 }).lean();
  const opens = await DocumentOpen.find({ sessionId: session._id }).lean();
  const openedAt = new Map(opens.map((o) => [`${String(o.documentId)}:${String(o.userId)}`, o.firstOpenedAt]));
  const documents: DocumentReadView[] = docs.map((d) => ({
    documentId: String(d._id),
    title: d.title,
    readers: readers.map((userId) => ({ userId, displayName: name(userId), openedAt: iso(openedAt.get(`${String(d._id)}:${userId}`)) })),
  }));

  return {
    sessionId: String(session._id),
    sessionTitle: session.title,
    canConvene,
    mailConfigured: mailConfigured(deps.config),
    notice: c ? {
      number: c.number, noticeNumber: noticeNumber(c.number), invitationNumber: invitationNumber(c.number), place: c.place,
      issuedAt: c.issuedAt.toISOString(), signerTitle: c.signerTitle, signerName: c.signerName, generatedAt: (c.updatedAt ?? c.issuedAt).toISOString(),
    } : null,
    invitees,
    documents,
    lastSend,
  };
}

/** The signed-in user's invitations, newest session first, for the home page. */
export async function myInvitations(deps: Deps, userId: string): Promise<MyInvitation[]> {
  const { Invitation, Convening, CouncilSession, Council } = deps.models;
  const invitations = await Invitation.find({ userId }).lean();
  const sessionIds = invitations.map((i) => i.sessionId);
  const convenings = new Map((await Convening.find({ sessionId: { $in: sessionIds } }).lean()).map((c) => [String(c.sessionId), c]));
  const sessions = new Map((await CouncilSession.find({ _id: { $in: sessionIds } }).lean()).map((s) => [String(s._id), s]));
  const councils = new Map((await Council.find({ _id: { $in: [...sessions.values()].map((s) => s.councilId) } }, { name: 1 }).lean()).map((c) => [String(c._id), c.name]));
  const out: MyInvitation[] = [];
  for (const i of invitations) {
    const s = sessions.get(String(i.sessionId));
    const c = convenings.get(String(i.sessionId));
    // A cancelled session's invitation no longer invites anyone.
    if (!s || !c || s.cancelledAt) continue;
    out.push({
      id: String(i._id), sessionId: String(s._id), sessionTitle: s.title, councilName: councils.get(String(s.councilId)) ?? '',
      startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), venue: s.venue ?? '', number: invitationNumber(c.number), openedAt: iso(i.openedAt),
    });
  }
  return out.sort((a, b) => b.startsAt.localeCompare(a.startsAt));
}
