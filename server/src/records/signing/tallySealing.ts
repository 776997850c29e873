import type { PDFDocument } from 'pdf-lib';
import type { Deps } from '../../app/deps.js';
import type { SignatureRoom } from '../../platform/pdf/official.js';
import { sealOnce, storedSealed } from './sealOnce.js';
import { chains } from '../../audit/chains.js';

/**
 * A closed round's tally record (biên bản kiểm phiếu) with the council's seal in it, made on
 * its first download and stored, so every later download is the same file (sealOnce.ts).
 */

/** The tally record of a round as sealed before, or null when it has not been sealed yet. */
export const storedTally = (deps: Deps, pollId: string, round: number): Promise<Buffer | null> => storedSealed(deps, 'SealedTally', `${pollId}:${round}`);

/** Renders, seals and stores a round's tally record (call when storedTally found none): the seal at the foot on the right. */
export function sealedTally(deps: Deps, id: { pollId: string; round: number; sittingId: string }, council: { _id: unknown; name: string },
  render: (addField: (doc: PDFDocument, sealRoom: SignatureRoom) => Promise<void>) => Promise<Uint8Array>): Promise<Buffer> {
  const key = `${id.pollId}:${id.round}`;
  const audit = { chain: chains.sitting(id.sittingId), action: 'tally:sealed', subject: { kind: 'poll', id: id.pollId }, data: { round: id.round } };
  return sealOnce(deps, { model: 'SealedTally', key, fileName: `bien-ban-kiem-phieu-${key}.pdf`, purpose: 'tally-record', sittingId: id.sittingId, reason: 'Đóng dấu biên bản kiểm phiếu', audit },
    council, (placeSeal) => render((doc, room) => placeSeal(doc, { x: room.x + room.width - 120, y: room.y, width: 120, height: room.height }, room.page)));
}
