import { createHash } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Types } from 'mongoose';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';
import { seedDemoIfEmpty, DEMO_LOGINS, DEMO_PASSWORD } from './demo.js';
import { filesBucket } from '../platform/storage.js';
import { SeedLedger } from './ledger.js';
import { ROLES } from '../../../contract/roles.js';

let server: TestServer;
let seeded: boolean;
let seedMs: number;

beforeAll(async () => {
  server = await startTestServer();
  const t = performance.now();
  seeded = await seedDemoIfEmpty(server.deps);
  seedMs = performance.now() - t;
  console.info(`demo seed took ${Math.round(seedMs)} ms`);
});
afterAll(async () => server?.stop());

const m = () => server.deps.models;
async function provinceCouncil() {
  const province = await m().Unit.findOne({ unitType: 'tinh', parentId: null }).lean();
  return m().Council.findOne({ unitId: province!._id }).lean();
}
async function snapshotCounts() {
  const db = server.deps.conn.db!;
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await db.collection(n).countDocuments()] as const)));
}

describe('seedDemoIfEmpty on an empty database', () => {
  it('seeds and says so, in under ten seconds', () => {
    expect(seeded).toBe(true);
    expect(seedMs).toBeLessThan(10_000);
  });

  it('writes both hierarchy schemes with their levels and unit types', async () => {
    const schemes = await m().Scheme.find().lean();
    const two = schemes.find((s) => s.code === 'two-level-2025');
    const three = schemes.find((s) => s.code === 'three-level');
    expect(two?.validFrom.toISOString().slice(0, 10)).toBe('2025-07-01');
    expect(three?.validTo?.toISOString().slice(0, 10)).toBe('2025-07-01');
    const levels = await m().Level.find().sort({ depth: 1 }).lean();
    expect(levels.filter((l) => l.scheme === 'two-level-2025').map((l) => l.name)).toEqual(['Cấp tỉnh', 'Cấp xã']);
    expect(levels.filter((l) => l.scheme === 'three-level').map((l) => l.name)).toEqual(['Cấp tỉnh', 'Cấp huyện', 'Cấp xã']);
    const typeNames = (await m().UnitType.find().lean()).map((t) => t.name);
    for (const name of ['Tỉnh', 'Thành phố trực thuộc trung ương', 'Xã', 'Phường', 'Đặc khu', 'Huyện', 'Quận', 'Thị xã', 'Thành phố thuộc tỉnh', 'Thị trấn']) {
      expect(typeNames).toContain(name);
    }
  });

  it('gives the province council N = 50 and the 2/3 quorum, 420/180 s, 7-day dossier rules', async () => {
    const council = await provinceCouncil();
    expect(council).toMatchObject({ electedTotal: 50, rules: { quorumNumerator: 2, quorumDenominator: 3, firstSpeechSeconds: 420, followUpSeconds: 180, dossierDeadlineDays: 7 } });
    expect(council?.name).toContain('khóa XVI');
  });

  it('makes exactly N delegate memberships in the province council, the chair being one of them', async () => {
    const council = await provinceCouncil();
    const delegates = await m().Membership.find({ councilId: council!._id, role: 'delegate' }).lean();
    expect(delegates).toHaveLength(council!.electedTotal);
    const users = await m().User.find({ _id: { $in: delegates.map((d) => d.userId) } }).lean();
    expect(users).toHaveLength(50);
    expect(users.map((u) => u.login)).toContain('chutoa@hdnd.demo');
    expect(users.map((u) => u.login)).toContain('daibieu49@hdnd.demo');
  });

  it('names the delegates with distinct Vietnamese full names written with diacritics', async () => {
    const users = await m().User.find({ login: /^daibieu/ }).lean();
    const names = users.map((u) => u.displayName);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => n.split(' ').length >= 3)).toBe(true);
    expect(names.filter((n) => /[ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ]/i.test(n)).length).toBeGreaterThan(40);
  });

  it('creates three communes of the two-level structure, each with a council of 15–30 and a meeting point', async () => {
    const province = await m().Unit.findOne({ unitType: 'tinh' }).lean();
    const communes = await m().Unit.find({ parentId: province!._id, unitType: { $in: ['xa', 'phuong'] } }).lean();
    expect(communes).toHaveLength(3);
    for (const c of communes) {
      expect(c.validFrom.toISOString().slice(0, 10)).toBe('2025-07-01');
      expect(c.validTo).toBeNull();
      const council = await m().Council.findOne({ unitId: c._id }).lean();
      expect(council!.electedTotal).toBeGreaterThanOrEqual(15);
      expect(council!.electedTotal).toBeLessThanOrEqual(30);
      expect(await m().MeetingPoint.countDocuments({ unitId: c._id })).toBe(1);
      const merged = await m().Unit.find({ 'lineage.unitId': c._id, 'lineage.kind': 'merged_into', validTo: new Date('2025-07-01') }).lean();
      expect(merged.filter((u) => u.unitType !== 'huyen').length).toBeGreaterThanOrEqual(2);
    }
    expect(await m().MeetingPoint.countDocuments({ unitId: province!._id })).toBe(1);
  });

  it('keeps the dissolved district readable: valid until (exclusive) 2025-07-01, under the province, merged into the new communes', async () => {
    const district = await m().Unit.findOne({ unitType: 'huyen' }).lean();
    const province = await m().Unit.findOne({ unitType: 'tinh' }).lean();
    expect(district!.validTo!.toISOString().slice(0, 10)).toBe('2025-07-01');
    expect(String(district!.parentId)).toBe(String(province!._id));
    expect(district!.lineage.length).toBeGreaterThan(0);
    expect(district!.lineage.every((l) => l.kind === 'merged_into' && l.date.toISOString().startsWith('2025-07-01'))).toBe(true);
    const oldCommunes = await m().Unit.find({ parentId: district!._id }).lean();
    expect(oldCommunes.length).toBeGreaterThanOrEqual(2);
    expect(oldCommunes.every((u) => u.validTo?.toISOString().startsWith('2025-07-01'))).toBe(true);
  });

  it('hashes the shared password once: every demo account holds the same argon2id hash', async () => {
    const hashes = await m().User.distinct('passwordHash');
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).toMatch(/^\$argon2id\$/);
  });
});

