import { z } from 'zod';

/** One session (kỳ họp) of my councils, as the home page lists it. */
export const SessionSummary = z.object({
  id: z.string(),
  councilId: z.string(),
  councilName: z.string(),
  /** "Kỳ họp thứ 5"; empty for sessions created before it was asked. */
  number: z.string(),
  title: z.string(),
  kind: z.enum(['regular', 'thematic', 'extraordinary']),
  status: z.enum(['draft', 'published', 'open', 'closed']),
  startsAt: z.string(),
  endsAt: z.string(),
  venue: z.string(),
  /** Set when the secretariat cancelled the session: it stays listed, marked, and nothing opens in it. */
  cancelledAt: z.string().nullable(),
  cancelReason: z.string(),
  agendaItems: z.number().int(),
  documents: z.number().int(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/** A calendar day as a date input gives it (YYYY-MM-DD), read as a day in Vietnam (UTC+7). */
export const CalendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'must be a real date');

/**
 * A new session (secretariat). New sessions are regular (thường lệ) or thematic (chuyên đề);
 * `extraordinary` remains readable on sessions that already have it.
 */
export const SessionInput = z.object({
  councilId: z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-character hexadecimal id'),
  number: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(300),
  kind: z.enum(['regular', 'thematic']),
  startDate: CalendarDay,
  endDate: CalendarDay,
  venue: z.string().trim().max(300).default(''),
});
export type SessionInput = z.infer<typeof SessionInput>;

export const SessionPatch = z.object({
  number: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(300),
  kind: z.enum(['regular', 'thematic']),
  startDate: CalendarDay,
  endDate: CalendarDay,
  venue: z.string().trim().max(300),
}).partial();
export type SessionPatch = z.infer<typeof SessionPatch>;

/** Cancelling a session says why: delegates and the minutes see the reason. */
export const SessionCancel = z.object({ reason: z.string().trim().min(1).max(500) });
export type SessionCancel = z.infer<typeof SessionCancel>;
