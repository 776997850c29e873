import type { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';

/** A sitting as the papers state it; its day, time and place once the secretariat has set them. */
export interface SittingFact {
  title: string;
  /** "2026-07-15" and "08:00", Vietnam time, or null. */
  day: string | null;
  time: string | null;
  place: string;
  closedDoors: boolean;
}

/** What the notice and every invitation say, as of their generation (stored with the convening). */
export interface NoticeFacts {
  /** "HỘI ĐỒNG NHÂN DÂN" over "TỈNH NINH BÌNH": the issuing body, in capitals. */
  issuer: [string, string];
  councilName: string;
  /** The unit's name ("Tỉnh Ninh Bình"), for "Hội đồng nhân dân tỉnh Ninh Bình". */
  unitName: string;
  term: string;
  /** `name` is how the papers call it: the council's number ("Kỳ họp thứ 5") or else the title. */
  session: { name: string; title: string; kind: 'regular' | 'thematic' | 'extraordinary'; startsAt: string; endsAt: string; venue: string };
  sittings: SittingFact[];
  /** Top-level agenda items in order, each with its sub-items. */
  agenda: Array<{ title: string; presenter: string; children: string[] }>;
}

export const KIND_LABEL: Record<NoticeFacts['session']['kind'], string> = {
  regular: 'thường lệ',
  thematic: 'chuyên đề',
  extraordinary: 'bất thường',
};

const UNIT_TYPE_WORDS = /^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+/i;

/** "Tỉnh Ninh Bình" → "Ninh Bình": the place in the date line. */
export const placeOf = (unitName: string) => unitName.normalize('NFC').replace(UNIT_TYPE_WORDS, '').trim() || unitName;

/** "Tỉnh Ninh Bình" → "tỉnh Ninh Bình", as it follows "Hội đồng nhân dân". */
export const unitInSentence = (unitName: string) => unitName.replace(UNIT_TYPE_WORDS, (w) => w.toLocaleLowerCase('vi'));

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function sittingFact(s: { title: string; date?: string | null; startTime?: string | null; venue?: string | null; closedDoors?: boolean | null }): SittingFact {
  return {
    title: s.title,
    day: /^\d{4}-\d{2}-\d{2}$/.test(text(s.date)) ? text(s.date) : null,
    time: /^\d{2}:\d{2}$/.test(text(s.startTime)) ? text(s.startTime) : null,
    place: text(s.venue),
    closedDoors: s.closedDoors === true,
  };
}

/** Reads everything the papers state about a session, now. */
export async function gatherFacts(deps: Deps, session: { _id: Types.ObjectId; councilId: Types.ObjectId; number?: string | null; title: string; kind?: string | null; startsAt: Date; endsAt: Date; venue?: string | null }): Promise<NoticeFacts> {
  const { Council, Unit, Sitting, AgendaItem } = deps.models;
  const council = await Council.findById(session.councilId).lean();
  const unit = council ? await Unit.findById(council.unitId).lean() : null;
  const unitName = unit?.name ?? council?.name ?? '';
  const sittings = await Sitting.find({ sessionId: session._id }).lean();
  // In the order they are held; those without a day yet last.
  const facts = sittings.map(sittingFact).sort((a, b) => `${a.day ?? '9'}${a.time ?? ''}`.localeCompare(`${b.day ?? '9'}${b.time ?? ''}`));
  const items = await AgendaItem.find({ sessionId: session._id }).sort({ order: 1 }).lean();
  const top = items.filter((i) => !i.parentId);
  return {
    issuer: ['HỘI ĐỒNG NHÂN DÂN', unitName.toLocaleUpperCase('vi')],
    councilName: council?.name ?? '',
    unitName,
    term: council?.term ?? '',
    session: {
      name: session.number || session.title,
      title: session.title,
      kind: (session.kind ?? 'regular') as NoticeFacts['session']['kind'],
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      venue: session.venue ?? '',
    },
    sittings: facts,
    agenda: top.map((i) => ({
      title: i.title,
      presenter: i.presenter ?? '',
      children: items.filter((c) => String(c.parentId) === String(i._id)).map((c) => c.title),
    })),
  };
}
