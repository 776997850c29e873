import { randomUUID } from 'node:crypto';
import type { PollView, Receipt, TallyView } from '../../contract/poll.js';
import { percentile } from '../../test/helpers/liveFixtures.js';
import type { ClientSocket } from '../../test/helpers/sockets.js';
import { sleep } from './procStats.js';

/** Sends one command and answers its data (each bench says how: once, or again on `not_ready`). */
export type Call = <T>(s: ClientSocket, event: string, payload: unknown) => Promise<T>;

export interface VoteRoundFigures { ackP50: number; ackP99: number; ackMax: number; tallyMs: number; castSpanMs: number }

/**
 * One secret poll, as bench:votes and bench:cluster time it: the chair creates and opens it;
 * every voter casts a ballot at a random moment of `spreadMs` (ack = emit → acknowledgement,
 * one clock: every client lives in this process); the chair closes at once, and the time from
 * the last ack to `poll:tallied` on `screen` is the tally's. Throws unless the tally counts
 * every acknowledged ballot once. `castStarts` runs just before the first ballot can go.
 */
export async function voteRound(o: { call: Call; chair: ClientSocket; voters: ClientSocket[]; screen: ClientSocket; sittingId: string; title: string; spreadMs: number; castStarts?: () => void }): Promise<VoteRoundFigures> {
  const { call, chair, voters, screen } = o;
  const poll = await call<PollView>(chair, 'poll:create', { sittingId: o.sittingId, commandId: randomUUID(), title: o.title, kind: 'resolution', secret: true });
  await call(chair, 'poll:open', { pollId: poll.id, commandId: randomUUID() });
  await sleep(200);
  o.castStarts?.();
  const start = performance.now() + 50;
  const acks = new Float64Array(voters.length);
  let lastAck = 0;
  const receipts = new Set<string>();
  await Promise.all(voters.map(async (s, i) => {
    await sleep(Math.max(0, start + Math.random() * o.spreadMs - performance.now()));
    const t0 = performance.now();
    const res = await call<Receipt>(s, 'poll:vote', { pollId: poll.id, round: 1, commandId: randomUUID(), choices: [i % 3 === 0 ? 'no' : 'yes'] });
    const t1 = performance.now();
    acks[i] = t1 - t0;
    lastAck = Math.max(lastAck, t1);
    receipts.add(res.receipt);
  }));
  const tallied = new Promise<{ at: number; tally: TallyView }>((resolve) => {
    const on = (t: TallyView) => { if (t.pollId === poll.id) { screen.off('poll:tallied' as never, on as never); resolve({ at: performance.now(), tally: t }); } };
    screen.on('poll:tallied' as never, on as never);
  });
  await call(chair, 'poll:close', { pollId: poll.id, commandId: randomUUID() });
  const { at, tally } = await Promise.race([tallied, sleep(15_000).then((): never => { throw new Error(`${o.title}: no poll:tallied on the screen within 15 s of the close`); })]);
  if (tally.ballots !== voters.length || receipts.size !== voters.length) throw new Error(`${o.title}: the tally counted ${tally.ballots} ballots, ${receipts.size} distinct receipts, ${voters.length} acknowledged`);
  const sorted = Array.from(acks).sort((a, b) => a - b);
  return { ackP50: percentile(sorted, 50), ackP99: percentile(sorted, 99), ackMax: sorted[sorted.length - 1]!, tallyMs: at - lastAck, castSpanMs: lastAck - start };
}
