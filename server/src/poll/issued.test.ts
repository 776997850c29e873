import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildLiveSitting, mintCookies, connectClient, mapLimit, type LiveSitting } from '../../../test/helpers/liveFixtures.js';
import type { ClientSocket } from '../../../test/helpers/sockets.js';
import type { PollEntry, PollView, Receipt, TallyView } from '../../../contract/poll.js';
import type { Ack } from '../../../contract/errors.js';
import { emitterOf, ok, type Emit } from '../../../test/helpers/acks.js';

/**
 * Who gets a ballot (domain.md, Voting): the delegates attending when the round opens, plus
 * those who check in while it is open (unless the council's rules forbid it for this kind of
 * poll). Everything through real sockets against a real server and database.
 */
let server: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { sockets.forEach((s) => s.close()); await server?.stop(); });

const cid = () => randomUUID();

async function connect(userIds: string[]): Promise<ClientSocket[]> {
  const cookies = await mintCookies(server.deps.models, userIds);
  const socks = await mapLimit(cookies, 16, (c) => connectClient(server.url, c));
  sockets.push(...socks);
  return socks;
}

type Status = 'hall' | 'online' | 'absent' | 'absent_excused';
/** A sitting whose attendance is set directly in its document (delegates left out never checked in). */
async function sittingWith(delegates: number, attendance: Array<Status | null>, rules: Record<string, boolean> = {}): Promise<LiveSitting> {
  const f = await buildLiveSitting(server.deps.models, { delegates, electedTotal: delegates });
  const entries = f.delegateIds.flatMap((userId, i) => (attendance[i] ? [{ userId, status: attendance[i], meetingPointId: null, reason: null, at: new Date().toISOString() }] : []));
  await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { attendance: entries } });
  const set = Object.fromEntries(Object.entries(rules).map(([k, v]) => [`rules.${k}`, v]));
  if (Object.keys(set).length > 0) await server.deps.models.Council.updateOne({ _id: f.councilId }, { $set: set });
  return f;
}

interface Cast { f: LiveSitting; chair: Emit; clerk: Emit; voters: Emit[] }
async function castFor(f: LiveSitting): Promise<Cast> {
  const [chairS, clerkS, ...voterS] = await connect([f.chairId, f.secretaryId, ...f.delegateIds]);
  const all = [chairS!, clerkS!, ...voterS].map(emitterOf);
  for (const e of all) ok(await e('sitting:join', { sittingId: f.sittingId }));
  return { f, chair: all[0]!, clerk: all[1]!, voters: all.slice(2) };
}

const openPoll = async (c: Cast, secret: boolean): Promise<PollView> => {
  const poll = ok(await c.chair<PollView>('poll:create', { sittingId: c.f.sittingId, commandId: cid(), title: 'Nghị quyết thử', kind: 'resolution', secret }));
  return ok(await c.chair<PollView>('poll:open', { pollId: poll.id, commandId: cid() }));
};
const vote = (voter: Emit, poll: { id: string; round: number }, choice = 'yes') => voter<Receipt>('poll:vote', { pollId: poll.id, round: poll.round, commandId: cid(), choices: [choice] });
const checkIn = (c: Cast, i: number, status: 'hall' | 'online' = 'hall') => c.voters[i]!('attendance:checkIn', { sittingId: c.f.sittingId, commandId: cid(), status, meetingPointId: null });
const close = (c: Cast, poll: { id: string }) => c.chair<TallyView>('poll:close', { pollId: poll.id, commandId: cid() });

