import type { MediaRole } from '../../../contract/media.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { actorFor } from '../council/actor.js';
import { has, type Actor } from '../council/actor.js';
import { appendAudit } from '../audit/append.js';
import { mediaErrors } from './errors.js';
import { seesDrafts } from '../sitting/visibility.js';
import { chains } from '../audit/chains.js';

/** What a briefing needs to know about its sitting. */
export interface BriefingSitting {
  id: string;
  councilId: string;
  closedDoors: boolean;
  meetingPointIds: string[];
  /** The meeting point holding the floor now (from the sitting's speaker state). */
  floor: string | null;
}

type SittingLean = { _id: unknown; councilId: unknown; closedDoors: boolean; status: string; meetingPointIds?: unknown[]; speaking?: { meetingPointId?: string | null } | null };

export async function loadBriefingSitting(deps: Deps, sittingId: string): Promise<BriefingSitting & { status: string }> {
  const s = await deps.models.Sitting.findById(sittingId, { councilId: 1, closedDoors: 1, status: 1, meetingPointIds: 1, speaking: 1 }).lean<SittingLean>();
  if (!s) throw errors.notFound('phiên họp');
  return {
    id: sittingId,
    councilId: String(s.councilId),
    closedDoors: s.closedDoors,
    status: s.status,
    meetingPointIds: (s.meetingPointIds ?? []).map(String),
    floor: s.speaking?.meetingPointId ?? null,
  };
}

/**
 * May this user join the briefing in this role? The main hall is the chair's and the
 * secretariat's; a meeting point is its operator's and must be one of the sitting's; a
 * closed sitting (họp kín) admits no meeting point from outside and no observer.
 */
export function checkJoin(actor: Actor, s: BriefingSitting & { status: string }, role: MediaRole, meetingPointId: string | null): void {
  if (actor.roles.length === 0) throw errors.forbidden('tham gia cuộc họp trực tuyến này');
  if (s.status === 'closed') throw mediaErrors.sittingEnded();
  if (s.status === 'draft' && !seesDrafts(actor.roles)) throw errors.notFound('phiên họp');
  const onlyOutside = actor.roles.every((r) => r === 'observer' || r === 'meeting_point_operator');
  if (s.closedDoors && (role === 'room' || onlyOutside)) throw mediaErrors.closedSitting();
  if (role === 'hall' && !has(actor, 'chair', 'secretariat')) throw mediaErrors.hallOnly();
  if (role === 'room') {
    if (!meetingPointId) throw mediaErrors.roomNeedsMeetingPoint();
    if (!has(actor, 'meeting_point_operator') || actor.meetingPointId !== meetingPointId) throw mediaErrors.notYourRoom();
    if (!s.meetingPointIds.includes(meetingPointId)) throw mediaErrors.meetingPointNotInSitting();
  }
}

/**
 * Before every command after the join: the same rules against the sitting and the roles as
 * they are now (a role withdrawn, a meeting point taken off the sitting, the sitting closed
 * or made closed-door end what the join allowed). Roles come from the membership cache and
 * the sitting by _id, so the check costs one indexed read.
 */
export async function recheckAccess(deps: Deps, userId: string, a: { sittingId: string; role: MediaRole; meetingPointId: string | null }): Promise<void> {
  const s = await loadBriefingSitting(deps, a.sittingId);
  checkJoin(await actorFor(deps, userId, s.councilId), s, a.role, a.meetingPointId);
}

/** Authorises a join; every access to a closed sitting is appended to its audit chain. */
export async function authoriseJoin(deps: Deps, userId: string, sittingId: string, role: MediaRole, meetingPointId: string | null): Promise<BriefingSitting> {
  const s = await loadBriefingSitting(deps, sittingId);
  const actor = await actorFor(deps, userId, s.councilId);
  try {
    checkJoin(actor, s, role, meetingPointId);
  } catch (err) {
    deps.log.warn({ userId, sittingId, role }, 'media join refused');
    throw err;
  }
  if (s.closedDoors) {
    await appendAudit(deps, { chain: chains.sitting(sittingId), actorId: userId, action: 'media:joined', subject: { kind: 'sitting', id: sittingId }, data: { role } });
  }
  return s;
}
