import { Types } from 'mongoose';
import type { MinutesData, MinutesRevisionView } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import { KeyedQueue } from '../../platform/shared/keyedQueue.js';
import { appendAudit } from '../../audit/append.js';
import { gatherMinutesData } from './minutesData.js';
import { minutesText } from './minutesText.js';
import { sha256Hex } from '../signing/signature.js';
import { recordErrors } from '../errors.js';
import { chains } from '../../audit/chains.js';

/** A revision as stored. */
export interface RevisionLean {
  sittingId: string; revision: number; kind: 'generated' | 'edited'; text: string; textSha256: string;
  data: MinutesData | null; by: Types.ObjectId; at: Date; note: string;
}

const queue = new KeyedQueue();
const isDup = (err: unknown) => (err as { code?: number }).code === 11000;

/** Every revision of a sitting's minutes, oldest first. */
export async function revisionsOf(deps: Deps, sittingId: string): Promise<RevisionLean[]> {
  return deps.models.MinutesRevision.find({ sittingId }).sort({ revision: 1 }).lean<RevisionLean[]>();
}

export async function latestRevision(deps: Deps, sittingId: string): Promise<RevisionLean | null> {
  return deps.models.MinutesRevision.findOne({ sittingId }).sort({ revision: -1 }).lean<RevisionLean>();
}

/** The facts of the latest generation (the revision a draft line was generated from). */
export function latestGenerated(revisions: RevisionLean[]): RevisionLean | null {
  return [...revisions].reverse().find((r) => r.kind === 'generated') ?? null;
}

/**
 * Appends revision `expected + 1`. The unique {sittingId, revision} index is the arbiter: of
 * two edits made on the same revision one is stored, the other answers "edited meanwhile".
 */
async function append(deps: Deps, sittingId: string, expected: number, r: Omit<RevisionLean, 'sittingId' | 'revision' | 'textSha256'>): Promise<RevisionLean> {
  if (await deps.models.MinutesSignature.exists({ _id: sittingId })) throw recordErrors.alreadySigned();
  const latest = await latestRevision(deps, sittingId);
  const current = latest?.revision ?? 0;
  if (current !== expected) throw recordErrors.staleRevision(current);
  const doc = { ...r, sittingId, revision: expected + 1, textSha256: sha256Hex(r.text) };
  try {
    await deps.models.MinutesRevision.create(doc);
  } catch (err) {
    if (isDup(err)) throw recordErrors.staleRevision(expected + 1);
    throw err;
  }
  return doc;
}

/** Generates the draft from what happened (again, if asked): a new revision, earlier ones kept. */
export function generateMinutes(deps: Deps, sittingId: string, userId: string): Promise<RevisionLean> {
  return queue.run(sittingId, async () => {
    const data = await gatherMinutesData(deps, sittingId, new Date(), userId);
    const current = (await latestRevision(deps, sittingId))?.revision ?? 0;
    const rev = await append(deps, sittingId, current, { kind: 'generated', text: minutesText(data), data, by: new Types.ObjectId(userId), at: new Date(), note: '' });
    await appendAudit(deps, { chain: chains.sitting(sittingId), actorId: userId, action: 'minutes:generated', subject: { kind: 'sitting', id: sittingId }, data: { revision: rev.revision, textSha256: rev.textSha256 } });
    return rev;
  });
}

/** The secretariat's edit, made on `baseRevision`. */
export function editMinutes(deps: Deps, sittingId: string, userId: string, edit: { baseRevision: number; text: string; note: string }): Promise<RevisionLean> {
  return queue.run(sittingId, async () => {
    const rev = await append(deps, sittingId, edit.baseRevision, { kind: 'edited', text: edit.text, data: null, by: new Types.ObjectId(userId), at: new Date(), note: edit.note });
    await appendAudit(deps, { chain: chains.sitting(sittingId), actorId: userId, action: 'minutes:edited', subject: { kind: 'sitting', id: sittingId }, data: { revision: rev.revision, textSha256: rev.textSha256 } });
    return rev;
  });
}

export function revisionView(r: RevisionLean, names: ReadonlyMap<string, string>): MinutesRevisionView {
  return { revision: r.revision, kind: r.kind, text: r.text, textSha256: r.textSha256, byName: names.get(String(r.by)) ?? '', at: new Date(r.at).toISOString(), note: r.note ?? '' };
}

/** Runs `task` in the sitting's queue (signing must not interleave with an edit). */
export const inMinutesQueue = <T>(sittingId: string, task: () => Promise<T>) => queue.run(sittingId, task);
