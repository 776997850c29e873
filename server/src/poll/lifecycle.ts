import { Types } from 'mongoose';
import type { PollCreate, PollView, TallyView } from '../../../contract/poll.js';
import type { Deps } from '../app/deps.js';
import { AppError, errors } from '../platform/errors.js';
import { actorFor } from '../council/actor.js';
import { councilRules } from '../council/rules.js';
import { assertQuorum } from '../sitting/commands.js';
import { has } from '../council/actor.js';
import type { LiveState } from '../sitting/state.js';
import { appendAudit } from '../audit/append.js';
import { optionsFor } from './choices.js';
import { createPollKey, destroyPollKey, newPollKey, pollKeyReady, storePollKey } from './receipt.js';
import { closeRound } from './close.js';
import { findPoll, type PollDoc } from './pollDoc.js';
import { ATTENDING, issueAtOpening, lateBallotsAllowed } from './issued.js';
import { chains } from '../audit/chains.js';

export type { PollDoc };
const isDup = (err: unknown) => (err as { code?: number }).code === 11000;

export async function loadPoll(deps: Deps, pollId: string): Promise<PollDoc> {
  const p = await findPoll(deps, pollId);
  if (!p) throw errors.notFound('cuộc biểu quyết');
  recentPolls(deps).set(pollId, { p, until: Date.now() + POLL_CACHE_MS });
  return p;
}

/**
 * The poll as last read, for ballots: 500 ballots in a second would otherwise each read it.
 * Every status change goes through this module, which re-reads (and so refreshes) the poll
 * right after writing it; a stale copy can only say "open" for a round that a close has just
 * shut, and the ballot writer checks the closure itself before storing (ballotWriter.ts).
 */
const POLL_CACHE_MS = 2_000;
const polls = new WeakMap<Deps['models'], Map<string, { p: PollDoc; until: number }>>();
function recentPolls(deps: Deps) {
  let m = polls.get(deps.models);
  if (!m) polls.set(deps.models, (m = new Map()));
  if (m.size > 10_000) m.clear();
  return m;
}
/** A deleted poll is not served from the copy either. */
export function forgetPoll(deps: Deps, pollId: string): void {
  recentPolls(deps).delete(pollId);
}
export async function loadPollForBallot(deps: Deps, pollId: string): Promise<PollDoc> {
  const hit = recentPolls(deps).get(pollId);
  return hit && hit.until > Date.now() ? hit.p : loadPoll(deps, pollId);
}

export async function viewOf(deps: Deps, p: PollDoc): Promise<PollView> {
  const { quorum, rules } = await councilRules(deps, p.councilId);
  return {
    id: String(p._id), sittingId: String(p.sittingId), councilId: String(p.councilId), agendaItemId: p.agendaItemId ? String(p.agendaItemId) : null,
    title: p.title, kind: p.kind as PollView['kind'], secret: p.secret, options: p.options.map((o) => ({ key: o.key!, label: o.label! })),
    maxChoices: p.maxChoices, threshold: p.threshold, status: p.status as PollView['status'], round: p.round, electedTotal: quorum.electedTotal,
    countingCommittee: [...(p.countingCommittee ?? [])], closesAt: p.status === 'open' && p.closesAt ? p.closesAt.toISOString() : null,
    openedAt: p.status === 'open' && p.openedAt ? p.openedAt.toISOString() : null, lateBallots: lateBallotsAllowed(rules, p.secret),
  };
}

export async function requireRole(deps: Deps, userId: string, councilId: Types.ObjectId, roles: Array<'chair' | 'secretariat'>, what: string) {
  const actor = await actorFor(deps, userId, councilId);
  if (!has(actor, ...roles)) throw errors.forbidden(what);
}

export const audit = (deps: Deps, p: PollDoc, actorId: string | null, action: string, data: Record<string, string | number | boolean | null>) =>
  appendAudit(deps, { chain: chains.sitting(String(p.sittingId)), actorId, action, subject: { kind: 'poll', id: String(p._id) }, data });

/** The poll's options for its kind (a resolution's are fixed): at least one, keys unique. */
export function checkedOptions(input: Pick<PollCreate, 'kind' | 'options'>) {
  const options = optionsFor(input.kind, input.options);
  if (options.length === 0 || new Set(options.map((o) => o.key)).size !== options.length) {
    throw errors.invalidField('options', 'cần ít nhất một lựa chọn, mã không trùng / at least one option, unique keys');
  }
  return options;
}

