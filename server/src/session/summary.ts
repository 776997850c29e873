import type { Types } from 'mongoose';
import type { SessionSummary } from '../../../contract/session.js';
import type { Deps } from '../app/deps.js';

type SessionLean = {
  _id: Types.ObjectId; councilId: Types.ObjectId; number?: string | null; title: string; kind: string; status: string;
  startsAt: Date; endsAt: Date; venue?: string | null; cancelledAt?: Date | null; cancelReason?: string | null;
};

/** A session as every list shows it, with its counts (the home page, the secretariat's list). */
export async function sessionSummary(deps: Deps, s: SessionLean, councilName: string): Promise<SessionSummary> {
  const { AgendaItem, Document } = deps.models;
  return {
    id: String(s._id),
    councilId: String(s.councilId),
    councilName,
    number: s.number ?? '',
    title: s.title,
    kind: s.kind as SessionSummary['kind'],
    status: s.status as SessionSummary['status'],
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    venue: s.venue ?? '',
    cancelledAt: s.cancelledAt ? s.cancelledAt.toISOString() : null,
    cancelReason: s.cancelReason ?? '',
    agendaItems: await AgendaItem.countDocuments({ sessionId: s._id }),
    documents: await Document.countDocuments({ sessionId: s._id, supersededBy: null, withdrawnAt: null }),
  };
}

/** Vietnam keeps UTC+7 all year: a session day opens at 08:00 and ends at 17:00 there. */
const VN_OFFSET_HOURS = 7;
export const dayStart = (day: string): Date => new Date(Date.parse(`${day}T08:00:00Z`) - VN_OFFSET_HOURS * 3600_000);
export const dayEnd = (day: string): Date => new Date(Date.parse(`${day}T17:00:00Z`) - VN_OFFSET_HOURS * 3600_000);
/** The calendar day (YYYY-MM-DD) of an instant, in Vietnam. */
export const vnDay = (at: Date): string => new Date(at.getTime() + VN_OFFSET_HOURS * 3600_000).toISOString().slice(0, 10);
