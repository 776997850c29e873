import type { Deps } from '../../app/deps.js';
import { vnYear } from '../../platform/pdf/official.js';

const isDup = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * The number the minutes of `sittingId` take in their council's series for the year they are
 * signed (in Vietnam's time): the next after the highest one taken, reserved before the PDF
 * is rendered. A number is never given twice: the unique _id refuses a racing signer, who
 * takes the next one. A sitting whose signing failed after the reservation keeps its number
 * for the next attempt, so a failure leaves no gap.
 *
 * Why a counter and not a number typed by the secretariat: the decree requires a unique,
 * continuous yearly series per body; the server can guarantee that, a typed field cannot.
 */
export async function minutesNumber(deps: Deps, councilId: string, sittingId: string, signedAt: Date): Promise<number> {
  const year = vnYear(signedAt);
  for (let attempt = 0; attempt < 50; attempt++) {
    const mine = await deps.models.MinutesNumber.findOne({ sittingId }).lean();
    if (mine && mine.year === year) return mine.number;
    if (mine) await deps.models.MinutesNumber.deleteOne({ _id: mine._id, sittingId });
    const last = await deps.models.MinutesNumber.findOne({ councilId, year }).sort({ number: -1 }).lean();
    const number = (last?.number ?? 0) + 1;
    try {
      await deps.models.MinutesNumber.create({ _id: `${councilId}:${year}:${number}`, councilId, year, number, sittingId, at: signedAt });
      return number;
    } catch (err) {
      if (!isDup(err)) throw err;
    }
  }
  throw new Error('minutes number: too many concurrent signings');
}
