import type { Deps } from '../app/deps.js';
import { AppError } from '../platform/errors.js';
import { councilRules } from '../council/rules.js';

/**
 * Who is issued a ballot (domain.md, Voting, "Who gets a ballot"):
 * - every delegate attending the sitting (status 'hall' or 'online') when a round opens;
 * - a delegate who checks in while the round is open, at their first ballot, unless the
 *   council's rules forbid late ballots for this kind of poll (`lateBallotsSecret`,
 *   `lateBallotsNamed`; both allowed unless set to false).
 * Nobody else votes. A ballot issued stays issued for the round: a delegate who leaves after
 * the opening keeps it (as a paper ballot handed out at the opening would).
 *
 * Each issue is a PollIssued record (_id pollId:round:voterId, unique): those attending are
 * written before the round opens; a late issue is written inside the round's close gate,
 * before the ballot's guard write, so a close's drain waits for it. After the drain no issue
 * can be added, so `issued` at the close (the count of records) is final, the same for every
 * close, and counts every ballot stored: ballots ≤ issued.
 *
 * The vote path reads nothing for an issued delegate: the round's issued set is kept in
 * memory (loaded once per round, refreshed by one read on a miss). Records only ever get
 * added during a round, so a stale set can only miss, never admit someone not issued.
 */
export const ATTENDING: ReadonlySet<string> = new Set(['hall', 'online']);
export const issuedId = (pollId: string, round: number, voterId: string) => `${pollId}:${round}:${voterId}`;

export const checkInToVote = () => new AppError('forbidden', 'Đại biểu cần điểm danh để biểu quyết. / Check in to vote.');
export const lateBallotRefused = () => new AppError('forbidden',
  'Theo quy chế của Hội đồng, đại biểu điểm danh sau khi vòng bỏ phiếu kín đã mở không được phát phiếu trong vòng này. / Under the council\'s rules, a delegate who checks in after a secret round has opened is not issued a ballot in it.');
export const lateBallotRefusedNamed = () => new AppError('forbidden',
  'Theo quy chế của Hội đồng, đại biểu điểm danh sau khi vòng biểu quyết đã mở không được phát phiếu trong vòng này. / Under the council\'s rules, a delegate who checks in after a round has opened is not issued a ballot in it.');


/** Whether this council issues a ballot to a delegate who checks in while a round of this kind of poll is open. */
export function lateBallotsAllowed(rules: Record<string, unknown>, secret: boolean): boolean {
  return (secret ? rules.lateBallotsSecret : rules.lateBallotsNamed) !== false;
}

type RoundSet = { ids: Set<string>; ready: Promise<void> };
const sets = new WeakMap<Deps['models'], Map<string, RoundSet>>();
function setsOf(deps: Deps): Map<string, RoundSet> {
  let m = sets.get(deps.models);
  if (!m) sets.set(deps.models, (m = new Map()));
  if (m.size > 1_000) m.clear();
  return m;
}

async function issuedSet(deps: Deps, pollId: string, round: number): Promise<Set<string>> {
  const m = setsOf(deps);
  const key = `${pollId}:${round}`;
  let r = m.get(key);
  if (!r) {
    const ids = new Set<string>();
    const ready = deps.models.PollIssued.find({ pollId, round }, { voterId: 1 }).lean().then((docs) => { for (const d of docs) ids.add(d.voterId); });
    m.set(key, (r = { ids, ready }));
    ready.catch(() => { if (m.get(key) === r) m.delete(key); });
  }
  await r.ready;
  return r.ids;
}

/**
 * At an opening, before the round is open: a ballot for each delegate attending. Returns how
 * many. A resend or a racing open writes the same ids (duplicates are ignored).
 */
export async function issueAtOpening(deps: Deps, pollId: string, round: number, attending: readonly string[]): Promise<number> {
  const docs = attending.map((voterId) => ({ _id: issuedId(pollId, round, voterId), pollId, round, voterId, late: false }));
  if (docs.length > 0) {
    try {
      await deps.models.PollIssued.collection.insertMany(docs as never[], { ordered: false });
    } catch (err) {
      const e = err as { code?: number; writeErrors?: Array<{ code: number }> };
      if (!(e.writeErrors ?? [{ code: e.code ?? 0 }]).every((w) => w.code === 11000)) throw err;
    }
  }
  // The round's set, known now: the first ballots read nothing. A racing open's issues are
  // found by the read on a miss.
  const m = setsOf(deps);
  const key = `${pollId}:${round}`;
  const r = m.get(key);
  if (r) for (const id of attending) r.ids.add(id);
  else m.set(key, { ids: new Set(attending), ready: Promise.resolve() });
  return docs.length;
}

/**
 * At a ballot, inside the round's gate and before anything else is written: the delegate
 * holds a ballot of this round, or is issued one now (checked in while the round is open, the
 * council allowing it), or is refused ("check in to vote").
 */
export async function ensureIssued(deps: Deps, p: { _id: unknown; sittingId: unknown; councilId: unknown; secret: boolean }, round: number, voterId: string): Promise<void> {
  const pollId = String(p._id);
  const ids = await issuedSet(deps, pollId, round);
  if (ids.has(voterId)) return;
  const Issued = deps.models.PollIssued;
  const _id = issuedId(pollId, round, voterId);
  if (await Issued.exists({ _id })) {
    ids.add(voterId);
    return;
  }
  const sitting = await deps.models.Sitting.findById(p.sittingId, { attendance: 1 }).lean();
  const mine = (sitting?.attendance ?? []).find((a) => a.userId === voterId);
  if (!mine || !ATTENDING.has(mine.status ?? '')) throw checkInToVote();
  const { rules } = await councilRules(deps, p.councilId as never);
  if (!lateBallotsAllowed(rules, p.secret)) throw p.secret ? lateBallotRefused() : lateBallotRefusedNamed();
  try {
    await Issued.create({ _id, pollId, round, voterId, late: true });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  ids.add(voterId);
}

/** Ballots issued in a round: after the close's drain, final. */
export function issuedCount(deps: Deps, pollId: string, round: number): Promise<number> {
  return deps.models.PollIssued.countDocuments({ pollId, round });
}

/** Whether this delegate holds a ballot of the round (poll:list, for the tablet). */
export async function isIssued(deps: Deps, pollId: string, round: number, voterId: string): Promise<boolean> {
  return (await issuedSet(deps, pollId, round)).has(voterId) || (await deps.models.PollIssued.exists({ _id: issuedId(pollId, round, voterId) })) !== null;
}

/** Drops a closed round's set from memory. */
export function forgetRound(deps: Deps, pollId: string, round: number): void {
  setsOf(deps).delete(`${pollId}:${round}`);
}
