import { Types } from 'mongoose';
import type { Deps } from '../../app/deps.js';
import { KeyedQueue } from '../../platform/shared/keyedQueue.js';
import { appendAudit } from '../../audit/append.js';
import { chains } from '../../audit/chains.js';
import { sha256Hex } from '../signing/signature.js';
import { resolutionText } from './resolutionText.js';
import { resolutionErrors } from './resolutionErrors.js';
import type { Adoption } from './adoption.js';

/** A revision of a resolution's text as stored. */
export interface ResolutionRevisionLean { pollId: string; revision: number; kind: 'generated' | 'edited'; text: string; textSha256: string; by: Types.ObjectId; at: Date }

const queue = new KeyedQueue();
const isDup = (err: unknown) => (err as { code?: number }).code === 11000;

/** Runs `task` in the resolution's queue (a signing must not interleave with an edit). */
export const inResolutionQueue = <T>(pollId: string, task: () => Promise<T>) => queue.run(pollId, task);

export const resolutionRevisionsOf = (deps: Deps, pollId: string) =>
  deps.models.ResolutionRevision.find({ pollId }).sort({ revision: 1 }).lean<ResolutionRevisionLean[]>();

export const latestResolutionRevision = (deps: Deps, pollId: string) =>
  deps.models.ResolutionRevision.findOne({ pollId }).sort({ revision: -1 }).lean<ResolutionRevisionLean>();

/** Appends revision `expected + 1`; the unique {pollId, revision} index decides between two edits on one base. */
async function append(deps: Deps, a: Adoption, expected: number, r: { kind: 'generated' | 'edited'; text: string; by: string }): Promise<ResolutionRevisionLean> {
  const { pollId } = a;
  if (await deps.models.ResolutionSignature.exists({ _id: pollId })) throw resolutionErrors.alreadySigned();
  const current = (await latestResolutionRevision(deps, pollId))?.revision ?? 0;
  if (current !== expected) throw resolutionErrors.staleRevision(current);
  const doc = { pollId, revision: expected + 1, kind: r.kind, text: r.text, textSha256: sha256Hex(r.text), by: new Types.ObjectId(r.by), at: new Date() };
  try {
    await deps.models.ResolutionRevision.create(doc);
  } catch (err) {
    if (isDup(err)) throw resolutionErrors.staleRevision(expected + 1);
    throw err;
  }
  await appendAudit(deps, {
    chain: chains.sitting(a.sittingId), actorId: r.by, action: r.kind === 'generated' ? 'resolution:drafted' : 'resolution:edited',
    subject: { kind: 'poll', id: pollId }, data: { revision: doc.revision, textSha256: doc.textSha256 },
  });
  return doc;
}

/** The first draft, generated from the adoption (a second call returns the draft there is). */
export function draftResolution(deps: Deps, a: Adoption, userId: string): Promise<ResolutionRevisionLean> {
  return queue.run(a.pollId, async () => {
    const existing = await latestResolutionRevision(deps, a.pollId);
    if (existing) return existing;
    return append(deps, a, 0, { kind: 'generated', text: await resolutionText(deps, a), by: userId });
  });
}

/** The secretariat's edit, made on `baseRevision`. */
export function editResolution(deps: Deps, a: Adoption, userId: string, edit: { baseRevision: number; text: string }): Promise<ResolutionRevisionLean> {
  return queue.run(a.pollId, () => append(deps, a, edit.baseRevision, { kind: 'edited', text: edit.text, by: userId }));
}
