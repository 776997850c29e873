import type { MinutesData } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';

/** The heading and closing of the minutes as an official document: plain data for pdf/minutesPdf.ts. */
export interface MinutesHeading {
  /** The issuing body over two lines: "Hội đồng nhân dân" / "Tỉnh Sông Hồng". */
  issuer: string[];
  /** The place name (địa danh) of the date line: the unit's name without its type ("Sông Hồng"). */
  place: string;
  /** The day of the sitting; null while it has not taken place. */
  date: Date | null;
  /** The subject (trích yếu) under the title: the sitting, then its session. */
  subject: string[];
  chair: string | null;
  secretary: string | null;
}

/** Unit types as they begin a unit's name; the place name is what follows. */
const UNIT_TYPE = /^(tỉnh|thành phố|xã|phường|đặc khu|huyện|quận|thị xã|thị trấn)\s+/iu;
export const placeName = (unitName: string) => unitName.replace(UNIT_TYPE, '').trim() || unitName;

/**
 * Reads the heading of a sitting's minutes: the issuing body is the council's unit's People's
 * Council ("HỘI ĐỒNG NHÂN DÂN / TỈNH SÔNG HỒNG"), the place is the unit's name, the date is
 * the day the sitting was held (minutes are dated the day of the meeting they record; the
 * signing time is stated in the signature block), from the facts the draft was generated from.
 */
export async function minutesHeading(deps: Deps, sittingId: string, data: MinutesData | null): Promise<MinutesHeading> {
  const sitting = await deps.models.Sitting.findById(sittingId, { title: 1, sessionId: 1, councilId: 1 }).lean();
  const [council, session] = await Promise.all([
    sitting ? deps.models.Council.findById(sitting.councilId, { name: 1, unitId: 1 }).lean() : null,
    sitting ? deps.models.CouncilSession.findById(sitting.sessionId, { title: 1 }).lean() : null,
  ]);
  const unit = council ? await deps.models.Unit.findById(council.unitId, { name: 1 }).lean() : null;
  const held = data?.closedAt ?? data?.openedAt ?? null;
  return {
    issuer: unit ? ['Hội đồng nhân dân', unit.name] : [council?.name ?? 'Hội đồng nhân dân'],
    place: unit ? placeName(unit.name) : '',
    date: held ? new Date(held) : null,
    subject: [sitting?.title ?? '', session?.title ?? ''].filter(Boolean),
    chair: data?.officials?.chair ?? null,
    secretary: data?.officials?.secretary ?? null,
  };
}