describe('who is issued a ballot', () => {
  it("a delegate who never checked in is refused a ballot with 'check in to vote', and the tally counts only issued ballots", async () => {
    // N = 6, quorum 4: four in the hall, one online, one never checked in.
    const f = await sittingWith(6, ['hall', 'hall', 'hall', 'hall', 'online', null]);
    const c = await castFor(f);
    const poll = await openPoll(c, true);
    const acks = await Promise.all(c.voters.map((v) => vote(v, poll)));
    expect(acks.slice(0, 5).every((a) => a.ok)).toBe(true);
    expect(acks[5]).toMatchObject({ ok: false, error: 'forbidden', message: expect.stringMatching(/điểm danh để biểu quyết.*Check in to vote/) });
    // The list tells the tablet who holds a ballot.
    const listed = ok(await c.voters[5]!<PollEntry[]>('poll:list', { sittingId: f.sittingId }));
    expect(listed[0]!.myVote).toEqual({ round: 1, voted: false, issued: false });
    const tally = ok(await close(c, poll));
    expect({ issued: tally.issued, ballots: tally.ballots }).toEqual({ issued: 5, ballots: 5 });
    expect(await server.deps.models.SealedBallot.countDocuments({ pollId: poll.id })).toBe(5);
  }, 60_000);

  it('a delegate who checks in while the round is open is issued a ballot and may vote (issued grows by one)', async () => {
    const f = await sittingWith(5, ['hall', 'hall', 'hall', 'hall', null]);
    const c = await castFor(f);
    const poll = await openPoll(c, false);
    expect(poll.lateBallots).toBe(true);
    expect(await vote(c.voters[4]!, poll)).toMatchObject({ ok: false, error: 'forbidden' });
    ok(await checkIn(c, 4, 'online'));
    for (const v of c.voters) ok(await vote(v, poll));
    const issued = await server.deps.models.PollIssued.find({ pollId: poll.id, round: 1 }).lean();
    expect(issued.filter((r) => r.late).map((r) => r.voterId)).toEqual([f.delegateIds[4]]);
    const tally = ok(await close(c, poll));
    expect({ issued: tally.issued, ballots: tally.ballots }).toEqual({ issued: 5, ballots: 5 });
  }, 60_000);

  it('with late ballots forbidden for secret polls, a late check-in cannot vote in the open secret round (and is issued a ballot when the next round opens)', async () => {
    const f = await sittingWith(4, ['hall', 'hall', 'hall', null], { lateBallotsSecret: false });
    const c = await castFor(f);
    const secret = await openPoll(c, true);
    expect(secret.lateBallots).toBe(false);
    ok(await checkIn(c, 3));
    const late = await vote(c.voters[3]!, secret);
    expect(late).toMatchObject({ ok: false, error: 'forbidden', message: expect.stringMatching(/sau khi vòng bỏ phiếu kín đã mở.*after a secret round has opened/) });
    for (const v of c.voters.slice(0, 3)) ok(await vote(v, secret));
    const tally = ok(await close(c, secret));
    expect({ issued: tally.issued, ballots: tally.ballots }).toEqual({ issued: 3, ballots: 3 });
    // Attending when the next round opens: issued a ballot in it.
    const round2 = ok(await c.chair<PollView>('poll:reopen', { pollId: secret.id, commandId: cid(), fromRound: 1 }));
    ok(await vote(c.voters[3]!, round2, 'no'));
    expect(ok(await close(c, round2))).toMatchObject({ issued: 4, ballots: 1 });
  }, 60_000);

  it('a delegate attending at the opening who is marked absent afterwards keeps the ballot issued to them', async () => {
    const f = await sittingWith(3, ['hall', 'hall', 'hall']);
    const c = await castFor(f);
    const poll = await openPoll(c, true);
    ok(await c.clerk('attendance:checkIn', { sittingId: f.sittingId, commandId: cid(), userId: f.delegateIds[2], status: 'absent_excused', reason: 'Về cơ quan' }));
    ok(await vote(c.voters[2]!, poll));
    expect(ok(await close(c, poll))).toMatchObject({ issued: 3, ballots: 1 });
  }, 60_000);

  it('issued at the close counts those present at the opening plus late check-ins, and ballots ≤ issued (property, random attendance, check-ins and votes)', async () => {
    type Step = { who: number; act: 'vote' | 'checkIn' | 'leave' };
    const scenario = fc.integer({ min: 3, max: 6 }).chain((n) => fc.record({
      n: fc.constant(n),
      start: fc.array(fc.constantFrom<Status | null>('hall', 'online', 'absent', null), { minLength: n, maxLength: n }),
      secret: fc.boolean(),
      lateAllowed: fc.boolean(),
      steps: fc.array(fc.record({ who: fc.integer({ min: 0, max: n - 1 }), act: fc.constantFrom<Step['act']>('vote', 'vote', 'checkIn', 'leave') }), { maxLength: 14 }),
    }));
    await fc.assert(fc.asyncProperty(scenario, async ({ n, start, secret, lateAllowed, steps }) => {
      // The quorum (2/3 of N) must be there to open: the first ⌈2n/3⌉ are in the hall.
      const need = Math.ceil((2 * n) / 3);
      const attendance = start.map((s, i) => (i < need ? 'hall' : s));
      const f = await sittingWith(n, attendance, secret ? { lateBallotsSecret: lateAllowed } : { lateBallotsNamed: lateAllowed });
      const c = await castFor(f);
      const poll = await openPoll(c, secret);
      // The model: who holds a ballot, who attends now, who has voted.
      const issued = attendance.map((s) => s === 'hall' || s === 'online');
      const atOpen = issued.filter(Boolean).length;
      const attending = [...issued];
      const voted = attendance.map(() => false);
      let lateIssued = 0;
      for (const { who, act } of steps) {
        if (act === 'checkIn') {
          ok(await checkIn(c, who));
          attending[who] = true;
        } else if (act === 'leave') {
          ok(await c.clerk('attendance:checkIn', { sittingId: f.sittingId, commandId: cid(), userId: f.delegateIds[who], status: 'absent' }));
          attending[who] = false;
        } else {
          const a: Ack<Receipt> = await vote(c.voters[who]!, poll);
          if (!issued[who] && attending[who] && lateAllowed) {
            issued[who] = true;
            lateIssued += 1;
          }
          if (!issued[who]) expect(a).toMatchObject({ ok: false, error: 'forbidden' });
          else if (voted[who]) expect(a).toMatchObject({ ok: false, error: 'conflict' });
          else expect(a.ok, JSON.stringify(a)).toBe(true);
          if (a.ok) voted[who] = true;
        }
      }
      const tally = ok(await close(c, poll));
      expect(tally.ballots).toBeLessThanOrEqual(tally.issued);
      expect(tally.ballots).toBe(voted.filter(Boolean).length);
      expect(tally.issued).toBe(atOpen + lateIssued);
    }), { numRuns: 15, seed: 20260311, endOnFailure: true });
  }, 600_000);
});

