import { z } from 'zod';
import { Id } from './common.js';
import { AgendaKind } from './agenda.js';
import { DocumentKind } from './document.js';
import { PollKind, Threshold } from './poll.js';
import { QuestionStatus } from './questions.js';

/**
 * The public portal (cổng thông tin công khai): what anyone may read without signing in.
 * Only what is published is ever shown: no draft session or sitting, nothing of a closed
 * sitting (họp kín), no document but `public` ones, poll results only once published, the
 * minutes and resolutions only once signed. Anything else answers `not_found`, as if it did not exist.
 * Every view below is served under /api/public (GET, ETag, short public cache).
 */

/** A council as the public sees it. GET /api/public/councils → PublicCouncil[]. */
export const PublicCouncil = z.object({
  id: z.string(),
  /** "Hội đồng nhân dân tỉnh Lào Cai" */
  name: z.string(),
  /** The administrative unit's name ("Tỉnh Lào Cai"); empty if unknown. */
  unitName: z.string(),
  /** The unit's level (cấp) as named in the reference data ("Tỉnh", "Xã"); empty if unknown. */
  level: z.string(),
  /** N: the elected total every vote threshold counts against. */
  electedTotal: z.number().int(),
  /** The term (khóa), e.g. "2021-2026"; null if not recorded. */
  term: z.string().nullable(),
});
export type PublicCouncil = z.infer<typeof PublicCouncil>;

/** Public sittings and sessions are only ever in one of these states (never draft). */
export const PublicStatus = z.enum(['published', 'open', 'closed']);
export type PublicStatus = z.infer<typeof PublicStatus>;

/** A public sitting (phiên họp) in the calendar. Closed sittings (họp kín) are left out entirely. */
export const PublicSittingSummary = z.object({
  id: z.string(),
  title: z.string(),
  status: PublicStatus,
  /** Day (YYYY-MM-DD) and start time (HH:MM), Vietnam time; null when not yet set. */
  date: z.string().nullable(),
  startTime: z.string().nullable(),
  venue: z.string(),
});
export type PublicSittingSummary = z.infer<typeof PublicSittingSummary>;

/** A session (kỳ họp) in the calendar: published/open/closed, not cancelled. */
export const PublicSession = z.object({
  id: z.string(),
  /** "Kỳ họp thứ 5"; may be empty on old sessions. */
  number: z.string(),
  title: z.string(),
  kind: z.enum(['regular', 'thematic', 'extraordinary']),
  status: PublicStatus,
  /** ISO times. */
  startsAt: z.string(),
  endsAt: z.string(),
  venue: z.string(),
  /** Its public sittings, by date and start time. */
  sittings: z.array(PublicSittingSummary),
});
export type PublicSession = z.infer<typeof PublicSession>;

/** GET /api/public/councils/:councilId/calendar — sessions newest first. */
export const PublicCalendar = z.object({
  council: PublicCouncil,
  sessions: z.array(PublicSession),
});
export type PublicCalendar = z.infer<typeof PublicCalendar>;

/**
 * One agenda item the sitting takes up, in reading order (parent before its children),
 * numbered as the printed programme and the tablets number it ("2.1"). Build a tree from
 * `parentId` (null: top level of the sitting's agenda) or indent by `depth`.
 */
export const PublicAgendaItem = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  number: z.string(),
  depth: z.number().int(),
  title: z.string(),
  kind: AgendaKind,
  /** Time allotted, in minutes. */
  minutes: z.number().int(),
  presenter: z.string(),
});
export type PublicAgendaItem = z.infer<typeof PublicAgendaItem>;

/** A public document (access `public`) of the sitting's session or agenda. */
export const PublicDocument = z.object({
  id: z.string(),
  title: z.string(),
  kind: DocumentKind,
  /** The agenda item it belongs to; null for the session's general documents. */
  agendaItemId: z.string().nullable(),
  pages: z.number().int(),
  bytes: z.number().int(),
  /** GET it for the PDF (Range requests supported): /api/public/documents/:id/file. */
  fileUrl: z.string(),
});
export type PublicDocument = z.infer<typeof PublicDocument>;

/** One option's count; `outcome` per candidate of an election. */
export const PublicPollCount = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().int(),
  outcome: z.enum(['PASSED', 'FAILED']).optional(),
});
export type PublicPollCount = z.infer<typeof PublicPollCount>;

/**
 * A poll whose results the chair published (poll status `published`), as of its last round.
 * Secret polls: counts only, never who chose what. Named (open) polls: each delegate's choice.
 */
