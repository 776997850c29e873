import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { mongo, Types, type Connection } from 'mongoose';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { connectDb } from '../platform/db.js';
import { buildModels, syncIndexes, type Models } from '../app/models.js';
import { appendAudit } from './append.js';
import { AuditInputError } from './auditData.js';
import { entryHash, GENESIS_HASH } from './hash.js';
import { verifyAll, verifyChain } from './verify.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

const newChain = () => `sitting:${new Types.ObjectId().toHexString()}`;
const subject = { kind: 'agendaItem', id: new Types.ObjectId() };
const deps = () => server.deps;
const raw = () => server.deps.conn.collection('audit_entries');

async function appendMany(chain: string, n: number, d: { models: Models } = deps()) {
  for (let i = 1; i <= n; i++) await appendAudit(d, { chain, actorId: null, action: 'agenda:setCurrent', subject, data: { i } });
}

async function seqsOf(chain: string): Promise<number[]> {
  const docs = await raw().find({ chain }, { projection: { seq: 1 } }).toArray();
  return docs.map((d) => d.seq as number).sort((a, b) => a - b);
}

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Another connection to the same database: what a second server process would hold. */
async function secondProcess(dbName: string): Promise<{ models: Models; conn: Connection }> {
  const conn = await connectDb(inject('mongoUri'), dbName);
  return { conn, models: buildModels(conn) };
}

