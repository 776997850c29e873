import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildUnit, buildUser } from '../../../test/helpers/factories.js';
import { provinceWithAdmin, signedInMember } from '../../../test/helpers/orgFixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

const councilBody = (unitId: string, over: Record<string, unknown> = {}) => ({
  unitId, name: 'HĐND xã Bình An', term: '2026-2031', termStart: '2026-06-01', electedTotal: 25, ...over,
});

describe('councils', () => {
  it('creates a council with its term, elected total N and working rules, filling the rules left out', async () => {
    const { province, client } = await provinceWithAdmin(server);
    const commune = await buildUnit(server.deps, { name: 'Xã Bình An', unitType: 'xa', parentId: province._id });
    const res = await client.post('/api/org/councils', councilBody(String(commune._id), {
      rules: { quorumNumerator: 1, quorumDenominator: 2, firstSpeechSeconds: 600, dossierDeadlineDays: 10 },
    }));
    expect(res.status, res.text).toBe(200);
    expect(res.json.data).toMatchObject({
      unitId: String(commune._id), term: '2026-2031', termStart: '2026-06-01T00:00:00.000Z', termEnd: null, electedTotal: 25,
      rules: { quorumNumerator: 1, quorumDenominator: 2, firstSpeechSeconds: 600, followUpSeconds: 180, maxSpeechesPerTopic: 2, dossierDeadlineDays: 10, onlineCountsForQuorum: true },
    });
    const read = await client.get(`/api/org/councils/${res.json.data.id}`);
    expect(read.json.data).toEqual(res.json.data);
    const listed = await client.get(`/api/org/councils?unitId=${commune._id}`);
    expect(listed.json.data.map((c: { id: string }) => c.id)).toEqual([res.json.data.id]);
  });

  it('rejects an elected total of zero with validation_failed naming electedTotal', async () => {
    const { province, client } = await provinceWithAdmin(server);
    const res = await client.post('/api/org/councils', councilBody(String(province._id), { electedTotal: 0 }));
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('validation_failed');
    expect(res.json.issues.map((i: { path: string }) => i.path)).toEqual(['electedTotal']);
  });

  it('rejects a quorum fraction above one, naming rules.quorumNumerator', async () => {
    const { province, client } = await provinceWithAdmin(server);
    const res = await client.post('/api/org/councils', councilBody(String(province._id), { rules: { quorumNumerator: 3, quorumDenominator: 2 } }));
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual([expect.objectContaining({ path: 'rules.quorumNumerator', message: expect.stringMatching(/quorum/) })]);
  });

  it('a patch of one rule keeps the others, and the merged rules are checked again', async () => {
    const { council, client } = await provinceWithAdmin(server);
    const ok = await client.patch(`/api/org/councils/${council._id}`, { rules: { followUpSeconds: 120 } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.data.rules).toMatchObject({ followUpSeconds: 120, firstSpeechSeconds: 420, quorumNumerator: 2, quorumDenominator: 3 });
    // 4/3 only appears once the stored denominator is merged in.
    const bad = await client.patch(`/api/org/councils/${council._id}`, { rules: { quorumNumerator: 4 } });
    expect(bad.status).toBe(400);
    expect(bad.json.issues).toEqual([expect.objectContaining({ path: 'rules.quorumNumerator' })]);
  });

  it('refuses a second council of the same unit for the same term with conflict', async () => {
    const { province, client } = await provinceWithAdmin(server);
    expect((await client.post('/api/org/councils', councilBody(String(province._id)))).status).toBe(200);
    const again = await client.post('/api/org/councils', councilBody(String(province._id)));
    expect(again.status).toBe(409);
    expect(again.json.error).toBe('conflict');
  });

  it('lets any signed-in user read councils but only an admin of the unit change them', async () => {
    const { council } = await provinceWithAdmin(server);
    const { client: chair } = await signedInMember(server, council._id, 'chair');
    expect((await chair.get(`/api/org/councils/${council._id}`)).status).toBe(200);
    expect((await chair.patch(`/api/org/councils/${council._id}`, { electedTotal: 99 })).status).toBe(403);
  });
});

describe('meeting points', () => {
  it('adds meeting points to a unit, lists them by unit and renames one', async () => {
    const { province, client } = await provinceWithAdmin(server);
    const commune = await buildUnit(server.deps, { unitType: 'xa', parentId: province._id });
    const hall = await client.post('/api/org/meeting-points', { unitId: String(commune._id), name: 'Hội trường UBND xã', capacity: 60 });
    expect(hall.status, hall.text).toBe(200);
    expect(hall.json.data).toMatchObject({ unitId: String(commune._id), capacity: 60, address: '' });
    await client.post('/api/org/meeting-points', { unitId: String(commune._id), name: 'Phòng họp số 2' });
    const renamed = await client.patch(`/api/org/meeting-points/${hall.json.data.id}`, { name: 'Hội trường A' });
    expect(renamed.json.data).toMatchObject({ name: 'Hội trường A', capacity: 60 });
    const list = await client.get(`/api/org/units/${commune._id}/meeting-points`);
    expect(list.json.data.map((p: { name: string }) => p.name)).toEqual(['Hội trường A', 'Phòng họp số 2']);
  });
});

describe('memberships', () => {
  it('an admin gives a user a role; the member list shows it; the same role twice is a conflict; deleting removes it', async () => {
    const { council, client } = await provinceWithAdmin(server);
    const user = await buildUser(server.deps, { displayName: 'Trần Thị Bích' });
    const created = await client.post('/api/org/memberships', { userId: String(user._id), councilId: String(council._id), role: 'delegate' });
    expect(created.status, created.text).toBe(200);
    expect(created.json.data).toMatchObject({ displayName: 'Trần Thị Bích', role: 'delegate', activated: true, importId: null });

    const again = await client.post('/api/org/memberships', { userId: String(user._id), councilId: String(council._id), role: 'delegate' });
    expect(again.status).toBe(409);

    const list = await client.get(`/api/org/councils/${council._id}/memberships`);
    expect(list.json.data.map((m: { role: string }) => m.role).sort()).toEqual(['admin', 'delegate']);

    expect((await client.delete(`/api/org/memberships/${created.json.data.id}`)).status).toBe(200);
    expect(await server.deps.models.Membership.exists({ _id: created.json.data.id })).toBeNull();
  });

  it('refuses a meeting point outside the council’s area, naming meetingPointId', async () => {
    const { council, client } = await provinceWithAdmin(server);
    const other = await provinceWithAdmin(server, 'Tỉnh Khác');
    const point = await server.deps.models.MeetingPoint.create({ unitId: other.province._id, name: 'Phòng ngoài' });
    const user = await buildUser(server.deps);
    const res = await client.post('/api/org/memberships', { userId: String(user._id), councilId: String(council._id), role: 'meeting_point_operator', meetingPointId: String(point._id) });
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual([expect.objectContaining({ path: 'meetingPointId' })]);
  });

  it('an admin cannot remove their own admin role (nobody would be left to give it back)', async () => {
    const { council, admin, client } = await provinceWithAdmin(server);
    const own = await server.deps.models.Membership.findOne({ userId: admin._id, councilId: council._id, role: 'admin' }).lean();
    const res = await client.delete(`/api/org/memberships/${own!._id}`);
    expect(res.status).toBe(409);
  });
});
