import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildLiveSitting, mintCookies, connectClient, mapLimit, type LiveSitting } from '../../../test/helpers/liveFixtures.js';
import type { ClientSocket } from '../../../test/helpers/sockets.js';
import type { PollView, Receipt, TallyView } from '../../../contract/poll.js';
import { emitterOf, ok, type Emit } from '../../../test/helpers/acks.js';
import { createLogger } from '../platform/log.js';

let server: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { sockets.forEach((s) => s.close()); await server?.stop(); });

const cid = () => randomUUID();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function clientsFor(userIds: string[], on: TestServer = server): Promise<Emit[]> {
  const cookies = await mintCookies(on.deps.models, userIds);
  const socks = await mapLimit(cookies, 32, (c) => connectClient(on.url, c));
  sockets.push(...socks);
  return socks.map(emitterOf);
}

/** A sitting of `delegates` delegates with the first `present` checked in (directly in the document). */
async function sittingWith(delegates: number, present = delegates, electedTotal = delegates, on: TestServer = server): Promise<LiveSitting> {
  const f = await buildLiveSitting(on.deps.models, { delegates, electedTotal });
  const attendance = f.delegateIds.slice(0, present).map((userId) => ({ userId, status: 'hall', meetingPointId: null, reason: null, at: new Date().toISOString() }));
  await on.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { attendance } });
  return f;
}

async function openedPoll(f: LiveSitting, chair: Emit, secret: boolean): Promise<PollView> {
  const poll = ok(await chair<PollView>('poll:create', { sittingId: f.sittingId, commandId: cid(), title: 'Nghị quyết thử', kind: 'resolution', secret }));
  return ok(await chair<PollView>('poll:open', { pollId: poll.id, commandId: cid() }));
}