describe('appendAudit', () => {
  it('starts a chain at seq 1, linked to the genesis hash, and returns the stored entry', async () => {
    const chain = newChain();
    const actorId = new Types.ObjectId();
    const entry = await appendAudit(deps(), { chain, actorId: actorId.toHexString(), action: 'sitting:open', subject, data: { title: 'Kỳ họp thứ 5' } });
    expect(entry).toMatchObject({ chain, seq: 1, prevHash: GENESIS_HASH, action: 'sitting:open', data: { title: 'Kỳ họp thứ 5' } });
    expect(entry.actorId?.equals(actorId)).toBe(true);
    expect(entry.hash).toBe(entryHash(GENESIS_HASH, entry));
    const stored = await raw().findOne({ chain, seq: 1 });
    expect(stored).toMatchObject({ chain, seq: 1, hash: entry.hash });
    expect(stored).not.toHaveProperty('__v');
  });

  it('a chain of 100 appends verifies, its head being the 100th entry hash', async () => {
    const chain = newChain();
    await appendMany(chain, 99);
    const last = await appendAudit(deps(), { chain, actorId: null, action: 'agenda:setCurrent', subject, data: { i: 100 } });
    expect(last.seq).toBe(100);
    expect(await verifyChain(deps(), chain)).toEqual({ ok: true, entries: 100, head: last.hash });
  });

  it('50 concurrent appends to one chain get seq 1..50, no gap, no duplicate, and verify', async () => {
    const chain = newChain();
    const entries = await Promise.all(oneTo(50).map((i) =>
      appendAudit(deps(), { chain, actorId: null, action: 'vote:cast', subject, data: { i } })));
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(oneTo(50));
    expect(await seqsOf(chain)).toEqual(oneTo(50));
    expect(await verifyChain(deps(), chain)).toMatchObject({ ok: true, entries: 50 });
  });

  it('appends racing from four connections (as four server processes would) never fork the chain', async () => {
    const chain = newChain();
    const others = await Promise.all([1, 2, 3].map(() => secondProcess(server.dbName)));
    try {
      const writers = [deps(), ...others];
      await Promise.all(writers.flatMap((w, k) => oneTo(10).map((i) =>
        appendAudit(w, { chain, actorId: null, action: 'vote:cast', subject, data: { writer: k, i } }))));
      expect(await seqsOf(chain)).toEqual(oneTo(40));
      expect(await verifyChain(deps(), chain)).toMatchObject({ ok: true, entries: 40 });
    } finally {
      await Promise.all(others.map((o) => o.conn.close()));
    }
  });

  it('concurrent appends to two chains do not interfere', async () => {
    const [a, b] = [newChain(), newChain()];
    await Promise.all(oneTo(30).flatMap((i) => [
      appendAudit(deps(), { chain: a, actorId: null, action: 'vote:cast', subject, data: { i } }),
      appendAudit(deps(), { chain: b, actorId: null, action: 'speaker:add', subject, data: { i } }),
    ]));
    expect(await seqsOf(a)).toEqual(oneTo(30));
    expect(await seqsOf(b)).toEqual(oneTo(30));
    expect(await verifyChain(deps(), a)).toMatchObject({ ok: true, entries: 30 });
    expect(await verifyChain(deps(), b)).toMatchObject({ ok: true, entries: 30 });
  });

  it('a process that has never seen a chain continues it from its real head', async () => {
    const chain = newChain();
    await appendMany(chain, 37);
    const fresh = await secondProcess(server.dbName);
    try {
      const next = await appendAudit(fresh, { chain, actorId: null, action: 'sitting:close', subject });
      expect(next.seq).toBe(38);
      expect(await verifyChain(deps(), chain)).toMatchObject({ ok: true, entries: 38, head: next.hash });
    } finally {
      await fresh.conn.close();
    }
  });

  it('a process whose remembered head went stale (another process appended) re-reads it and continues', async () => {
    const chain = newChain();
    const other = await secondProcess(server.dbName);
    try {
      await appendMany(chain, 3);
      await appendMany(chain, 2, other);
      const next = await appendAudit(deps(), { chain, actorId: null, action: 'sitting:close', subject });
      expect(next.seq).toBe(6);
      expect(await verifyChain(deps(), chain)).toMatchObject({ ok: true, entries: 6, head: next.hash });
    } finally {
      await other.conn.close();
    }
  });

  it('an entry two processes both append with the same `once` (a cut-off owner and its successor) is in the chain once', async () => {
    const chain = newChain();
    const successor = await secondProcess(server.dbName);
    try {
      await appendMany(chain, 3);
      const entry = (v: number) => ({ chain, actorId: null, action: 'floor:grant', subject, data: { version: v }, once: { match: { action: 'floor:grant', 'data.version': v }, since: performance.now() } });
      // The successor recovers version 4 first; the old owner's late append of it follows.
      const recovered = await appendAudit(successor, entry(4));
      const late = await appendAudit(deps(), entry(4));
      expect(late.seq).toBe(recovered.seq);
      // Both at the same moment, each believing itself first.
      const [a, b] = await Promise.all([appendAudit(successor, entry(5)), appendAudit(deps(), entry(5))]);
      expect(a.hash).toBe(b.hash);
      expect(await seqsOf(chain)).toEqual(oneTo(5));
      expect(await verifyChain(deps(), chain)).toMatchObject({ ok: true, entries: 5 });
    } finally {
      await successor.conn.close();
    }
  });

  it('an old owner whose view of the chain was refreshed after its change finds the entry its successor recovered, and does not append it again', async () => {
    const chain = newChain();
    const successor = await secondProcess(server.dbName);
    try {
      await appendMany(chain, 3);
      // The old owner writes version 4 of the sitting, then is cut off before appending its entry.
      const since = performance.now();
      const v4 = { chain, actorId: null, action: 'floor:grant', subject, data: { version: 4 }, once: { match: { action: 'floor:grant', 'data.version': 4 }, since } };
      await appendAudit(successor, { ...v4, data: { version: 4, recovered: true } });
      // Back on the network, another of its appends on the chain loses its insert and re-reads the head…
      await appendAudit(deps(), { chain, actorId: null, action: 'media:joined', subject });
      // …so the head it guesses already holds version 4: its own append of version 4 must look first.
      const late = await appendAudit(deps(), v4);
      expect(late.data).toMatchObject({ recovered: true });
      expect(await seqsOf(chain)).toEqual(oneTo(5));
      const grants = await raw().countDocuments({ chain, action: 'floor:grant', 'data.version': 4 });
      expect(grants).toBe(1);
    } finally {
      await successor.conn.close();
    }
  });

  it('keeps every allowed kind of value intact through the database, so the chain still verifies', async () => {
    const chain = newChain();
    await appendAudit(deps(), {
      chain, actorId: null, action: 'document:publish', subject,
      data: {
        title: 'Nghị quyết về dự toán ngân sách — “bản cuối” 😀', empty: {}, none: null, yes: true,
        count: 50, ratio: 0.1 + 0.2, negative: -12.5, negativeZero: -0, big: 2 ** 40, tiny: 5e-324,
        at: new Date('2026-07-01T08:30:00.123Z'), by: new Types.ObjectId(), nested: { deep: { list: ['a', 1, { k: [2, 3] }] } },
        emptyList: [], skipped: undefined,
      },
    });
    await appendAudit(deps(), { chain, actorId: new Types.ObjectId(), action: 'document:withdraw', subject, data: {} });
    expect(await verifyChain(deps(), chain)).toMatchObject({ ok: true, entries: 2 });
  });

  it('refuses a choice key (a ballot secret) and writes nothing', async () => {
    const chain = newChain();
    await expect(appendAudit(deps(), { chain, actorId: null, action: 'vote:cast', subject, data: { choice: 'yes' } }))
      .rejects.toThrow(AuditInputError);
    expect(await raw().countDocuments({ chain })).toBe(0);
  });

  it('refuses a malformed chain, action or id', async () => {
    const ok = { chain: newChain(), actorId: null, action: 'x:y', subject };
    await expect(appendAudit(deps(), { ...ok, chain: 'sitting:a#1' })).rejects.toThrow(/chain/);
    await expect(appendAudit(deps(), { ...ok, action: ' ' })).rejects.toThrow(/action/);
    await expect(appendAudit(deps(), { ...ok, actorId: 'twelve chars' })).rejects.toThrow(/actorId/);
  });
});