export const PublicPoll = z.object({
  id: z.string(),
  agendaItemId: z.string().nullable(),
  title: z.string(),
  kind: PollKind,
  secret: z.boolean(),
  round: z.number().int(),
  /** N, the council's elected total the threshold counts against. */
  electedTotal: z.number().int(),
  threshold: Threshold,
  /** "Quá nửa tổng số đại biểu (trên 1/2 N)" */
  thresholdText: z.string(),
  /** The smallest number of yes votes that passes; null if none can. */
  requiredYes: z.number().int().nullable(),
  /** Ballots issued (null on tallies recorded before it was kept), ballots cast, not voted (N − cast). */
  issued: z.number().int().nullable(),
  ballots: z.number().int(),
  didNotVote: z.number().int(),
  counts: z.array(PublicPollCount),
  /** Resolution/custom: PASSED or FAILED against the threshold of N; null for elections and confidence votes. */
  outcome: z.enum(['PASSED', 'FAILED']).nullable(),
  /** Confidence votes (lấy phiếu tín nhiệm): per person, counts per level. */
  confidence: z.array(z.object({
    key: z.string(), label: z.string(), high: z.number().int(), medium: z.number().int(), low: z.number().int(), lowShareOfN: z.string(),
    consequence: z.enum(['none', 'resignation_or_confidence_vote', 'dismissal_to_be_proposed']),
  })).optional(),
  /** Named (open) polls only: each delegate's choices (labels), by name. Never present for a secret poll. */
  named: z.array(z.object({ delegateId: z.string(), name: z.string(), choices: z.array(z.string()) })).optional(),
  /** ISO time the round closed. */
  closedAt: z.string().nullable(),
});
export type PublicPoll = z.infer<typeof PublicPoll>;

/** A question (chất vấn) of the sitting, with its answer and commitments once given. */
export const PublicQuestion = z.object({
  id: z.string(),
  agendaItemId: z.string().nullable(),
  askedByName: z.string(),
  /** The official asked ("Giám đốc Sở Tài chính"). */
  official: z.string(),
  status: QuestionStatus,
  askedAt: z.string(),
  answer: z.object({ mode: z.enum(['oral', 'written']), text: z.string(), at: z.string() }).nullable(),
  commitments: z.array(z.object({ text: z.string(), dueDate: z.string().nullable() })),
});
export type PublicQuestion = z.infer<typeof PublicQuestion>;

/** The signed minutes (biên bản) of the sitting; absent until signed. */
export const PublicMinutes = z.object({
  signedAt: z.string(),
  fileName: z.string(),
  bytes: z.number().int(),
  /** Hex SHA-256 of the signed PDF. */
  sha256: z.string(),
  /** GET it for the PDF: /api/public/minutes/:sittingId/file. */
  fileUrl: z.string(),
});
export type PublicMinutes = z.infer<typeof PublicMinutes>;

/**
 * A resolution (nghị quyết) the sitting adopted, once the chair has signed it and the
 * council's seal followed: only the signed PDF is ever public, never a draft.
 */
export const PublicResolution = z.object({
  /** The adopting vote's id (the resolution is known by it). */
  pollId: z.string(),
  /** "Số: 01/NQ-HĐND" */
  number: z.string(),
  /** The title the signed resolution bears ("Nghị quyết về ngân sách"; its vote was "Thông qua Nghị quyết về ngân sách"). */
  title: z.string(),
  /** ISO time the vote that adopted it closed. */
  adoptedAt: z.string(),
  /** Yes votes against N, the council's elected total. */
  yes: z.number().int(),
  electedTotal: z.number().int(),
  signedAt: z.string(),
  fileName: z.string(),
  bytes: z.number().int(),
  /** Hex SHA-256 of the signed PDF. */
  sha256: z.string(),
  /** GET it for the PDF: /api/public/resolutions/:pollId/file. */
  fileUrl: z.string(),
});
export type PublicResolution = z.infer<typeof PublicResolution>;

/** Who has the floor now: a name and where from, nothing else. */
export const PublicSpeaker = z.object({
  name: z.string(),
  kind: z.enum(['speak', 'debate', 'question']),
  /** For a question: the official asked. */
  official: z.string().nullable(),
  /** "Hội trường", a meeting point's name, or "Trực tuyến". */
  from: z.string(),
  startedAt: z.string(),
  limitSeconds: z.number().int(),
});
export type PublicSpeaker = z.infer<typeof PublicSpeaker>;

