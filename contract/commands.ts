import { z } from 'zod';
import { Id } from './common.js';
import type { Role } from './roles.js';
import type { MeView } from './auth.js';
import { PresenterPage } from './notes.js';
import { SittingJoin, SetStatus, SetClosedDoors, SetCurrentItem, CheckIn, RequestFloor, WithdrawFloor, ReorderQueue, GrantFloor, EndFloor, type SittingSnapshot } from './sitting.js';
import { PollCreate, PollUpdate, PollOpen, PollReopen, PollRef, PollList, BallotInput, type PollDeleted, type PollEntry, type PollView, type Receipt, type TallyView } from './poll.js';
import { MediaJoin, MediaTransportRef, MediaTransportConnect, MediaProduce, MediaConsume, MediaConsumerRef, MediaProducerRef, MediaLayers, type MediaJoined, type MediaTransportView, type MediaConsumerView } from './media.js';

/**
 * Every socket command, declared once (as `ApiRouter` declares REST): its payload schema, what
 * its acknowledgement carries, and who may send it. The socket.io event maps (events.ts) are
 * derived from this table, the server's dispatcher (server/src/platform/realtime/dispatch.ts)
 * validates and authorises from it before any handler runs, and a permission-matrix test
 * sends every command as every role.
 */

/**
 * Where a command acts, so the dispatcher can find the council whose roles count:
 * - `sitting` / `session` / `poll`: the council of the payload's `sittingId` / `sessionId` / `pollId`;
 * - `briefing`: the council of the video briefing this connection joined (media:join);
 * - `none`: no council (the sender's own things: who am I, leaving a room).
 */
export type CommandScope = 'none' | 'sitting' | 'session' | 'poll' | 'briefing';

/**
 * Who may send it: these roles in the scope's council; `member` any role there; `anyone` any
 * signed-in user (only with scope `none`). A sender outside it is refused `forbidden` before
 * the handler runs; the handler then checks what depends on the data (whose request, which
 * room, whether the delegate has the floor).
 */
export type CommandWho = readonly Role[] | 'member' | 'anyone';

export interface CommandSpec<S extends z.ZodType | null = z.ZodType | null, A = unknown> {
  /** The payload schema (null: the payload is ignored). */
  input: S;
  scope: CommandScope;
  who: CommandWho;
  /** What a refused sender may not do, in the wording of a `forbidden` message ("… điểm danh"). */
  what: string;
  /** Type only: what a successful acknowledgement carries. */
  readonly ack?: A;
}

/** Declares one command; the acknowledgement's type is given first: `command<PollView>()({ … })`. */
const command = <A>() => <S extends z.ZodType | null>(spec: Omit<CommandSpec<S, A>, 'ack'>): CommandSpec<S, A> => spec;

/** What a sitting command acknowledges: the sitting's version after it. */
export interface CommandResult { version: number }

const SessionRef = z.object({ sessionId: Id });
const MEMBER = 'member' as const;
const CHAIR_STAFF = ['chair', 'secretariat'] as const;

