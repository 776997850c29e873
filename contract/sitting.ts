import { z } from 'zod';
import { Id } from './common.js';

/**
 * A sitting (phiên họp) of a council session, as every screen sees it. The server holds it
 * in one document and changes it only by compare-and-swap on `version`; each change is a
 * delta with the version it produces, so a client can tell when it missed one.
 */
export const AttendanceStatus = z.enum(['hall', 'online', 'absent_excused', 'absent']);
export type AttendanceStatus = z.infer<typeof AttendanceStatus>;

/**
 * The link of a delegate attending online from their own device: `connected`; `reconnecting`
 * (the device dropped off, within the council's grace period: still counted as attending);
 * `lost` (the grace period passed: not counted for the quorum until the device is back).
 */
export const AttendanceLink = z.enum(['connected', 'reconnecting', 'lost']);
export type AttendanceLink = z.infer<typeof AttendanceLink>;

export const AttendanceEntry = z.object({
  userId: z.string(),
  status: AttendanceStatus,
  meetingPointId: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
  /** Online from a personal device: the device as the server saw it ("Chrome 131 · Android · máy tính bảng"). */
  device: z.string().nullable().optional(),
  /** Online from a personal device: where from, as the delegate said it ("Nhà riêng, xã Tân Lập"). */
  place: z.string().nullable().optional(),
  /** Online from a personal device: its link, and since when (null for the hall and meeting points). */
  link: AttendanceLink.nullable().optional(),
  linkAt: z.string().nullable().optional(),
  /** Online from a personal device: mediasoup's score (0–10) of what the device sends, when it is in the briefing. */
  linkScore: z.number().int().min(0).max(10).nullable().optional(),
});
export type AttendanceEntry = z.infer<typeof AttendanceEntry>;

/** Attending online from their own device (not the hall, not a meeting point). */
export const fromOwnDevice = (a: Pick<AttendanceEntry, 'status' | 'meetingPointId'>): boolean => a.status === 'online' && a.meetingPointId === null;

export const FloorKind = z.enum(['speak', 'debate', 'question']);
export type FloorKind = z.infer<typeof FloorKind>;

export const FloorRequest = z.object({
  requestId: z.string(),
  userId: z.string(),
  kind: FloorKind,
  /** For a question (chất vấn): the official asked. */
  official: z.string().nullable(),
  agendaItemId: z.string().nullable(),
  meetingPointId: z.string().nullable(),
  requestedAt: z.string(),
});
export type FloorRequest = z.infer<typeof FloorRequest>;

export const Speaking = FloorRequest.extend({
  startedAt: z.string(),
  limitSeconds: z.number().int(),
});
export type Speaking = z.infer<typeof Speaking>;

export const SittingStatus = z.enum(['draft', 'published', 'open', 'closed']);

export const Quorum = z.object({
  electedTotal: z.number().int(),
  required: z.number().int(),
  present: z.number().int(),
  missing: z.number().int(),
  met: z.boolean(),
  /** Of those counted: attending online (meeting points and own devices). */
  online: z.number().int().optional(),
  /** Of those counted: own devices whose link dropped, within the grace period. */
  reconnecting: z.number().int().optional(),
});
export type Quorum = z.infer<typeof Quorum>;

/** A meeting point (điểm cầu) taking part in a sitting, named for every screen. */
export const SittingMeetingPoint = z.object({ id: z.string(), name: z.string() });
export type SittingMeetingPoint = z.infer<typeof SittingMeetingPoint>;

export const SittingState = z.object({
  id: z.string(),
  sessionId: z.string(),
  councilId: z.string(),
  title: z.string(),
  status: SittingStatus,
  /** Closed sitting (họp kín): no observers, no external meeting points, no livestream. */
  closedDoors: z.boolean(),
  currentItemId: z.string().nullable(),
  /**
   * The agenda items this sitting takes up (an item brings its sub-items). Empty: the whole
   * session's agenda (sittings created before items were chosen).
   */
  agendaItemIds: z.array(z.string()),
  /**
   * The meeting points taking part (the sitting's `meetingPointIds`, with their names): only
   * these can join its video briefing, be chosen for online attendance and be given the floor.
   */
  meetingPoints: z.array(SittingMeetingPoint),
  /** Day (YYYY-MM-DD), start time (HH:MM) and place, as the secretariat set them. */
  date: z.string().nullable(),
  startTime: z.string().nullable(),
  venue: z.string(),
  attendance: z.array(AttendanceEntry),
  queue: z.array(FloorRequest),
  speaking: Speaking.nullable(),
  quorum: Quorum,
});
export type SittingState = z.infer<typeof SittingState>;

