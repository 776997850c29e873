import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import type { Models } from '../app/models.js';
import { councilMembers } from '../council/members.js';
import type { CommandContext } from './commands.js';
import { councilRules } from '../council/rules.js';
import { sittingItemIds } from '../../../contract/sittingAgenda.js';

/**
 * What commands of a sitting need besides its own document: the council's rules, the agenda
 * item ids and the delegates with their rooms. Cached per sitting for CONTEXT_TTL_MS, so a
 * burst of commands reads them once (FerretDB scans a collection for every query); an
 * agenda edit drops the cache at once, a membership change shows within the TTL.
 */
export const CONTEXT_TTL_MS = 2000;
type Cached = { at: number; sessionId: string; ctx: Omit<CommandContext, 'now' | 'meetingPointIds' | 'closedDoors'> };
const caches = new WeakMap<Models, Map<string, Cached>>();

const cacheOf = (deps: Deps) => {
  let c = caches.get(deps.models);
  if (!c) caches.set(deps.models, (c = new Map()));
  return c;
};


/** The sitting's own fields (its meeting points) come from the document read with the command, never from the cache. */
export async function commandContext(deps: Deps, s: { id: string; sessionId: Types.ObjectId; councilId: Types.ObjectId; agendaItemIds?: readonly string[]; meetingPointIds?: readonly unknown[]; closedDoors?: boolean }): Promise<CommandContext> {
  const closedDoors = !!s.closedDoors;
  const meetingPointIds = new Set((s.meetingPointIds ?? []).map(String));
  const cache = cacheOf(deps);
  const hit = cache.get(s.id);
  if (hit && Date.now() - hit.at < CONTEXT_TTL_MS) return { ...hit.ctx, meetingPointIds, closedDoors, now: new Date() };
  const { quorum, rules } = await councilRules(deps, s.councilId);
  const items = await deps.models.AgendaItem.find({ sessionId: s.sessionId }, { _id: 1, parentId: 1 }).lean();
  const session = await deps.models.CouncilSession.findById(s.sessionId, { cancelledAt: 1 }).lean();
  const members = await councilMembers(deps, String(s.councilId));
  const room = new Map<string, string | null>();
  const delegateIds = new Set<string>();
  for (const [userId, m] of members) {
    if (m.roles.includes('delegate')) delegateIds.add(userId);
    if (m.roles.includes('delegate') || m.roles.includes('chair')) room.set(userId, m.meetingPointId);
  }
  const ctx = {
    quorumRules: quorum,
    speakingRules: { firstSpeechSeconds: rules.firstSpeechSeconds, followUpSeconds: rules.followUpSeconds, maxSpeechesPerTopic: rules.maxSpeechesPerTopic },
    onlineRules: { personalDevices: rules.personalDevices, graceSeconds: rules.onlineGraceSeconds },
    // The sitting's own items (with their sub-items) when it has chosen any, else the session's.
    agendaItemIds: sittingItemIds(items.map((i) => ({ id: String(i._id), parentId: i.parentId ? String(i.parentId) : null })), s.agendaItemIds ?? []),
    sessionCancelled: !!session?.cancelledAt,
    delegateIds,
    delegateRoom: room,
  };
  cache.set(s.id, { at: Date.now(), sessionId: String(s.sessionId), ctx });
  return { ...ctx, meetingPointIds, closedDoors, now: new Date() };
}

/** Drops cached contexts of a session's sittings (after an agenda edit). */
export function forgetSessionContext(deps: Deps, sessionId: string): void {
  const cache = cacheOf(deps);
  for (const [id, c] of cache) if (c.sessionId === sessionId) cache.delete(id);
}
