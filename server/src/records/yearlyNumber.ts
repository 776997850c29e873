import type { Model } from 'mongoose';
import { vnYear } from '../platform/pdf/official.js';

const isDup = (err: unknown) => (err as { code?: number }).code === 11000;

/** A yearly series' collection: _id `councilId:year:number`, the subject's field unique. */
type NumberModel = Model<{ _id: string; councilId: string; year: number; number: number; at: Date }>;

/**
 * The number `subjectId` takes in its council's series for the year of `at` (in Vietnam's
 * time): the next after the highest one taken, reserved before the PDF is rendered. A number
 * is never given twice: the unique _id refuses a racing signer, who takes the next one. A
 * subject whose signing failed after the reservation keeps its number for the next attempt,
 * so a failure leaves no gap; one reserved in another year is given up for this year's.
 *
 * Why a counter and not a number typed by the secretariat: Decree 30/2020 requires a unique,
 * continuous yearly series per body and kind; the server can guarantee that, a typed field cannot.
 */
export async function yearlyNumber(model: NumberModel, subjectField: string, councilId: string, subjectId: string, at: Date): Promise<number> {
  const year = vnYear(at);
  for (let attempt = 0; attempt < 50; attempt++) {
    const mine = await model.findOne({ [subjectField]: subjectId }).lean();
    if (mine && mine.year === year) return mine.number;
    if (mine) await model.deleteOne({ _id: mine._id, [subjectField]: subjectId });
    const last = await model.findOne({ councilId, year }).sort({ number: -1 }).lean();
    const number = (last?.number ?? 0) + 1;
    try {
      await model.create({ _id: `${councilId}:${year}:${number}`, councilId, year, number, [subjectField]: subjectId, at });
      return number;
    } catch (err) {
      if (!isDup(err)) throw err;
    }
  }
  throw new Error(`${model.modelName}: too many concurrent signings`);
}