describe('closing a round', () => {
  it('20 concurrent poll:close from the chair → exactly one poll:tallied at a follower, 20 ok acks with the same hash', async () => {
    const f = await sittingWith(3, ['hall', 'hall', 'hall']);
    const c = await castFor(f);
    const chairs = (await connect(Array(19).fill(f.chairId))).map(emitterOf);
    const [followerS] = await connect([f.observerId]);
    ok(await emitterOf(followerS!)('sitting:join', { sittingId: f.sittingId }));
    const tallied: TallyView[] = [];
    followerS!.on('poll:tallied' as never, ((t: TallyView) => tallied.push(t)) as never);
    const poll = await openPoll(c, true);
    for (const v of c.voters) ok(await vote(v, poll));
    const acks = await Promise.all([c.chair, ...chairs].map((ch) => ch<TallyView>('poll:close', { pollId: poll.id, commandId: cid() })));
    const tallies = acks.map(ok);
    expect(tallies).toHaveLength(20);
    expect(new Set(tallies.map((t) => t.hash)).size).toBe(1);
    // Every broadcast sent by now has arrived after a round trip on the follower's socket.
    ok(await emitterOf(followerS!)('poll:list', { sittingId: f.sittingId }));
    await new Promise((r) => setTimeout(r, 300));
    expect(tallied).toHaveLength(1);
    expect(tallied[0]!.hash).toBe(tallies[0]!.hash);
  }, 60_000);
});