/**
 * What the form checks, checked again where the rule lives: an election's k is between 1 and
 * the number of candidates (other kinds choose one), and the agenda item, if any, is one of
 * the sitting's session's items.
 */
export async function checkPollFields(deps: Deps, sessionId: Types.ObjectId, input: Pick<PollCreate, 'kind' | 'maxChoices' | 'agendaItemId'>, options: readonly unknown[]): Promise<void> {
  if (input.kind === 'election' && input.maxChoices > options.length) {
    throw errors.invalidField('maxChoices', `số người được chọn (${input.maxChoices}) không được nhiều hơn số ứng cử viên (${options.length}) / k cannot exceed the number of candidates`);
  }
  if (input.kind !== 'election' && input.maxChoices !== 1) {
    throw errors.invalidField('maxChoices', 'chỉ cuộc bầu cử mới chọn nhiều người / only an election chooses several');
  }
  if (input.agendaItemId) {
    const item = Types.ObjectId.isValid(input.agendaItemId) ? await deps.models.AgendaItem.exists({ _id: input.agendaItemId, sessionId }) : null;
    if (!item) throw errors.invalidField('agendaItemId', 'nội dung này không thuộc chương trình kỳ họp / not an item of this session\'s agenda');
  }
}

/** poll:create — secretariat or chair, as a draft. Idempotent by command id (unique index). */
export async function createPoll(deps: Deps, input: PollCreate, userId: string): Promise<PollView> {
  const sitting = await deps.models.Sitting.findById(input.sittingId).lean();
  if (!sitting) throw errors.notFound('phiên họp');
  await requireRole(deps, userId, sitting.councilId, ['chair', 'secretariat'], 'tạo cuộc biểu quyết');
  const options = checkedOptions(input);
  await checkPollFields(deps, sitting.sessionId, input, options);
  let doc: PollDoc;
  const _id = new Types.ObjectId();
  // The receipt key first: when the token that wraps it is down, nothing is created.
  const pollKey = await newPollKey(deps, String(_id));
  try {
    const created = await deps.models.Poll.create({
      _id, sittingId: sitting._id, councilId: sitting.councilId, agendaItemId: input.agendaItemId, title: input.title, kind: input.kind,
      secret: input.secret, options, maxChoices: input.maxChoices, threshold: input.threshold, createCommandId: input.commandId,
      countingCommittee: input.countingCommittee,
    });
    doc = await loadPoll(deps, String(created._id));
    await storePollKey(deps, pollKey);
    await audit(deps, doc, userId, 'poll:created', { pollId: String(doc._id), kind: doc.kind, secret: doc.secret });
  } catch (err) {
    if (!isDup(err)) throw err;
    const again = await deps.models.Poll.findOne({ createCommandId: input.commandId }).lean();
    if (!again) throw err;
    doc = again;
    await createPollKey(deps, String(doc._id));
  }
  return viewOf(deps, doc);
}

/**
 * Opening (or re-opening) needs the chair and a quorum of the elected total. Returns the
 * delegates attending (in the hall or online) at that moment: each is issued a ballot
 * (issued.ts), whether or not online attendance counts toward the quorum.
 */
async function assertSittingQuorum(deps: Deps, p: PollDoc): Promise<string[]> {
  const sitting = await deps.models.Sitting.findById(p.sittingId).lean();
  if (!sitting) throw errors.notFound('phiên họp');
  if (sitting.status !== 'open') throw errors.conflict('Phiên họp chưa khai mạc hoặc đã bế mạc. / The sitting is not open.');
  const { quorum } = await councilRules(deps, p.councilId);
  const attendance = sitting.attendance as unknown as LiveState['attendance'];
  assertQuorum({ attendance } as LiveState, quorum);
  return attendance.filter((a) => ATTENDING.has(a.status)).map((a) => a.userId);
}

const closesAtFor = (durationSeconds: number | null) => (durationSeconds ? new Date(Date.now() + durationSeconds * 1000) : null);

async function transition(deps: Deps, p: PollDoc, from: 'draft' | 'closed', set: Record<string, unknown>): Promise<PollDoc> {
  const res = await deps.models.Poll.updateOne({ _id: p._id, status: from, round: p.round }, { $set: set });
  if (res.matchedCount !== 1) throw errors.conflict('Cuộc biểu quyết vừa thay đổi, vui lòng tải lại. / The poll just changed; reload.');
  return loadPoll(deps, String(p._id));
}

