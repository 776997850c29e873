import type { MediaRole } from '../../../contract/media.js';
import { fromOwnDevice, type AttendanceEntry } from '../../../contract/sitting.js';
import { councilRules } from '../council/rules.js';
import { Types } from 'mongoose';
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
  /** Who holds the floor now (from the sitting's speaker state; see floorHolder). */
  floor: string | null;
}

type Lean = { _id: unknown; councilId: unknown; closedDoors: boolean; status: string; meetingPointIds?: unknown[]; speaking?: { userId: string; meetingPointId?: string | null } | null; attendance?: AttendanceEntry[] };

/**
 * The briefing's floor holder for the sitting's speaker: their meeting point when they speak
 * from one, their own user id when they attend from their own device, else nobody (a speaker
 * in the hall is heard through the hall).
 */
export function floorHolder(speaking: Lean['speaking'], attendance: readonly AttendanceEntry[]): string | null {
  if (!speaking) return null;
  if (speaking.meetingPointId) return speaking.meetingPointId;
  const a = attendance.find((e) => e.userId === speaking.userId);
  return a && fromOwnDevice(a) ? speaking.userId : null;
}

export async function loadBriefingSitting(deps: Deps, sittingId: string): Promise<BriefingSitting & { status: string }> {
  const s = await deps.models.Sitting.findById(sittingId, { councilId: 1, closedDoors: 1, status: 1, meetingPointIds: 1, speaking: 1, attendance: 1 }).lean<Lean>();
  if (!s) throw errors.notFound('phiên họp');
  return {
    id: sittingId,
    councilId: String(s.councilId),
    closedDoors: s.closedDoors,
    status: s.status,
    meetingPointIds: (s.meetingPointIds ?? []).map(String),
    floor: floorHolder(s.speaking, s.attendance ?? []),
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
  if (role === 'remote') {
    if (!has(actor, 'delegate', 'chair')) throw mediaErrors.remoteDelegatesOnly();
    if (s.closedDoors) throw mediaErrors.closedToRemote();
  }
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
    // The council's rules may not allow personal devices (checked at the join: a change of
    // the rules during a sitting does not cut delegates already in).
    if (role === 'remote' && !(await councilRules(deps, new Types.ObjectId(s.councilId))).rules.personalDevices) throw mediaErrors.personalDevicesOff();
  } catch (err) {
    deps.log.warn({ userId, sittingId, role }, 'media join refused');
    throw err;
  }
  if (s.closedDoors) {
    await appendAudit(deps, { chain: chains.sitting(sittingId), actorId: userId, action: 'media:joined', subject: { kind: 'sitting', id: sittingId }, data: { role } });
  }
  return s;
}
