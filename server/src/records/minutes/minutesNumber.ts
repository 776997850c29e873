import type { Deps } from '../../app/deps.js';
import { yearlyNumber } from '../yearlyNumber.js';

/** The number the minutes of `sittingId` take in their council's yearly series ("Số: 05/BB-HĐND"). */
export const minutesNumber = (deps: Deps, councilId: string, sittingId: string, signedAt: Date): Promise<number> =>
  yearlyNumber(deps.models.MinutesNumber as never, 'sittingId', councilId, sittingId, signedAt);
