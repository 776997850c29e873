import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildCouncil, buildMembership, buildUnit, buildUser } from '../../../test/helpers/factories.js';
import { provinceWithAdmin, signedInMember } from '../../../test/helpers/orgFixtures.js';

/**
 * What the admin workspace (/quan-tri) needs beyond the first org endpoints: a member's
 * meeting point and unit changed in place (PATCH), searchable and paged lists, a dry run of
 * the delegate import, finding a person to give a role, and every such change audited.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

/** A province (admin signed in) with a commune, a meeting point in each and a delegate. */
async function provinceWithDelegate() {
  const setup = await provinceWithAdmin(server);
  const commune = await buildUnit(server.deps, { name: 'Xã Tân Lập', unitType: 'xa', parentId: setup.province._id });
  const { MeetingPoint } = server.deps.models;
  const hall = await MeetingPoint.create({ unitId: setup.province._id, name: 'Hội trường tỉnh' });
  const communeRoom = await MeetingPoint.create({ unitId: commune._id, name: 'Điểm cầu xã Tân Lập' });
  const delegate = await buildUser(server.deps, { displayName: 'Đặng Thị Hạnh' });
  const membership = await buildMembership(server.deps, delegate._id, setup.council._id, 'delegate');
  return { ...setup, commune, hall, communeRoom, delegate, membership };
}

const auditOf = (chain: string) => server.deps.models.AuditEntry.find({ chain }).sort({ seq: 1 }).lean();

describe('PATCH /api/org/memberships/:id', () => {
  it('moves a delegate to another meeting point and unit in place, keeping the membership, and audits it on the council chain', async () => {
    const s = await provinceWithDelegate();
    const res = await s.client.patch(`/api/org/memberships/${s.membership._id}`, { meetingPointId: String(s.communeRoom._id), unitId: String(s.commune._id) });
    expect(res.status, res.text).toBe(200);
    expect(res.json.data).toMatchObject({ id: String(s.membership._id), role: 'delegate', displayName: 'Đặng Thị Hạnh', meetingPointId: String(s.communeRoom._id), unitId: String(s.commune._id) });

    const cleared = await s.client.patch(`/api/org/memberships/${s.membership._id}`, { meetingPointId: null });
    expect(cleared.json.data).toMatchObject({ meetingPointId: null, unitId: String(s.commune._id) });

    const entries = await auditOf(`council:${s.council._id}`);
    expect(entries.map((e) => e.action)).toEqual(['membership:changed', 'membership:changed']);
    expect(entries[0]!.data).toMatchObject({ role: 'delegate', meetingPointIdFrom: null, meetingPointIdTo: String(s.communeRoom._id) });
    expect(String(entries[0]!.actorId)).toBe(String(s.admin._id));
  });

  it('refuses a meeting point outside the council’s unit, naming meetingPointId', async () => {
    const s = await provinceWithDelegate();
    const elsewhere = await provinceWithDelegate();
    const res = await s.client.patch(`/api/org/memberships/${s.membership._id}`, { meetingPointId: String(elsewhere.hall._id) });
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual([expect.objectContaining({ path: 'meetingPointId' })]);
  });

  it('is refused to the secretariat and to the admin of another province, allowed to an admin from the unit above', async () => {
    const s = await provinceWithDelegate();
    const body = { meetingPointId: String(s.communeRoom._id) };
    const { client: secretary } = await signedInMember(server, s.council._id, 'secretariat');
    expect((await secretary.patch(`/api/org/memberships/${s.membership._id}`, body)).status).toBe(403);
    const other = await provinceWithAdmin(server, 'Tỉnh Khác');
    expect((await other.client.patch(`/api/org/memberships/${s.membership._id}`, body)).status).toBe(403);

    // A commune council's operator, moved by the province admin.
    const communeCouncil = await buildCouncil(server.deps, { unitId: s.commune._id });
    const operator = await buildMembership(server.deps, (await buildUser(server.deps))._id, communeCouncil._id, 'meeting_point_operator');
    const res = await s.client.patch(`/api/org/memberships/${operator._id}`, body);
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.meetingPointId).toBe(String(s.communeRoom._id));
  });

  it('answers not_found for a membership that does not exist', async () => {
    const s = await provinceWithDelegate();
    const res = await s.client.patch('/api/org/memberships/0123456789abcdef01234567', { meetingPointId: null });
    expect(res.status).toBe(404);
  });
});

