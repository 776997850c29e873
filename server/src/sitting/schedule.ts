import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';

/** Vietnam keeps UTC+7 all year. */
const vnDay = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * What the secretariat sets on a sitting must fit its session: the day within the session's
 * days (Vietnam time), a real calendar day, and agenda items of this session's agenda.
 */
export async function assertSittingFits(
  deps: Deps,
  session: { _id: Types.ObjectId; startsAt: Date; endsAt: Date },
  body: { date?: string | null; agendaItemIds?: readonly string[] },
): Promise<void> {
  if (body.date) {
    const parsed = new Date(`${body.date}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(body.date)) {
      throw errors.invalidField('date', 'Ngày họp không có thật. / The date does not exist.');
    }
    const first = vnDay(session.startsAt);
    const last = vnDay(session.endsAt);
    if (body.date < first || body.date > last) {
      throw errors.invalidField('date', `Ngày họp phải trong thời gian kỳ họp (${first} – ${last}). / The sitting's date must fall within the session (${first} to ${last}).`);
    }
  }
  const ids = [...new Set(body.agendaItemIds ?? [])];
  if (ids.length > 0) {
    const found = await deps.models.AgendaItem.countDocuments({ sessionId: session._id, _id: { $in: ids.map((id) => new Types.ObjectId(id)) } });
    if (found !== ids.length) {
      throw errors.invalidField('agendaItemIds', 'Có nội dung không thuộc chương trình của kỳ họp này. / An agenda item is not on this session\'s agenda.');
    }
  }
}
