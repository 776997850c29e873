import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import type { Models } from '../app/models.js';
import { errors } from '../platform/errors.js';

/**
 * Which council a sitting, a session or a poll belongs to. That never changes once created, so
 * the answers are kept (bounded) per database: the command path asks this before every
 * command and pays one indexed read per new id only.
 */
const MAX_KEPT = 20_000;
type Kind = 'sitting' | 'session' | 'poll';
const kept = new WeakMap<Models, Map<string, string>>();
/** Lookups under way, shared by the commands that ask at the same moment (a room joining). */
const asked = new WeakMap<Models, Map<string, Promise<string | null>>>();

const WHAT: Record<Kind, string> = { sitting: 'phiên họp', session: 'kỳ họp', poll: 'cuộc biểu quyết' };

async function lookup(deps: Deps, kind: Kind, id: string): Promise<string | null> {
  const projection = { councilId: 1 };
  const doc = kind === 'sitting' ? await deps.models.Sitting.findById(id, projection).lean()
    : kind === 'session' ? await deps.models.CouncilSession.findById(id, projection).lean()
      : await deps.models.Poll.findById(id, projection).lean();
  return doc ? String(doc.councilId) : null;
}

/** The council of a sitting, session or poll, or `not_found` in the thing's own words. */
export async function councilOf(deps: Deps, kind: Kind, id: string): Promise<string> {
  let cache = kept.get(deps.models);
  if (!cache) kept.set(deps.models, (cache = new Map()));
  const key = `${kind}:${id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let pending = asked.get(deps.models);
  if (!pending) asked.set(deps.models, (pending = new Map()));
  let lookingUp = pending.get(key);
  if (!lookingUp) {
    lookingUp = Types.ObjectId.isValid(id) ? lookup(deps, kind, id) : Promise.resolve(null);
    pending.set(key, lookingUp);
    void lookingUp.finally(() => pending.delete(key)).catch(() => {});
  }
  const councilId = await lookingUp;
  if (!councilId) throw errors.notFound(WHAT[kind]);
  if (cache.size >= MAX_KEPT) cache.clear();
  cache.set(key, councilId);
  return councilId;
}