describe('searching and paging admin lists', () => {
  it('finds units by name without diacritics or case and pages them, with the total beside the data', async () => {
    const s = await provinceWithAdmin(server, 'Tỉnh Phân Trang');
    for (const name of ['Xã Hòa Bình', 'Xã Hòa An', 'Phường Hoà Lạc', 'Xã Tân Lập']) await buildUnit(server.deps, { name, unitType: 'xa', parentId: s.province._id });
    const first = await s.client.get(`/api/org/units?parentId=${s.province._id}&q=hoa&pageSize=2`);
    expect(first.status, first.text).toBe(200);
    expect(first.json.data.map((u: { name: string }) => u.name)).toEqual(['Phường Hoà Lạc', 'Xã Hòa An']);
    expect(first.json.paging).toEqual({ total: 3, page: 1, pageSize: 2 });
    const second = await s.client.get(`/api/org/units?parentId=${s.province._id}&q=hoa&pageSize=2&page=2`);
    expect(second.json.data.map((u: { name: string }) => u.name)).toEqual(['Xã Hòa Bình']);
    // Old callers: no paging parameters, the whole list as before.
    const all = await s.client.get(`/api/org/units?parentId=${s.province._id}`);
    expect(all.json.data).toHaveLength(4);
  });

  it('searches a council’s members by name, login or phone and filters them by role and meeting point', async () => {
    const s = await provinceWithDelegate();
    await buildMembership(server.deps, (await buildUser(server.deps, { displayName: 'Phạm Quốc Bảo', login: 'bao@example.vn' }))._id, s.council._id, 'chair');
    const byName = await s.client.get(`/api/org/councils/${s.council._id}/memberships?q=dang thi`);
    expect(byName.json.data.map((m: { displayName: string }) => m.displayName)).toEqual(['Đặng Thị Hạnh']);
    const byLogin = await s.client.get(`/api/org/councils/${s.council._id}/memberships?q=BAO@`);
    expect(byLogin.json.data.map((m: { role: string }) => m.role)).toEqual(['chair']);
    const chairs = await s.client.get(`/api/org/councils/${s.council._id}/memberships?role=chair&pageSize=10`);
    expect(chairs.json.paging).toEqual({ total: 1, page: 1, pageSize: 10 });
    await s.client.patch(`/api/org/memberships/${s.membership._id}`, { meetingPointId: String(s.hall._id) });
    const atHall = await s.client.get(`/api/org/councils/${s.council._id}/memberships?meetingPointId=${s.hall._id}`);
    expect(atHall.json.data.map((m: { displayName: string }) => m.displayName)).toEqual(['Đặng Thị Hạnh']);
  });

  it('searches councils and meeting points the same way', async () => {
    const s = await provinceWithDelegate();
    const councils = await s.client.get(`/api/org/councils?unitId=${s.province._id}&q=${encodeURIComponent(s.council.name.slice(-8))}`);
    expect(councils.json.data.map((c: { id: string }) => c.id)).toEqual([String(s.council._id)]);
    const points = await s.client.get(`/api/org/units/${s.province._id}/meeting-points?q=hoi truong`);
    expect(points.json.data.map((p: { name: string }) => p.name)).toEqual(['Hội trường tỉnh']);
    expect(points.json.paging.total).toBe(1);
  });
});

describe('the delegate import’s dry run and audit', () => {
  const CSV = { 'content-type': 'text/csv; charset=utf-8' };
  const file = 'name,role,email\nLê Văn Thử,đại biểu,thu@example.vn\n,đại biểu,khongten@example.vn\n';

  it('a dry run reports the rows it would import and the rejected ones, and writes nothing', async () => {
    const s = await provinceWithAdmin(server);
    const usersBefore = await server.deps.models.User.countDocuments();
    const dry = await s.client.post(`/api/org/councils/${s.council._id}/delegates/import?dryRun=true`, file, CSV);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.json.data).toEqual({
      imported: 0, dryRun: true,
      accepted: [{ line: 2, name: 'Lê Văn Thử', login: 'thu@example.vn', role: 'delegate', newAccount: true }],
      rejected: [{ line: 3, reason: 'thiếu họ tên / name is missing' }],
    });
    expect(await server.deps.models.User.countDocuments()).toBe(usersBefore);
    expect(await auditOf(`council:${s.council._id}`)).toEqual([]);

    const real = await s.client.post(`/api/org/councils/${s.council._id}/delegates/import`, file, CSV);
    expect(real.json.data).toMatchObject({ imported: 1, dryRun: false, accepted: [expect.objectContaining({ line: 2 })] });
    expect((await auditOf(`council:${s.council._id}`)).map((e) => e.action)).toEqual(['membership:imported']);
  });
});

describe('finding a person to give a role', () => {
  it('finds people of the admin’s units by name, an account with no role by its exact login, and nobody from another province', async () => {
    const s = await provinceWithDelegate();
    const other = await provinceWithDelegate();
    const fresh = await buildUser(server.deps, { login: 'moi-tao@example.vn', displayName: 'Người Mới' });
    const byName = await s.client.get('/api/org/people?q=hanh');
    expect(byName.json.data.map((p: { id: string }) => p.id)).toEqual([String(s.delegate._id)]);
    const byLogin = await s.client.get('/api/org/people?q=moi-tao@example.vn');
    expect(byLogin.json.data.map((p: { id: string }) => p.id)).toEqual([String(fresh._id)]);
    expect((await s.client.get('/api/org/people?q=moi-tao')).json.data).toEqual([]);
    expect(byName.json.data.map((p: { id: string }) => p.id)).not.toContain(String(other.delegate._id));
    const { client: delegate } = await signedInMember(server, s.council._id, 'delegate');
    expect((await delegate.get('/api/org/people?q=hanh')).status).toBe(403);
  });

  it('audits units, councils, meeting points and memberships created through the API', async () => {
    const s = await provinceWithAdmin(server);
    const unit = await s.client.post('/api/org/units', { name: 'Xã Ghi Vết', unitType: 'xa', parentId: String(s.province._id), validFrom: '2025-07-01' });
    const unitId = unit.json.data.id as string;
    await s.client.post('/api/org/meeting-points', { unitId, name: 'Điểm cầu Ghi Vết' });
    await s.client.patch(`/api/org/units/${unitId}`, { name: 'Xã Ghi Vết Mới' });
    expect((await auditOf(`unit:${unitId}`)).map((e) => e.action)).toEqual(['unit:created', 'meetingPoint:created', 'unit:changed']);
    const council = await s.client.post('/api/org/councils', { unitId, name: 'HĐND xã Ghi Vết', term: '2026-2031', termStart: '2026-06-01', electedTotal: 15 });
    const councilId = council.json.data.id as string;
    const m = await s.client.post('/api/org/memberships', { userId: String((await buildUser(server.deps))._id), councilId, role: 'secretariat' });
    await s.client.delete(`/api/org/memberships/${m.json.data.id}`);
    expect((await auditOf(`council:${councilId}`)).map((e) => e.action)).toEqual(['council:created', 'membership:created', 'membership:deleted']);
  });
});
