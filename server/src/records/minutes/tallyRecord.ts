import type { Types } from 'mongoose';
import type { Deps } from '../../app/deps.js';
import { errors } from '../../platform/errors.js';
import { toPollRecord, type StoredClosure, type StoredPoll } from './pollRecord.js';
import { buildTallyPdf } from '../pdf/tallyPdf.js';
import { sealedTally, storedTally } from '../signing/tallySealing.js';
import { slug } from '../export/fileNames.js';
import { recordErrors } from '../errors.js';

export type TallyPoll = StoredPoll & { _id: unknown; title: string; sittingId: Types.ObjectId; councilId: Types.ObjectId };

export const tallyRecordName = (title: string, round: number) => `bien-ban-kiem-phieu-${slug(title, 50)}-vong-${round}.pdf`;

/**
 * The sealed tally record (biên bản kiểm phiếu) of one closed round, from the stored closure:
 * rendered and sealed on first use, the stored file after (tallySealing.ts). Whoever calls it
 * has decided the caller may see it. A round not closed is refused.
 */
export async function tallyRecordPdf(deps: Deps, poll: TallyPoll, round: number): Promise<Buffer> {
  const pollId = String(poll._id);
  // Sealed before: that file, without reading what it was rendered from.
  const stored = await storedTally(deps, pollId, round);
  if (stored) return stored;
  const closure = await deps.models.PollClosure.findById(`${pollId}:${round}`).lean<StoredClosure>();
  const record = closure ? toPollRecord(poll, closure, new Map()) : null;
  if (!record) throw recordErrors.roundNotClosed();
  const [sitting, council] = await Promise.all([deps.models.Sitting.findById(poll.sittingId).lean(), deps.models.Council.findById(poll.councilId).lean()]);
  if (!council) throw errors.notFound('hội đồng');
  const session = sitting ? await deps.models.CouncilSession.findById(sitting.sessionId).lean() : null;
  return sealedTally(deps, { pollId, round, sittingId: String(poll.sittingId) }, council, (addField) => buildTallyPdf({
    councilName: council.name, sessionTitle: session?.title ?? '', sittingTitle: sitting?.title ?? '', poll: record,
    countingCommittee: Array.isArray(poll.countingCommittee) ? poll.countingCommittee.map(String) : [], generatedAt: new Date(),
  }, addField));
}