describe('verifyChain', () => {
  async function tenEntries() {
    const chain = newChain();
    await appendMany(chain, 10);
    return chain;
  }

  it('reports an entry edited in the database as hash_mismatch at exactly that seq', async () => {
    const chain = await tenEntries();
    await raw().updateOne({ chain, seq: 7 }, { $set: { 'data.i': 700 } });
    expect(await verifyChain(deps(), chain)).toEqual({ ok: false, entries: 6, firstBroken: { seq: 7, reason: 'hash_mismatch' } });
  });

  it('reports a deleted entry as seq_gap at the missing seq', async () => {
    const chain = await tenEntries();
    await raw().deleteOne({ chain, seq: 6 });
    expect(await verifyChain(deps(), chain)).toEqual({ ok: false, entries: 5, firstBroken: { seq: 6, reason: 'seq_gap' } });
  });

  it('reports a swapped prevHash as prev_mismatch', async () => {
    const chain = await tenEntries();
    const [four, five] = await Promise.all([raw().findOne({ chain, seq: 4 }), raw().findOne({ chain, seq: 5 })]);
    await raw().updateOne({ chain, seq: 4 }, { $set: { prevHash: five!.prevHash } });
    await raw().updateOne({ chain, seq: 5 }, { $set: { prevHash: four!.prevHash } });
    expect(await verifyChain(deps(), chain)).toEqual({ ok: false, entries: 3, firstBroken: { seq: 4, reason: 'prev_mismatch' } });
  });

  it('reports an entry edited and re-hashed as prev_mismatch at the next seq', async () => {
    const chain = await tenEntries();
    const three = (await raw().findOne({ chain, seq: 3 }))!;
    const forged = { ...three, data: { i: 300 } } as unknown as Parameters<typeof entryHash>[1];
    await raw().updateOne({ chain, seq: 3 }, { $set: { data: { i: 300 }, hash: entryHash(three.prevHash, forged) } });
    expect(await verifyChain(deps(), chain)).toEqual({ ok: false, entries: 3, firstBroken: { seq: 4, reason: 'prev_mismatch' } });
  });

  it('reports only the first broken link when several are broken', async () => {
    const chain = await tenEntries();
    await raw().updateOne({ chain, seq: 8 }, { $set: { action: 'forged' } });
    await raw().updateOne({ chain, seq: 3 }, { $set: { 'data.i': 30 } });
    expect(await verifyChain(deps(), chain)).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: 'hash_mismatch' } });
  });

  it('reports a value no append could have written (binary data) as hash_mismatch, not an error', async () => {
    const chain = await tenEntries();
    await raw().updateOne({ chain, seq: 5 }, { $set: { 'data.i': new mongo.Binary(Buffer.from('x')) } });
    expect(await verifyChain(deps(), chain)).toMatchObject({ ok: false, firstBroken: { seq: 5, reason: 'hash_mismatch' } });
  });

  it('finds an empty chain intact, with the genesis hash as head', async () => {
    expect(await verifyChain(deps(), newChain())).toEqual({ ok: true, entries: 0, head: GENESIS_HASH });
  });
});