export const SittingSnapshot = z.object({ version: z.number().int(), state: SittingState });
export type SittingSnapshot = z.infer<typeof SittingSnapshot>;

/** Every command names the sitting and carries a client command id: resent, it is applied once. */
const Cmd = z.object({ sittingId: Id, commandId: z.string().min(8).max(64) });

export const SittingJoin = z.object({ sittingId: Id });
export const SetCurrentItem = Cmd.extend({ agendaItemId: Id.nullable() });
export const SetStatus = Cmd.extend({ status: SittingStatus });
/** The council decides, during an open sitting, to continue behind closed doors (họp kín), or to go public again. */
export const SetClosedDoors = Cmd.extend({ closedDoors: z.boolean() });
export const CheckIn = Cmd.extend({
  /** Omitted: the sender checks in themselves. */
  userId: Id.optional(),
  status: AttendanceStatus,
  meetingPointId: Id.nullable().default(null),
  reason: z.string().max(300).nullable().default(null),
  /** Online from one's own device: where from (optional, shown to the secretariat and the chair). */
  place: z.string().trim().max(120).nullable().default(null),
});
export const RequestFloor = Cmd.extend({
  kind: FloorKind,
  official: z.string().min(1).max(200).nullable().default(null),
  /**
   * On behalf of this delegate (omitted: the sender asks for themselves): the operator of the
   * meeting point the delegate attends this sitting from asks for them (one screen per room).
   */
  userId: Id.optional(),
});
export const WithdrawFloor = Cmd.extend({ requestId: z.string().max(64) });
export const ReorderQueue = Cmd.extend({ requestIds: z.array(z.string().max(64)).max(1000) });
export const GrantFloor = Cmd.extend({ requestId: z.string().max(64) });
export const EndFloor = Cmd.extend({});

export type SittingCommandName = 'sitting:setStatus' | 'sitting:setClosedDoors' | 'agenda:setCurrent' | 'attendance:checkIn' | 'floor:request' | 'floor:withdraw' | 'floor:reorder' | 'floor:grant' | 'floor:end';

/** A change broadcast to a sitting's room; `version` is the sitting's version after it. */
export const SittingDelta = z.object({
  sittingId: z.string(),
  version: z.number().int(),
  command: z.string(),
  /** The parts of the state that changed, replacing the old values. */
  patch: SittingState.partial(),
});
export type SittingDelta = z.infer<typeof SittingDelta>;

/** A sitting's day (YYYY-MM-DD) and start time (HH:MM), Vietnam time, as the date and time inputs give them. */
const SittingDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const StartTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');

/** Creating a sitting (secretariat). */
export const SittingInput = z.object({
  sessionId: Id,
  title: z.string().trim().min(1).max(200),
  closedDoors: z.boolean().default(false),
  meetingPointIds: z.array(Id).max(1000).default([]),
  date: SittingDay.nullable().default(null),
  startTime: StartTime.nullable().default(null),
  venue: z.string().trim().max(300).default(''),
  agendaItemIds: z.array(Id).max(500).default([]),
});
export type SittingInput = z.infer<typeof SittingInput>;

export const SittingPatch = z.object({
  title: z.string().trim().min(1).max(200),
  closedDoors: z.boolean(),
  meetingPointIds: z.array(Id).max(1000),
  date: SittingDay.nullable(),
  startTime: StartTime.nullable(),
  venue: z.string().trim().max(300),
  agendaItemIds: z.array(Id).max(500),
}).partial();

/** A sitting in lists (no live state; join over socket.io for that). */
export const SittingView = z.object({
  id: z.string(),
  sessionId: z.string(),
  councilId: z.string(),
  title: z.string(),
  status: SittingStatus,
  closedDoors: z.boolean(),
  meetingPointIds: z.array(z.string()),
  date: z.string().nullable(),
  startTime: z.string().nullable(),
  venue: z.string(),
  agendaItemIds: z.array(z.string()),
  version: z.number().int(),
});
export type SittingView = z.infer<typeof SittingView>;

/**
 * A delegate (or the chair) as every screen of a sitting may show them: a name and a room,
 * no contact details. Readable by every member of the council.
 */
export const ParticipantView = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.enum(['delegate', 'chair']),
  meetingPointId: z.string().nullable(),
});
export type ParticipantView = z.infer<typeof ParticipantView>;
