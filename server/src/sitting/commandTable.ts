import type { z } from 'zod';
import type { SittingCommandName, SittingStatus as SittingStatusSchema } from '../../../contract/sitting.js';
import type { Role } from '../../../contract/roles.js';
import { errors, type AppError } from '../platform/errors.js';
import { has, type Actor } from '../council/actor.js';

type SittingStatus = z.infer<typeof SittingStatusSchema>;

/**
 * Every sitting command against every sitting status, and who may send it at all: the one
 * table that decides, before any state is read, whether a command can apply. The handlers
 * (commands.ts) then check what depends on the data (whose request, which meeting point).
 *
 * | command            | who                                    | draft | published | open | closed |
 * |--------------------|----------------------------------------|-------|-----------|------|--------|
 * | sitting:setStatus  | chair, secretariat                     |  yes  |    yes    | yes  |   no   |
 * | attendance:checkIn | secretariat, delegate, chair, operator |  no   |    yes    | yes  |   no   |
 * | agenda:setCurrent  | chair                                  |  no   |    no     | yes  |   no   |
 * | floor:*            | chair (grant, reorder), delegate/chair |  no   |    no     | yes  |   no   |
 *
 * Attendance is taken from publication on, so the quorum can be known before the opening; a
 * closed sitting (bế mạc) is final: its minutes are built from it.
 */
export interface CommandRule {
  /** Roles that may send the command at all (a refusal is `forbidden`, whatever the status). */
  roles: readonly Role[];
  /** Statuses in which it applies (otherwise `conflict`, with what the status means). */
  statuses: readonly SittingStatus[];
  /** What is refused, in the wording of `errors.forbidden`. */
  what: string;
}

const OPEN_ONLY: readonly SittingStatus[] = ['open'];

export const COMMAND_TABLE: Record<SittingCommandName, CommandRule> = {
  'sitting:setStatus': { roles: ['chair', 'secretariat'], statuses: ['draft', 'published', 'open'], what: 'mở hoặc đóng phiên họp' },
  'attendance:checkIn': { roles: ['secretariat', 'delegate', 'chair', 'meeting_point_operator'], statuses: ['published', 'open'], what: 'điểm danh' },
  'agenda:setCurrent': { roles: ['chair'], statuses: OPEN_ONLY, what: 'chuyển nội dung chương trình' },
  'floor:request': { roles: ['delegate', 'chair'], statuses: OPEN_ONLY, what: 'đăng ký phát biểu' },
  'floor:withdraw': { roles: ['delegate', 'chair'], statuses: OPEN_ONLY, what: 'rút đăng ký phát biểu' },
  'floor:reorder': { roles: ['chair'], statuses: OPEN_ONLY, what: 'sắp xếp thứ tự phát biểu' },
  'floor:grant': { roles: ['chair'], statuses: OPEN_ONLY, what: 'mời phát biểu' },
  'floor:end': { roles: ['delegate', 'chair'], statuses: OPEN_ONLY, what: 'kết thúc lượt phát biểu' },
};

const notNow: Record<SittingStatus, () => AppError> = {
  draft: () => errors.conflict('Phiên họp chưa được công bố; hãy công bố phiên họp trước. / The sitting has not been published yet; publish it first.'),
  published: () => errors.conflict('Phiên họp chưa khai mạc. / The sitting has not been opened yet.'),
  open: () => errors.conflict('Phiên họp đang diễn ra; không thể thực hiện thao tác này lúc này. / The sitting is in progress; this cannot be done now.'),
  closed: () => errors.conflict('Phiên họp đã bế mạc; không thể thay đổi. / The sitting has been closed; it can no longer change.'),
};

/** Refuses a sender who may never send this command (`forbidden`), whatever the sitting's status. */
export function authorise(name: SittingCommandName, actor: Actor): void {
  const rule = COMMAND_TABLE[name];
  if (!has(actor, ...rule.roles)) throw errors.forbidden(rule.what);
}

/** Refuses a command the sitting's status does not allow (`conflict`, saying why). */
export function assertStatusAllows(name: SittingCommandName, status: SittingStatus): void {
  if (!COMMAND_TABLE[name].statuses.includes(status)) throw notNow[status]();
}