describe('demo accounts', () => {
  it('lists one login per role', () => {
    expect(DEMO_LOGINS.map((d) => d.role).sort()).toEqual([...ROLES].sort());
  });

  it('every demo login signs in with DEMO_PASSWORD and holds its role in the province council', async () => {
    const council = await provinceCouncil();
    for (const { role, login } of DEMO_LOGINS) {
      const c = new TestClient(server.url);
      await c.signIn(login, DEMO_PASSWORD);
      const me = await c.get('/api/auth/me');
      expect(me.status).toBe(200);
      const roles = me.json.data.memberships.filter((x: { councilId: string }) => x.councilId === String(council!._id)).map((x: { role: string }) => x.role);
      expect(roles, login).toContain(role);
    }
  });

  it('the chair is both chair and delegate; staff and guests are not delegates', async () => {
    const c = new TestClient(server.url);
    const me = await c.signIn('chutoa@hdnd.demo', DEMO_PASSWORD);
    expect(me.memberships.map((x: { role: string }) => x.role).sort()).toEqual(['chair', 'delegate']);
    for (const login of ['admin@hdnd.demo', 'thuky@hdnd.demo', 'diemcau@hdnd.demo', 'khach@hdnd.demo']) {
      const other = await new TestClient(server.url).signIn(login, DEMO_PASSWORD);
      expect(other.memberships).toHaveLength(1);
    }
  });

  it("the meeting-point operator's membership names a commune meeting point", async () => {
    const me = await new TestClient(server.url).signIn('diemcau@hdnd.demo', DEMO_PASSWORD);
    const point = await m().MeetingPoint.findById(me.memberships[0].meetingPointId).lean();
    const unit = await m().Unit.findById(point!.unitId).lean();
    expect(['xa', 'phuong']).toContain(unit!.unitType);
  });
});