describe('voting', () => {
  it('500 voters each resending their ballot 3 times → exactly 500 ballots, the same receipt on every resend; 500 double votes with new command ids refused', async () => {
    const f = await sittingWith(500);
    const [chair] = await clientsFor([f.chairId]);
    const voters = await clientsFor(f.delegateIds);
    const poll = await openedPoll(f, chair!, true);
    const sends = await mapLimit(voters, 25, async (v, i) => {
      const ballot = { pollId: poll.id, round: 1, commandId: cid(), choices: [i % 3 === 0 ? 'no' : 'yes'] };
      const acks = await Promise.all([0, 1, 2, 3].map(() => v<Receipt>('poll:vote', ballot)));
      return acks.map((a) => ok(a).receipt);
    });
    for (const r of sends) expect(new Set(r).size).toBe(1);
    // The same command id with other choices is not the same ballot: refused, the first stands.
    const tampered = await voters[1]!('poll:vote', { pollId: poll.id, round: 1, commandId: (await server.deps.models.PollVoted.findById(`${poll.id}:1:${f.delegateIds[1]}`).lean())!.commandId, choices: ['no'] });
    expect(tampered).toMatchObject({ ok: false, error: 'conflict' });
    expect(await server.deps.models.SecretBallot.countDocuments({ pollId: poll.id })).toBe(500);
    expect(await server.deps.models.PollVoted.countDocuments({ pollId: poll.id })).toBe(500);

    const doubles = await mapLimit(voters, 25, (v) => v('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: ['abstain'] }));
    expect(doubles.filter((a) => a.ok || a.error !== 'conflict')).toEqual([]);
    expect(await server.deps.models.SecretBallot.countDocuments({ pollId: poll.id })).toBe(500);

    const tally = ok(await chair!<TallyView>('poll:close', { pollId: poll.id, commandId: cid() }));
    expect(tally.counts.map((c) => c.count)).toEqual([333, 167, 0]);
    expect(tally.outcome).toBe('PASSED');
    // Sealed: the round's ballots now live in receipt order in poll_sealed_ballots only.
    expect(await server.deps.models.SecretBallot.countDocuments({ pollId: poll.id })).toBe(0);
    expect(await server.deps.models.SealedBallot.countDocuments({ pollId: poll.id })).toBe(500);
  }, 180_000);

  it('50 ballots racing 50 close calls → one tally, identical from every close; every ballot counted or refused, none acknowledged and lost', async () => {
    const f = await sittingWith(50);
    const chairs = await clientsFor(Array(50).fill(f.chairId));
    const voters = await clientsFor(f.delegateIds);
    const poll = await openedPoll(f, chairs[0]!, true);
    const sent = voters.map(() => cid());
    const [votes, closes] = await Promise.all([
      Promise.all(voters.map(async (v, i) => { await pause(i * 2); return v<Receipt>('poll:vote', { pollId: poll.id, round: 1, commandId: sent[i]!, choices: ['yes'] }); })),
      Promise.all(chairs.map(async (c, i) => { await pause(40 + i); return c<TallyView>('poll:close', { pollId: poll.id, commandId: cid() }); })),
    ]);
    const tallies = closes.map(ok);
    expect(new Set(tallies.map((t) => t.hash)).size).toBe(1);
    for (const t of tallies) expect(t).toEqual(tallies[0]);
    const accepted = votes.filter((v) => v.ok).length;
    expect(votes.every((v) => v.ok || v.error === 'conflict')).toBe(true);
    expect(tallies[0]!.ballots).toBe(accepted);
    expect(await server.deps.models.SealedBallot.countDocuments({ pollId: poll.id })).toBe(accepted);
    // A ballot after the close is refused; every refused voter still has no ballot, and an
    // accepted ballot resent after the close (its ack lost) gets the same receipt, not a refusal.
    const refusedVoter = votes.findIndex((v) => !v.ok);
    if (refusedVoter >= 0) expect(await voters[refusedVoter]!('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: ['yes'] })).toMatchObject({ ok: false, error: 'conflict' });
    const acceptedVoter = votes.findIndex((v) => v.ok);
    if (acceptedVoter >= 0) {
      const first = ok(votes[acceptedVoter]!);
      const again = await voters[acceptedVoter]!<Receipt>('poll:vote', { pollId: poll.id, round: 1, commandId: sent[acceptedVoter]!, choices: ['yes'] });
      expect(ok(again).receipt).toBe(first.receipt);
    }
    const audit = await server.deps.models.AuditEntry.find({ chain: `sitting:${f.sittingId}`, action: 'poll:closed' }).lean();
    expect(audit).toHaveLength(1);
    expect((audit[0]!.data as Record<string, unknown>).tallyHash).toBe(tallies[0]!.hash);
  }, 120_000);

  it('opening without a quorum of N is refused, saying how many delegates are missing', async () => {
    const f = await sittingWith(30, 19, 30); // 2/3 of 30 = 20 required, 19 present
    const [chair] = await clientsFor([f.chairId]);
    const poll = ok(await chair!<PollView>('poll:create', { sittingId: f.sittingId, commandId: cid(), title: 'Thử', kind: 'resolution', secret: false }));
    const res = await chair!('poll:open', { pollId: poll.id, commandId: cid() });
    expect(res).toMatchObject({ ok: false, error: 'conflict' });
    expect(!res.ok && res.message).toMatch(/còn thiếu 1\b/);
  }, 60_000);

  it('after a secret poll no document in any collection, and no log line, holds both a voter id and a choice', async () => {
    const lines: string[] = [];
    const logged = await startTestServer({ log: createLogger('trace', { write: (l: string) => { lines.push(l); } }) });
    try {
      const f = await sittingWith(20, 20, 20, logged);
      const [chair] = await clientsFor([f.chairId], logged);
      const voters = await clientsFor(f.delegateIds, logged);
      const poll = await openedPoll(f, chair!, true);
      await Promise.all(voters.map((v, i) => v('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: [['yes', 'no', 'abstain'][i % 3]] })));
      // Double votes are refused and logged (who and why): the log scan below has lines with voter ids.
      await Promise.all(voters.map((v) => v('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: ['no'] })));
      ok(await chair!('poll:close', { pollId: poll.id, commandId: cid() }));
      ok(await chair!('poll:publish', { pollId: poll.id, commandId: cid() }));
      const scan = await scanLinks(logged, f.delegateIds);
      expect(scan.offenders).toEqual([]);
      expect(scan.scanned.poll_sealed_ballots).toBe(20); // the scan did see the ballots…
      expect(scan.scanned.poll_voted_sealed).toBe(20); // …and who voted
      const linked = lines.filter((l) => f.delegateIds.some((id) => l.includes(id)) && /"(yes|no|abstain)"/.test(l));
      expect(lines.filter((l) => f.delegateIds.some((id) => l.includes(id)))).toHaveLength(20); // voter ids do reach the log…
      expect(linked).toEqual([]); // …never a voter id beside a choice
      expect(await logged.deps.models.PollKey.exists({ _id: poll.id })).toBeNull(); // published: the receipt key is gone
    } finally {
      await logged.stop();
    }
  }, 60_000);

  it("once the round is closed, neither a secret ballot's place in the database nor a voter's follows the order in which delegates voted", async () => {
    const f = await sittingWith(50);
    const [chair] = await clientsFor([f.chairId]);
    const voters = await clientsFor(f.delegateIds);
    const poll = await openedPoll(f, chair!, true);
    // The delegates vote one after the other in a random order.
    const order = voters.map((_, i) => i).sort(() => Math.random() - 0.5);
    const receipts: string[] = [];
    for (const i of order) receipts.push(ok(await voters[i]!<Receipt>('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: ['yes'] })).receipt);
    ok(await chair!('poll:close', { pollId: poll.id, commandId: cid() }));
    // Natural order (FerretDB/SQLite: as stored), as a reader of the database would see it.
    const ballots = (await server.deps.models.SealedBallot.find({ pollId: poll.id }).lean()).map((b) => b.receiptHash);
    const voted = (await server.deps.models.SealedVoter.find({ pollId: poll.id }).lean()).map((v) => v.voterId);
    expect([...ballots].sort()).toEqual([...receipts].sort());
    expect([...voted].sort()).toEqual([...f.delegateIds].sort());
    // Spearman's rank correlation between voting order and stored order: about 0 ± 0.14 for a
    // random placement of 50; 1 when records are appended as they come.
    const rho = (positions: number[]) => {
      const n = positions.length;
      return 1 - (6 * positions.reduce((acc, p, i) => acc + (p - i) ** 2, 0)) / (n * (n * n - 1));
    };
    expect(Math.abs(rho(receipts.map((r) => ballots.indexOf(r))))).toBeLessThan(0.6);
    expect(Math.abs(rho(order.map((i) => voted.indexOf(f.delegateIds[i]!))))).toBeLessThan(0.6);
    expect(await server.deps.models.PollVoted.countDocuments({ pollId: poll.id })).toBe(0);
  }, 60_000);

  it('a secret confidence poll shows each person\'s low share of N and the consequence the rules attach', async () => {
    const f = await sittingWith(9);
    const [chair] = await clientsFor([f.chairId]);
    const voters = await clientsFor(f.delegateIds);
    const created = ok(await chair!<PollView>('poll:create', {
      sittingId: f.sittingId, commandId: cid(), title: 'Lấy phiếu tín nhiệm', kind: 'confidence', secret: true,
      options: [{ key: 'a', label: 'Người A' }, { key: 'b', label: 'Người B' }, { key: 'c', label: 'Người C' }],
    }));
    ok(await chair!('poll:open', { pollId: created.id, commandId: cid() }));
    // N = 9: A rated low by 4 (not > 1/2), B by 5 (> 1/2, < 2/3), C by 6 (≥ 2/3).
    await Promise.all(voters.map((v, i) => v('poll:vote', { pollId: created.id, round: 1, commandId: cid(), choices: [`a=${i < 4 ? 'low' : 'high'}`, `b=${i < 5 ? 'low' : 'medium'}`, `c=${i < 6 ? 'low' : 'high'}`] }).then(ok)));
    const tally = ok(await chair!<TallyView>('poll:close', { pollId: created.id, commandId: cid() }));
    expect(tally.confidence?.map((c) => [c.key, c.low, c.lowShareOfN, c.consequence])).toEqual([
      ['a', 4, '4/9', 'none'], ['b', 5, '5/9', 'resignation_or_confidence_vote'], ['c', 6, '6/9', 'dismissal_to_be_proposed'],
    ]);
    expect(tally.named).toBeUndefined();
  }, 60_000);

  it('a named poll refuses a second ballot by unique index and publishes each delegate\'s choice', async () => {
    const f = await sittingWith(3);
    const [chair] = await clientsFor([f.chairId]);
    const voters = await clientsFor(f.delegateIds);
    const poll = await openedPoll(f, chair!, false);
    for (const v of voters) ok(await v('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: ['yes'] }));
    // The secrecy scan is sensitive: a named poll's ballots are exactly such links.
    expect((await scanLinks(server, f.delegateIds)).offenders.filter((o) => o.startsWith('poll_named_ballots:'))).toHaveLength(3);
    await expect(server.deps.models.NamedBallot.create({ _id: 'x', pollId: poll.id, round: 1, voterId: f.delegateIds[0], choices: ['no'], receipt: 'x', commandId: cid() })).rejects.toMatchObject({ code: 11000 });
    const tally = ok(await chair!<TallyView>('poll:close', { pollId: poll.id, commandId: cid() }));
    expect(tally.outcome).toBe('PASSED');
    expect(tally.named).toBeUndefined(); // who chose what: at publication, not at the close
    const reopened = ok(await chair!<PollView>('poll:reopen', { pollId: poll.id, commandId: cid(), fromRound: 1 }));
    expect(reopened.round).toBe(2);
    expect(await server.deps.models.NamedBallot.countDocuments({ pollId: poll.id, round: 1 })).toBe(3);
    for (const [i, v] of voters.entries()) ok(await v('poll:vote', { pollId: poll.id, round: 2, commandId: cid(), choices: [i === 0 ? 'no' : 'yes'] }));
    ok(await chair!('poll:close', { pollId: poll.id, commandId: cid() }));
    const published = ok(await chair!<TallyView>('poll:publish', { pollId: poll.id, commandId: cid() }));
    expect(published.named).toEqual([...f.delegateIds].sort().map((id) => ({ voterId: id, choices: [id === f.delegateIds[0] ? 'no' : 'yes'] })));
  }, 60_000);
});

/**
 * Scans every collection of the server's database (db.listCollections()) for documents that
 * hold one of `voterIds` and a resolution choice anywhere inside them.
 */
async function scanLinks(on: TestServer, voterIds: string[]) {
  const ids = new Set(voterIds);
  const db = on.deps.conn.db!;
  const offenders: string[] = [];
  const scanned: Record<string, number> = {};
  for (const c of await db.listCollections().toArray()) {
    const docs = await db.collection(c.name).find({}).toArray();
    scanned[c.name] = docs.length;
    for (const doc of docs) {
      const strings = leaves(doc);
      if (strings.some((x) => ids.has(x)) && strings.some((x) => x === 'yes' || x === 'no' || x === 'abstain')) offenders.push(`${c.name}:${String(doc._id)}`);
    }
  }
  return { offenders, scanned };
}

/** Every string (and ObjectId as hex) anywhere in a document. */
function leaves(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v && typeof v === 'object') {
    if ('toHexString' in v && typeof (v as { toHexString: unknown }).toHexString === 'function') return [(v as { toHexString(): string }).toHexString()];
    return Object.values(v as Record<string, unknown>).flatMap(leaves);
  }
  return [];
}
