import type { z } from 'zod';
import type { SittingCommandName, SittingStatus as SittingStatusSchema } from '../../../contract/sitting.js';
import { errors, type AppError } from '../platform/errors.js';

type SittingStatus = z.infer<typeof SittingStatusSchema>;

/**
 * Every sitting command against every sitting status: whether a command can apply now. Who
 * may send it at all is declared with the command (contract/commands.ts) and checked by the
 * dispatcher before this; the handlers (commands.ts) then check what depends on the data
 * (whose request, which meeting point).
 *
 * | command            | draft | published | open | closed |
 * |--------------------|-------|-----------|------|--------|
 * | sitting:setStatus  |  yes  |    yes    | yes  |   no   |
 * | sitting:setClosedDoors | no |  no     | yes  |   no   |
 * | attendance:checkIn |  no   |    yes    | yes  |   no   |
 * | agenda:setCurrent  |  no   |    no     | yes  |   no   |
 * | floor:*            |  no   |    no     | yes  |   no   |
 *
 * Attendance is taken from publication on, so the quorum can be known before the opening; a
 * closed sitting (bế mạc) is final: its minutes are built from it.
 */
/** Statuses in which each command applies (otherwise `conflict`, with what the status means). */

const OPEN_ONLY: readonly SittingStatus[] = ['open'];

export const COMMAND_STATUSES: Record<SittingCommandName, readonly SittingStatus[]> = {
  'sitting:setStatus': ['draft', 'published', 'open'],
  'attendance:checkIn': ['published', 'open'],
  // Before the opening the secretariat edits the sitting (PATCH /api/sittings/:id).
  'sitting:setClosedDoors': OPEN_ONLY,
  'agenda:setCurrent': OPEN_ONLY,
  'floor:request': OPEN_ONLY,
  'floor:withdraw': OPEN_ONLY,
  'floor:reorder': OPEN_ONLY,
  'floor:grant': OPEN_ONLY,
  'floor:end': OPEN_ONLY,
};

const notNow: Record<SittingStatus, () => AppError> = {
  draft: () => errors.conflict('Phiên họp chưa được công bố; hãy công bố phiên họp trước. / The sitting has not been published yet; publish it first.'),
  published: () => errors.conflict('Phiên họp chưa khai mạc. / The sitting has not been opened yet.'),
  open: () => errors.conflict('Phiên họp đang diễn ra; không thể thực hiện thao tác này lúc này. / The sitting is in progress; this cannot be done now.'),
  closed: () => errors.conflict('Phiên họp đã bế mạc; không thể thay đổi. / The sitting has been closed; it can no longer change.'),
};

/** Refuses a command the sitting's status does not allow (`conflict`, saying why). */
export function assertStatusAllows(name: SittingCommandName, status: SittingStatus): void {
  if (!COMMAND_STATUSES[name].includes(status)) throw notNow[status]();
}