/** A database of its own, so its chains are the only ones verifyAll and the CLI see. */
async function scratchDb() {
  const dbName = `t_${randomBytes(6).toString('hex')}`;
  const conn = await connectDb(inject('mongoUri'), dbName);
  const models = buildModels(conn);
  await syncIndexes(models);
  const uri = inject('mongoUri').replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)\/?[^?]*/, `$1/${dbName}`);
  return { deps: { models }, uri, async drop() { await conn.dropDatabase().catch(() => {}); await conn.close(); } };
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function runCli(uri: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/src/app/auditVerifyCli.ts', ...args],
      { cwd: repoRoot, env: { ...process.env, MONGODB_URI: uri }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr }));
  });
}

describe('verifyAll and the audit:verify command', () => {
  let intact: Awaited<ReturnType<typeof scratchDb>>;
  let tampered: Awaited<ReturnType<typeof scratchDb>>;
  const [good, broken] = [newChain(), newChain()];
  beforeAll(async () => {
    [intact, tampered] = await Promise.all([scratchDb(), scratchDb()]);
    await appendMany(good, 5, intact.deps);
    await appendMany(good, 5, tampered.deps);
    await appendMany(broken, 5, tampered.deps);
    await tampered.deps.models.AuditEntry.collection.updateOne({ chain: broken, seq: 2 }, { $set: { action: 'forged' } });
  });
  afterAll(async () => Promise.all([intact?.drop(), tampered?.drop()]));

  it('verifyAll reports each chain, naming the broken one and where', async () => {
    const verdicts = await verifyAll(tampered.deps);
    expect(verdicts).toHaveLength(2);
    expect(verdicts.find((v) => v.chain === good)).toMatchObject({ ok: true, entries: 5 });
    expect(verdicts.find((v) => v.chain === broken)).toEqual({ chain: broken, ok: false, entries: 1, firstBroken: { seq: 2, reason: 'hash_mismatch' } });
  });

  it('the command exits 0 and prints OK with the head hash when every chain is intact', async () => {
    const { code, stdout } = await runCli(intact.uri);
    const { head } = (await verifyChain(intact.deps, good)) as { head: string };
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`OK      ${good}  5 entries  head ${head}`);
  });

  it('the command exits 1 when any chain is broken and says where it breaks', async () => {
    const { code, stdout } = await runCli(tampered.uri);
    expect(code).toBe(1);
    expect(stdout).toContain(`BROKEN  ${broken}  at seq 2: hash_mismatch`);
    expect(stdout).toContain(`OK      ${good}  5 entries`);
  });

  it('the command exits 2, not 1, when it cannot run', async () => {
    const { code, stderr } = await runCli('http://not-a-database');
    expect(code).toBe(2);
    expect(stderr).toMatch(/MONGODB_URI/);
  });

  it('the command checks only the chain named by --chain', async () => {
    const { code, stdout } = await runCli(tampered.uri, ['--chain', good]);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([expect.stringContaining(`OK      ${good}`)]);
  });
});
