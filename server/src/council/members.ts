import { Types } from 'mongoose';
import type { Role } from '../../../contract/roles.js';
import type { Deps } from '../app/deps.js';
import type { Models } from '../app/models.js';
import { membershipGeneration } from './membership.model.js';

export interface MemberRoles {
  roles: Role[];
  meetingPointId: string | null;
}

/**
 * Every member of a council with their roles, cached per council. Any membership write in
 * this process invalidates it at once (see membershipGeneration); otherwise it is refreshed
 * in the background after REFRESH_MS, so no command waits for the reload. The embedded
 * database serves one server process; several processes need MongoDB and a shorter refresh.
 */
const REFRESH_MS = 30_000;
type Entry = { generation: number; at: number; members: Map<string, MemberRoles>; refreshing: Promise<void> | null };
const caches = new WeakMap<Models, Map<string, Entry>>();
/** Loads under way: a thousand tablets joining at once wait for one read, not a thousand. */
const loading = new WeakMap<Models, Map<string, { generation: number; members: Promise<Map<string, MemberRoles>> }>>();

async function load(deps: Deps, councilId: string): Promise<Map<string, MemberRoles>> {
  const ms = await deps.models.Membership.find({ councilId: new Types.ObjectId(councilId) }, { userId: 1, role: 1, meetingPointId: 1 }).lean();
  const members = new Map<string, MemberRoles>();
  for (const m of ms) {
    const id = String(m.userId);
    const e = members.get(id) ?? { roles: [], meetingPointId: null };
    e.roles.push(m.role as Role);
    if (!e.meetingPointId && m.meetingPointId) e.meetingPointId = String(m.meetingPointId);
    members.set(id, e);
  }
  return members;
}

export async function councilMembers(deps: Deps, councilId: string): Promise<Map<string, MemberRoles>> {
  let cache = caches.get(deps.models);
  if (!cache) caches.set(deps.models, (cache = new Map()));
  const gen = membershipGeneration();
  const hit = cache.get(councilId);
  if (hit && hit.generation === gen) {
    if (Date.now() - hit.at > REFRESH_MS && !hit.refreshing) {
      hit.refreshing = load(deps, councilId).then(
        (members) => { if (membershipGeneration() === gen) cache.set(councilId, { generation: gen, at: Date.now(), members, refreshing: null }); },
        () => { hit.refreshing = null; },
      );
    }
    return hit.members;
  }
  let pending = loading.get(deps.models);
  if (!pending) loading.set(deps.models, (pending = new Map()));
  const under = pending.get(councilId);
  if (under && under.generation === gen) return under.members;
  const inFlight = load(deps, councilId).then((members) => {
    if (membershipGeneration() === gen) cache.set(councilId, { generation: gen, at: Date.now(), members, refreshing: null });
    return members;
  }).finally(() => {
    if (pending.get(councilId)?.members === inFlight) pending.delete(councilId);
  });
  pending.set(councilId, { generation: gen, members: inFlight });
  return inFlight;
}
