import { randomUUID } from 'node:crypto';
import type { AttendanceEntry, SittingCommandName } from '../../../contract/sitting.js';
import { errors, AppError } from '../platform/errors.js';
import type { LiveState } from './state.js';
import { has, type Actor, type SpeakingRules } from '../council/actor.js';
import { quorumOf, type QuorumRules } from '../council/quorum.js';
import { sittingRoomOf } from '../../../contract/sittingRoom.js';

export interface CommandContext {
  now: Date;
  quorumRules: QuorumRules;
  speakingRules: SpeakingRules;
  /** Agenda item ids the sitting takes up (its own items, else the session's whole agenda). */
  agendaItemIds: ReadonlySet<string>;
  /** The session was cancelled: nothing in it is published or opened any more. */
  sessionCancelled: boolean;
  /** Delegates of the council (attendance and the floor are theirs). */
  delegateIds: ReadonlySet<string>;
  /** Each delegate's meeting point in their membership (their room unless a check-in says otherwise). */
  delegateRoom: ReadonlyMap<string, string | null>;
  /** The meeting points taking part in this sitting (its `meetingPointIds`). */
  meetingPointIds: ReadonlySet<string>;
  /** Closed sitting (họp kín). */
  closedDoors: boolean;
  /** The council's rules for attending from one's own device. */
  onlineRules: { personalDevices: boolean; graceSeconds: number };
}

/**
 * A command handler: a pure function from state to new state (or a refusal). Who may send a
 * command at all and in which statuses it applies are checked before, from the command table
 * (commandTable.ts); a handler checks what depends on the data.
 */
type Handler = (live: LiveState, payload: any, actor: Actor, ctx: CommandContext) => LiveState;

/** Where a delegate attends this sitting from (contract/sittingRoom.ts). */
const roomOf = (live: LiveState, ctx: CommandContext, userId: string) => sittingRoomOf(live.attendance, userId, ctx.delegateRoom.get(userId));

const notInSitting = () => errors.conflict('Điểm cầu này không tham gia phiên họp; hãy chọn một điểm cầu của phiên họp. / This meeting point does not take part in the sitting; choose one of its meeting points.');

const speechesOf = (live: LiveState, userId: string, itemId: string | null) =>
  live.speechCounts.find((c) => c.userId === userId && c.agendaItemId === (itemId ?? ''))?.count ?? 0;