export const COMMANDS = {
  'me:get': command<MeView>()({ input: null, scope: 'none', who: 'anyone', what: 'xem tài khoản' }),
  /** Joins a sitting's room; acknowledges with the snapshot, deltas follow. */
  'sitting:join': command<SittingSnapshot>()({ input: SittingJoin, scope: 'sitting', who: MEMBER, what: 'theo dõi phiên họp này' }),
  /** Stops following a sitting (the screen was left). */
  'sitting:leave': command<null>()({ input: SittingJoin, scope: 'none', who: 'anyone', what: 'rời phiên họp' }),
  /** The snapshot again (after a gap in delta versions). */
  'sitting:snapshot': command<SittingSnapshot>()({ input: SittingJoin, scope: 'sitting', who: MEMBER, what: 'xem phiên họp này' }),
  /** Follows a session's dossier: `documents:changed` arrives when a document or version is added. */
  'session:follow': command<null>()({ input: SessionRef, scope: 'session', who: MEMBER, what: 'theo dõi kỳ họp này' }),
  'session:unfollow': command<null>()({ input: SessionRef, scope: 'none', who: 'anyone', what: 'thôi theo dõi kỳ họp' }),
  /** The presenter (chair, secretariat or the delegate who has the floor) shows a page to followers. */
  'presenter:page': command<null>()({ input: PresenterPage, scope: 'sitting', who: ['chair', 'secretariat', 'delegate'], what: 'trình chiếu tài liệu (dành cho chủ tọa, thư ký và đại biểu đang phát biểu)' }),
  /** The page being presented now in a sitting, if any (for a screen that starts following). */
  'presenter:get': command<(PresenterPage & { by: string }) | null>()({ input: SittingJoin, scope: 'sitting', who: MEMBER, what: 'theo dõi trình chiếu' }),

  // The sitting's live commands (server/src/sitting/commandTable.ts adds the statuses each applies in).
  'sitting:setStatus': command<CommandResult>()({ input: SetStatus, scope: 'sitting', who: CHAIR_STAFF, what: 'mở hoặc đóng phiên họp' }),
  /**
   * The chair turns an open sitting closed-door (họp kín) or public again: the webcast stops at
   * once and the portal drops the sitting while its doors are closed.
   */
  'sitting:setClosedDoors': command<CommandResult>()({ input: SetClosedDoors, scope: 'sitting', who: ['chair'], what: 'chuyển phiên họp sang họp kín hoặc họp công khai' }),
  'agenda:setCurrent': command<CommandResult>()({ input: SetCurrentItem, scope: 'sitting', who: ['chair'], what: 'chuyển nội dung chương trình' }),
  'attendance:checkIn': command<CommandResult>()({ input: CheckIn, scope: 'sitting', who: ['secretariat', 'delegate', 'chair', 'meeting_point_operator'], what: 'điểm danh' }),
  /** A delegate (or the chair) for themselves; a meeting point's operator for a delegate attending from their room (`userId`). */
  'floor:request': command<CommandResult>()({ input: RequestFloor, scope: 'sitting', who: ['delegate', 'chair', 'meeting_point_operator'], what: 'đăng ký phát biểu' }),
  /** One's own request; the chair any; an operator one made for their room. */
  'floor:withdraw': command<CommandResult>()({ input: WithdrawFloor, scope: 'sitting', who: ['delegate', 'chair', 'meeting_point_operator'], what: 'rút đăng ký phát biểu' }),
  'floor:reorder': command<CommandResult>()({ input: ReorderQueue, scope: 'sitting', who: ['chair'], what: 'sắp xếp thứ tự phát biểu' }),
  'floor:grant': command<CommandResult>()({ input: GrantFloor, scope: 'sitting', who: ['chair'], what: 'mời phát biểu' }),
  'floor:end': command<CommandResult>()({ input: EndFloor, scope: 'sitting', who: ['delegate', 'chair'], what: 'kết thúc lượt phát biểu' }),

  // Polls (contract/poll.ts).
  /** Every poll of the sitting, for anyone who joined it. */
  'poll:list': command<PollEntry[]>()({ input: PollList, scope: 'sitting', who: MEMBER, what: 'xem biểu quyết của phiên họp' }),
  'poll:create': command<PollView>()({ input: PollCreate, scope: 'sitting', who: CHAIR_STAFF, what: 'tạo cuộc biểu quyết' }),
  /** A draft's fields, replaced whole (refused once the poll has been opened). */
  'poll:update': command<PollView>()({ input: PollUpdate, scope: 'poll', who: CHAIR_STAFF, what: 'sửa cuộc biểu quyết' }),
  /** Removes a draft (refused once the poll has been opened: its ballots are on record). */
  'poll:delete': command<PollDeleted>()({ input: PollRef, scope: 'poll', who: CHAIR_STAFF, what: 'xóa cuộc biểu quyết' }),
  'poll:open': command<PollView>()({ input: PollOpen, scope: 'poll', who: ['chair'], what: 'mở biểu quyết' }),
  'poll:reopen': command<PollView>()({ input: PollReopen, scope: 'poll', who: ['chair'], what: 'mở lại biểu quyết' }),
  'poll:vote': command<Receipt>()({ input: BallotInput, scope: 'poll', who: ['delegate'], what: 'bỏ phiếu trong cuộc biểu quyết này' }),
  'poll:close': command<TallyView>()({ input: PollRef, scope: 'poll', who: ['chair'], what: 'kết thúc biểu quyết' }),
  'poll:publish': command<TallyView>()({ input: PollRef, scope: 'poll', who: CHAIR_STAFF, what: 'công bố kết quả biểu quyết' }),

  // Video briefings (contract/media.ts): join, then transports, produce, consume (paused; the client resumes).
  'media:join': command<MediaJoined>()({ input: MediaJoin, scope: 'sitting', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  'media:leave': command<null>()({ input: null, scope: 'none', who: 'anyone', what: 'rời cuộc họp trực tuyến' }),
  'media:createTransport': command<MediaTransportView>()({ input: MediaTransportRef.partial(), scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  'media:connectTransport': command<null>()({ input: MediaTransportConnect, scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  /** New ICE parameters, after a network change. */
  'media:restartIce': command<MediaTransportView['iceParameters']>()({ input: MediaTransportRef, scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  'media:produce': command<{ producerId: string }>()({ input: MediaProduce, scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  'media:consume': command<MediaConsumerView>()({ input: MediaConsume, scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  /** Pause / resume / close one of one's consumers. */
  'media:pause': command<null>()({ input: MediaConsumerRef, scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  'media:resume': command<null>()({ input: MediaConsumerRef, scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  'media:closeConsumer': command<null>()({ input: MediaConsumerRef, scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  /** Mute (pause), unmute (resume), stop (close) one's own producer. */
  'media:pauseProducer': command<null>()({ input: MediaProducerRef, scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  'media:resumeProducer': command<null>()({ input: MediaProducerRef, scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  'media:closeProducer': command<null>()({ input: MediaProducerRef, scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
  /** The simulcast layer that fits the size a video is shown at. */
  'media:setLayers': command<null>()({ input: MediaLayers, scope: 'briefing', who: MEMBER, what: 'tham gia cuộc họp trực tuyến này' }),
} as const;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

type SpecOf<N extends CommandName> = (typeof COMMANDS)[N];
/** What a command's payload is on the wire (as sent: defaults still optional). */
export type CommandPayload<N extends CommandName> = SpecOf<N>['input'] extends z.ZodType ? z.input<SpecOf<N>['input']> : Record<string, never>;
/** The payload as the handler receives it, validated (defaults filled in). */
export type CommandInput<N extends CommandName> = SpecOf<N>['input'] extends z.ZodType ? z.output<SpecOf<N>['input']> : undefined;
/** What a successful acknowledgement carries. */
export type CommandAck<N extends CommandName> = SpecOf<N> extends CommandSpec<z.ZodType | null, infer A> ? A : never;