export async function openPoll(deps: Deps, pollId: string, userId: string, durationSeconds: number | null = null): Promise<PollDoc> {
  const p = await loadPoll(deps, pollId);
  await requireRole(deps, userId, p.councilId, ['chair'], 'mở biểu quyết');
  if (p.status === 'open') return p; // a resend
  if (p.status !== 'draft') throw errors.conflict('Chỉ mở được cuộc biểu quyết ở trạng thái nháp; hãy dùng "mở lại". / Only a draft can be opened; use reopen.');
  await pollKeyReady(deps, pollId); // a token that is down refuses the opening before anything is written
  // Ballots are issued before the round opens: no ballot can arrive before its issue.
  const issued = await issueAtOpening(deps, pollId, p.round, await assertSittingQuorum(deps, p));
  const after = await transition(deps, p, 'draft', { status: 'open', openedAt: new Date(), issued, closesAt: closesAtFor(durationSeconds) });
  await audit(deps, after, userId, 'poll:opened', { pollId, round: after.round, issued, durationSeconds });
  return after;
}

/** A new round; earlier rounds' ballots and closures stay on record. */
export async function reopenPoll(deps: Deps, pollId: string, fromRound: number, userId: string, durationSeconds: number | null = null): Promise<PollDoc> {
  const p = await loadPoll(deps, pollId);
  await requireRole(deps, userId, p.councilId, ['chair'], 'mở lại biểu quyết');
  if (p.round > fromRound) return p; // a resend: already reopened from that round
  if (p.status !== 'closed') throw errors.conflict('Chỉ mở lại được khi đã kết thúc và chưa công bố. / Only a closed, unpublished poll can be reopened.');
  await pollKeyReady(deps, pollId);
  const issued = await issueAtOpening(deps, pollId, p.round + 1, await assertSittingQuorum(deps, p));
  const after = await transition(deps, p, 'closed', { status: 'open', round: p.round + 1, openedAt: new Date(), closedAt: null, tallyHash: null, issued, closesAt: closesAtFor(durationSeconds) });
  await audit(deps, after, userId, 'poll:reopened', { pollId, round: after.round, issued, durationSeconds });
  return after;
}

/** The chair closes a round; `userId` null is the poll's own timer running out. */
/** `announce`: this close alone broadcasts the result (close.ts); every caller gets the tally. */
export async function closePoll(deps: Deps, pollId: string, userId: string | null): Promise<{ poll: PollDoc; tally: TallyView; announce: boolean }> {
  const p = await loadPoll(deps, pollId);
  if (userId) await requireRole(deps, userId, p.councilId, ['chair'], 'kết thúc biểu quyết');
  if (p.status === 'draft') throw errors.conflict('Cuộc biểu quyết chưa mở. / The poll is not open.');
  const { quorum } = await councilRules(deps, p.councilId);
  const { tally, won, announce } = await closeRound(deps, p, quorum.electedTotal);
  if (p.status === 'open') await deps.models.Poll.updateOne({ _id: p._id, round: p.round, status: 'open' }, { $set: { status: 'closed', closedAt: new Date(), tallyHash: tally.hash } });
  if (won) await audit(deps, p, userId, 'poll:closed', { pollId, round: p.round, ballots: tally.ballots, tallyHash: tally.hash, byTimer: userId === null });
  return { poll: await loadPoll(deps, pollId), tally, announce };
}

export async function publishPoll(deps: Deps, pollId: string, userId: string): Promise<{ poll: PollDoc; tally: TallyView }> {
  const p = await loadPoll(deps, pollId);
  await requireRole(deps, userId, p.councilId, ['chair', 'secretariat'], 'công bố kết quả');
  if (p.status !== 'closed' && p.status !== 'published') throw new AppError('conflict', 'Cần kết thúc biểu quyết trước khi công bố. / Close the poll first.');
  const closure = await deps.models.PollClosure.findById(`${pollId}:${p.round}`).lean();
  if (!closure?.tally) throw errors.conflict('Chưa có kết quả kiểm phiếu. / No tally yet.');
  if (p.status === 'closed') {
    const after = await transition(deps, p, 'closed', { status: 'published' });
    // Final: the receipt key goes, so even a full copy of the database cannot re-link voters.
    await destroyPollKey(deps, pollId);
    await audit(deps, after, userId, 'poll:published', { pollId, round: p.round, tallyHash: (closure.tally as TallyView).hash });
    return { poll: after, tally: closure.tally as TallyView };
  }
  return { poll: p, tally: closure.tally as TallyView };
}