export const handlers: Record<SittingCommandName, Handler> = {
  'sitting:setStatus': (live, p, _actor, ctx) => {
    const order = ['draft', 'published', 'open', 'closed'];
    if (order.indexOf(p.status) < order.indexOf(live.status)) {
      throw errors.conflict('Không thể đưa phiên họp về trạng thái trước. / A sitting cannot go back to an earlier status.');
    }
    if (ctx.sessionCancelled && (p.status === 'published' || p.status === 'open')) {
      throw errors.conflict('Kỳ họp đã bị hủy; không thể công bố hay khai mạc phiên họp. / The session has been cancelled; its sittings cannot be published or opened.');
    }
    // Delegates and guests see a sitting from its publication: it is never opened unseen.
    if (live.status === 'draft' && (p.status === 'open' || p.status === 'closed')) {
      throw errors.conflict('Phiên họp chưa được công bố; hãy công bố phiên họp trước khi khai mạc. / Publish the sitting before opening it.');
    }
    // A sitting may proceed only with a quorum of the elected total (domain rule).
    if (p.status === 'open' && live.status !== 'open') assertQuorum(live, ctx.quorumRules);
    // A closed sitting has no current item, speaker or queue: the hall screen shows it ended.
    return { ...live, status: p.status, ...(p.status === 'closed' ? { speaking: null, queue: [], currentItemId: null } : {}) };
  },

  // Decided by the council during the sitting (domain: "the council may decide a closed sitting").
  'sitting:setClosedDoors': (live, p) => (live.closedDoors === p.closedDoors ? live : { ...live, closedDoors: p.closedDoors }),

  'agenda:setCurrent': (live, p, _actor, ctx) => {
    // Only an item this sitting takes up: another sitting's item is not on this one's agenda.
    if (p.agendaItemId !== null && !ctx.agendaItemIds.has(p.agendaItemId)) throw errors.notFound('nội dung này trong chương trình của phiên họp');
    return { ...live, currentItemId: p.agendaItemId };
  },

  'attendance:checkIn': (live, p, actor, ctx) => {
    const target: string = p.userId ?? actor.userId;
    const self = target === actor.userId;
    const point = has(actor, 'meeting_point_operator') ? actor.meetingPointId : null;
    const staff = has(actor, 'secretariat');
    const selfOk = self && has(actor, 'delegate', 'chair') && (p.status === 'hall' || p.status === 'online');
    // A meeting point's operator sees who is in the room: checks a delegate in online THERE
    // (whatever point their membership names), or records absent one attending from there.
    const operatorOk = point !== null && (p.status === 'online' ? p.meetingPointId === point : p.status !== 'hall' && roomOf(live, ctx, target) === point);
    if (!staff && !selfOk && !operatorOk) throw errors.forbidden('điểm danh cho đại biểu này');
    if (!ctx.delegateIds.has(target)) throw errors.notFound('đại biểu này trong hội đồng');
    if (p.status === 'online' && !p.meetingPointId && !self) {
      throw new AppError('validation_failed', 'Cần chọn điểm cầu khi điểm danh trực tuyến. / Choose the meeting point for online attendance.');
    }
    if (p.status === 'online' && p.meetingPointId && !ctx.meetingPointIds.has(p.meetingPointId)) throw notInSitting();
    if (!staff && !selfOk && p.status === 'online') {
      // An operator does not move a delegate recorded present elsewhere (the hall, another room): the secretariat does.
      const now = live.attendance.find((a) => a.userId === target);
      if (now && (now.status === 'hall' || (now.status === 'online' && now.meetingPointId !== point))) {
        throw errors.conflict('Đại biểu đã được điểm danh ở nơi khác (hội trường hoặc điểm cầu khác); văn phòng có thể sửa. / The delegate is checked in elsewhere (the hall or another meeting point); the secretariat can change it.');
      }
    }
    // Online, no meeting point, for oneself: from one's own device, where the rules allow it.
    const own = self && p.status === 'online' && !p.meetingPointId;
    if (own && ctx.closedDoors) throw errors.conflict('Phiên họp kín không tham dự được từ thiết bị cá nhân; hãy đến hội trường. / A closed sitting cannot be attended from a personal device; come to the hall.');
    if (own && !ctx.onlineRules.personalDevices) throw errors.conflict('Quy chế của hội đồng không cho phép tham dự trực tuyến từ thiết bị cá nhân; hãy đến hội trường hoặc một điểm cầu. / The council\'s rules do not allow attending from a personal device.');
    const at = ctx.now.toISOString();
    const entry: AttendanceEntry = {
      userId: target, status: p.status, meetingPointId: p.meetingPointId ?? null, reason: p.reason ?? null, at,
      // The device is the one this check-in came from (its browser's user agent, read by the server).
      ...(own ? { device: p.device ?? null, place: p.place || null, link: 'connected' as const, linkAt: at, linkScore: null } : {}),
    };
    return { ...live, attendance: [...live.attendance.filter((a) => a.userId !== target), entry] };
  },

  'floor:request': (live, p, actor, ctx) => {
    const target: string = p.userId ?? actor.userId;
    if (target !== actor.userId) {
      // On behalf: only the operator of the room the delegate attends this sitting from.
      const point = has(actor, 'meeting_point_operator') ? actor.meetingPointId : null;
      if (point === null) throw errors.forbidden('đăng ký phát biểu thay đại biểu (dành cho cán bộ vận hành điểm cầu)');
      if (!ctx.meetingPointIds.has(point)) throw notInSitting();
      if (!ctx.delegateIds.has(target) || roomOf(live, ctx, target) !== point) throw errors.forbidden('đăng ký phát biểu thay đại biểu không tham dự tại điểm cầu của mình');
    } else if (!ctx.delegateIds.has(actor.userId)) throw errors.forbidden('đăng ký phát biểu');
    if (p.kind === 'question' && !p.official) {
      throw new AppError('validation_failed', 'Chất vấn cần nêu tên người bị chất vấn. / A question must name the official asked.');
    }
    // Each delegate is queued at most once: a second request is answered, not queued again.
    if (live.queue.some((q) => q.userId === target) || live.speaking?.userId === target) return live;
    if (p.kind === 'speak' && speechesOf(live, target, live.currentItemId) >= ctx.speakingRules.maxSpeechesPerTopic) {
      throw errors.conflict(`Đại biểu đã phát biểu ${ctx.speakingRules.maxSpeechesPerTopic} lần về nội dung này. / Speaking limit per topic reached.`);
    }
    // The room the floor goes to: the delegate's for this sitting, if it takes part in it.
    const room = roomOf(live, ctx, target);
    const request = {
      requestId: randomUUID(), userId: target, kind: p.kind, official: p.official ?? null,
      agendaItemId: live.currentItemId, meetingPointId: room !== null && ctx.meetingPointIds.has(room) ? room : null, requestedAt: ctx.now.toISOString(),
    };
    return { ...live, queue: [...live.queue, request] };
  },

  'floor:withdraw': (live, p, actor) => {
    const req = live.queue.find((q) => q.requestId === p.requestId);
    if (!req) return live;
    const operatorOf = has(actor, 'meeting_point_operator') && actor.meetingPointId !== null && req.meetingPointId === actor.meetingPointId;
    if (req.userId !== actor.userId && !has(actor, 'chair') && !operatorOf) throw errors.forbidden('rút đăng ký của người khác');
    return { ...live, queue: live.queue.filter((q) => q.requestId !== p.requestId) };
  },

  'floor:reorder': (live, p) => {
    const ids: string[] = p.requestIds;
    const same = ids.length === live.queue.length && new Set(ids).size === ids.length && live.queue.every((q) => ids.includes(q.requestId));
    if (!same) throw errors.conflict('Danh sách đăng ký đã thay đổi, vui lòng thử lại. / The queue changed; please retry.');
    const byId = new Map(live.queue.map((q) => [q.requestId, q]));
    return { ...live, queue: ids.map((id) => byId.get(id)!) };
  },

  'floor:grant': (live, p, _actor, ctx) => {
    const req = live.queue.find((q) => q.requestId === p.requestId);
    if (!req) throw errors.notFound('lượt đăng ký này');
    const base = live.speaking ? endSpeech(live) : live;
    const given = speechesOf(base, req.userId, req.agendaItemId);
    const limitSeconds = given === 0 ? ctx.speakingRules.firstSpeechSeconds : ctx.speakingRules.followUpSeconds;
    return {
      ...base,
      queue: base.queue.filter((q) => q.requestId !== p.requestId),
      speaking: { ...req, startedAt: ctx.now.toISOString(), limitSeconds },
    };
  },

  'floor:end': (live, _p, actor) => {
    if (!has(actor, 'chair') && live.speaking?.userId !== actor.userId) throw errors.forbidden('kết thúc lượt phát biểu');
    return live.speaking ? endSpeech(live) : live;
  },
};

/** Ends the current speech and counts it against the speaker's per-topic limit. */
function endSpeech(live: LiveState): LiveState {
  const s = live.speaking!;
  const item = s.agendaItemId ?? '';
  const counts = live.speechCounts.filter((c) => !(c.userId === s.userId && c.agendaItemId === item));
  counts.push({ userId: s.userId, agendaItemId: item, count: speechesOf(live, s.userId, s.agendaItemId) + 1 });
  return { ...live, speaking: null, speechCounts: counts };
}

/** Refuses an action that needs a quorum, saying how many delegates are missing. */
export function assertQuorum(live: LiveState, rules: QuorumRules): void {
  const q = quorumOf(live.attendance, rules);
  if (!q.met) {
    throw errors.conflict(`Chưa đủ số đại biểu tối thiểu: có mặt ${q.present}/${q.electedTotal}, cần ${q.required}, còn thiếu ${q.missing}. / No quorum: ${q.missing} more delegate(s) needed.`);
  }
}
