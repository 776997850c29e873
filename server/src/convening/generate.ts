import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { appendAudit } from '../audit/append.js';
import { chains } from '../audit/chains.js';
import { gatherFacts, placeOf } from './facts.js';
import { INVITED } from './access.js';
import type { loadSession } from '../council/loaders.js';

type SessionLean = Awaited<ReturnType<typeof loadSession>>;

export const DEFAULT_SIGNER_TITLE = 'TM. THƯỜNG TRỰC HĐND\nCHỦ TỊCH';

export interface GenerateInput {
  number?: string;
  place?: string;
  signerTitle?: string;
  signerName?: string;
}

/** The council's next number this year: one more than its convenings issued this year. */
async function nextNumber(deps: Deps, councilId: Types.ObjectId, now: Date): Promise<string> {
  const yearStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
  const issued = await deps.models.Convening.countDocuments({ councilId, issuedAt: { $gte: yearStart } });
  return String(issued + 1);
}

/** The invitees now: each person once, with their highest role (chair before delegate before guest). */
async function inviteesOf(deps: Deps, councilId: Types.ObjectId): Promise<Map<string, 'chair' | 'delegate' | 'observer'>> {
  const ms = await deps.models.Membership.find({ councilId, role: { $in: INVITED } }).lean();
  const out = new Map<string, 'chair' | 'delegate' | 'observer'>();
  for (const role of INVITED) {
    for (const m of ms) if (m.role === role && !out.has(String(m.userId))) out.set(String(m.userId), role as 'chair' | 'delegate' | 'observer');
  }
  return out;
}

/**
 * Generates (or generates again) the notice and invitations of a session: a new snapshot of
 * what they state, dated today, keeping an earlier number, place and signer unless given;
 * one invitation per invitee (new members get theirs; sending records are kept). Callers
 * serialise this per session.
 */
export async function generateConvening(deps: Deps, session: SessionLean, actorId: string, input: GenerateInput) {
  const { Convening, Invitation, User } = deps.models;
  const now = new Date();
  const existing = await Convening.findOne({ sessionId: session._id }).lean();
  const facts = await gatherFacts(deps, session);
  const invitees = await inviteesOf(deps, session.councilId);
  const chairId = [...invitees].find(([, role]) => role === 'chair')?.[0];
  const chair = chairId ? await User.findById(chairId, { displayName: 1 }).lean() : null;
  const fields = {
    councilId: session.councilId,
    number: input.number ?? existing?.number ?? (await nextNumber(deps, session.councilId, now)),
    place: input.place || existing?.place || placeOf(facts.unitName),
    issuedAt: now,
    signerTitle: input.signerTitle || existing?.signerTitle || DEFAULT_SIGNER_TITLE,
    signerName: input.signerName || existing?.signerName || chair?.displayName || '',
    facts,
    generatedBy: new Types.ObjectId(actorId),
  };
  await Convening.updateOne({ sessionId: session._id }, { $set: fields }, { upsert: true });
  for (const [userId, role] of invitees) {
    await Invitation.updateOne(
      { sessionId: session._id, userId: new Types.ObjectId(userId) },
      { $set: { role }, $setOnInsert: { councilId: session.councilId } },
      { upsert: true },
    );
  }
  await appendAudit(deps, {
    chain: chains.convening(String(session._id)),
    actorId,
    action: existing ? 'convening:regenerated' : 'convening:generated',
    subject: { kind: 'session', id: session._id },
    data: { number: fields.number, invitees: invitees.size, sittings: facts.sittings.length },
  });
}