/** The live part of an open sitting. */
export const PublicLive = z.object({
  currentItemId: z.string().nullable(),
  /** The current item's number and title ("2.1 Tờ trình…"), for a ticker; null if none. */
  currentItemTitle: z.string().nullable(),
  speaking: PublicSpeaker.nullable(),
  /** Delegates attending (hall or online) against N and the quorum. */
  present: z.number().int(),
  electedTotal: z.number().int(),
  quorumMet: z.boolean(),
});
export type PublicLive = z.infer<typeof PublicLive>;

/** A jump point in a sitting's recording: an agenda item taken up, or a turn at the floor. */
export const PublicChapter = z.object({
  /** Seconds from the start of the recording. */
  at: z.number().min(0),
  kind: z.enum(['item', 'speaker']),
  /** "2.1. Tờ trình…" for an item; the speaker's name as published for a turn. */
  title: z.string(),
});
export type PublicChapter = z.infer<typeof PublicChapter>;

/**
 * The recording of a closed public sitting (its public parts only, joined into one HLS list):
 * GET playlistUrl, then its segments beside it.
 */
export const PublicRecording = z.object({
  playlistUrl: z.string(),
  durationSeconds: z.number().min(0),
  chapters: z.array(PublicChapter),
});
export type PublicRecording = z.infer<typeof PublicRecording>;

/** GET /api/public/sittings/:sittingId — one public sitting, everything published about it. */
export const PublicSitting = PublicSittingSummary.extend({
  council: z.object({ id: z.string(), name: z.string(), electedTotal: z.number().int() }),
  session: z.object({ id: z.string(), number: z.string(), title: z.string() }),
  agenda: z.array(PublicAgendaItem),
  documents: z.array(PublicDocument),
  polls: z.array(PublicPoll),
  questions: z.array(PublicQuestion),
  minutes: PublicMinutes.nullable(),
  /** The signed resolutions adopted in the sitting, by number. */
  resolutions: z.array(PublicResolution),
  /** Set while the sitting is open; null otherwise. */
  live: PublicLive.nullable(),
  /** Once the sitting has closed and its recording is sealed; absent otherwise. */
  recording: PublicRecording.optional(),
});
export type PublicSitting = z.infer<typeof PublicSitting>;

/** A delegate and their attendance at public sittings. */
export const PublicDelegate = z.object({
  id: z.string(),
  name: z.string(),
  /** Chair (chủ tọa) or delegate. */
  role: z.enum(['delegate', 'chair']),
  /** Their constituency / unit, if recorded; null otherwise. */
  unit: z.string().nullable(),
  /** Public sittings held (closed) at which they attended in the hall or online. */
  attended: z.number().int(),
  /** Public sittings held (status closed) by the council: the same for every delegate. */
  held: z.number().int(),
});
export type PublicDelegate = z.infer<typeof PublicDelegate>;

/** GET /api/public/councils/:councilId/delegates — by name. */
export const PublicDelegateList = z.object({
  council: PublicCouncil,
  /** Public sittings held (status closed). */
  held: z.number().int(),
  delegates: z.array(PublicDelegate),
});
export type PublicDelegateList = z.infer<typeof PublicDelegateList>;

/** Path parameters. */
export const PublicCouncilParams = z.object({ councilId: Id });
export const PublicSittingParams = z.object({ sittingId: Id });
export const PublicDocumentParams = z.object({ documentId: Id });
export const PublicResolutionParams = z.object({ pollId: Id });
/** A recording's file: the joined playlist or a segment of part n (`p0-rec-00000.ts`); nothing with a path in it. */
export const RECORDING_FILE = /^(recording\.m3u8|p\d{1,3}-rec-\d{5,7}\.ts)$/;
export const PublicRecordingFileParams = z.object({ sittingId: Id, file: z.string().max(40).regex(RECORDING_FILE, 'must be recording.m3u8 or a segment name') });

/**
 * Realtime, no sign-in, in the socket.io namespace PORTAL_NAMESPACE (`io('/portal')`; the
 * members' namespace needs a sign-in): emit `portal:follow` {sittingId} (ack: Ack<PublicSitting>); the server
 * then emits `portal:sitting` with the whole PublicSitting whenever its public projection
 * changes, and `portal:gone` {sittingId} if it stops being public (e.g. made closed-doors):
 * drop it then. `portal:unfollow` {sittingId} stops the pushes.
 */
export const PortalFollow = z.object({ sittingId: Id });
export type PortalFollow = z.infer<typeof PortalFollow>;
export const PortalGone = z.object({ sittingId: z.string() });
export type PortalGone = z.infer<typeof PortalGone>;
export const PORTAL_NAMESPACE = '/portal';
export const PORTAL_EVENTS = { follow: 'portal:follow', unfollow: 'portal:unfollow', sitting: 'portal:sitting', gone: 'portal:gone' } as const;