describe('demo sessions and documents', () => {
  it("the chair's home lists the upcoming published session with its agenda and documents, and a closed one", async () => {
    const c = new TestClient(server.url);
    await c.signIn('chutoa@hdnd.demo', DEMO_PASSWORD);
    const res = await c.get('/api/me/sessions');
    expect(res.status).toBe(200);
    const upcoming = res.json.data.find((s: { status: string }) => s.status === 'published');
    expect(upcoming.title).toMatch(/^Kỳ họp thứ 25/);
    expect(upcoming.agendaItems).toBeGreaterThan(0);
    expect(upcoming.documents).toBeGreaterThan(0);
    const days = (Date.parse(upcoming.startsAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(8);
    expect(days).toBeLessThan(11);
    expect(res.json.data.some((s: { status: string; startsAt: string }) => s.status === 'closed' && Date.parse(s.startsAt) < Date.now())).toBe(true);
  });

  it('nests the agenda: sub-items point at a parent of the same session, and every kind of item is there', async () => {
    const session = await m().CouncilSession.findOne({ status: 'published' }).lean();
    const items = await m().AgendaItem.find({ sessionId: session!._id }).lean();
    const top = items.filter((i) => i.parentId === null);
    expect(top.length).toBeGreaterThanOrEqual(6);
    const children = items.filter((i) => i.parentId !== null);
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) expect(top.map((t) => String(t._id))).toContain(String(child.parentId));
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['report', 'plenary', 'interpellation', 'vote']));
    expect(items.filter((i) => i.presenter).length).toBeGreaterThan(5);
  });

  it('stores each document in GridFS with bytes that hash to its sha256, its size and page count', async () => {
    const docs = await m().Document.find().lean();
    expect(docs.length).toBeGreaterThanOrEqual(3);
    const bucket = filesBucket(server.deps.conn);
    for (const d of docs) {
      const chunks: Buffer[] = [];
      for await (const chunk of bucket.openDownloadStream(d.fileId)) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      expect(createHash('sha256').update(bytes).digest('hex'), d.fileName).toBe(d.sha256);
      expect(bytes.length).toBe(d.bytes);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(d.agendaItemId).not.toBeNull();
    }
    expect(docs.find((d) => d.fileName === 'du-thao-nghi-quyet.pdf')!.pages).toBe(6);
    expect(docs.find((d) => d.fileName === 'bao-cao-tham-tra.pdf')!.pages).toBe(3);
    expect(new Set(docs.map((d) => String(d.fileId))).size).toBe(docs.length);
  });
});

describe('the demo sitting', () => {
  it('holds two draft resolutions, named, linked to their agenda items, with a counting committee and a receipt key each', async () => {
    const sitting = await m().Sitting.findOne({ title: 'Phiên khai mạc và thảo luận' }).lean();
    const polls = await m().Poll.find({ sittingId: sitting!._id }).sort({ createCommandId: -1 }).lean();
    expect(polls.map((p) => [p.kind, p.secret, p.status, p.round])).toEqual([['resolution', false, 'draft', 1], ['resolution', false, 'draft', 1]]);
    for (const p of polls) {
      const item = await m().AgendaItem.findById(p.agendaItemId).lean();
      expect(item?.title).toBe(p.title);
      expect(p.countingCommittee).toHaveLength(3);
      expect(await m().PollKey.exists({ _id: String(p._id) })).not.toBeNull();
    }
  });
});

describe('idempotence and failure', () => {
  it('seeding again returns false and writes nothing', async () => {
    const before = await snapshotCounts();
    expect(await seedDemoIfEmpty(server.deps)).toBe(false);
    expect(await snapshotCounts()).toEqual(before);
  });

  it('a rollback removes exactly what the ledger inserted', async () => {
    const ledger = new SeedLedger();
    const mine = { _id: new Types.ObjectId(), name: 'Xã Thử Nghiệm', unitType: 'xa', validFrom: new Date('2025-07-01') };
    const unitsBefore = await m().Unit.countDocuments();
    await ledger.insert(m().Unit, [mine]);
    expect(await m().Unit.countDocuments()).toBe(unitsBefore + 1);
    await ledger.rollback();
    expect(await m().Unit.exists({ _id: mine._id })).toBeNull();
    expect(await m().Unit.countDocuments()).toBe(unitsBefore);
  });
});
