import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { TestClient } from '../../../../test/helpers/http.js';
import { buildUnit, buildUser, TEST_PASSWORD } from '../../../../test/helpers/factories.js';
import { provinceWithAdmin, signedInMember } from '../../../../test/helpers/orgFixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

const CSV = { 'content-type': 'text/csv; charset=utf-8' };
const importCsv = (client: TestClient, councilId: unknown, csv: string) =>
  client.post(`/api/org/councils/${String(councilId)}/delegates/import`, csv, CSV);

let codes = 0;

/** A province with two communes, its council and a signed-in admin. */
async function provinceWithCommunes() {
  const setup = await provinceWithAdmin(server, 'Tỉnh Nhập Liệu');
  const binhAn = await server.deps.models.Unit.create({ name: 'Xã Bình An', code: `BA-${++codes}`, unitType: 'xa', parentId: setup.province._id, validFrom: new Date('2025-07-01') });
  const anPhu = await buildUnit(server.deps, { name: 'Xã An Phú', unitType: 'xa', parentId: setup.province._id });
  return { ...setup, binhAn, anPhu };
}

/** A secretary's file: Excel with a Vietnamese locale (BOM, semicolons, CRLF), good and bad rows mixed. */
const mixedFile = (councilName: string, binhAnCode: string) => [
  '\uFEFFSTT;Họ và tên;Đơn vị;Hội đồng;Vai trò;Email;Điện thoại',
  `1;Nguyễn Văn An;Xã Bình An;${councilName};đại biểu;an.nguyen@example.vn;`,
  `2;Trần Thị Bình;${binhAnCode};;Thư ký;;0912 345 678`,
  '3;Lê Văn Cường;Xã Không Có;;đại biểu;cuong@example.vn;',
  '4;Phạm Thị Dung;;HĐND tỉnh khác;đại biểu;dung@example.vn;',
  '5;Hoàng Văn Em;;;thủ quỹ;em@example.vn;',
  '6;Đỗ Thị Giang;;;đại biểu;giang@;',
  '7;Vũ Văn Hải;;;đại biểu;;123',
  '8;Bùi Thị Lan;;;đại biểu;;',
  '9;;;;đại biểu;khongten@example.vn;',
  '10;Ngô Văn Minh;Xã An Phú;;chủ toạ;;+84 98 765 4321',
  '11;Nguyễn Văn An;Xã Bình An;;đại biểu;AN.NGUYEN@example.vn;',
  '12;Quản Trị Viên;;;quản trị;qt@example.vn;',
  '13;"Trịnh Thị ""Hoa""";;;observer;hoa@example.vn;',
].join('\r\n');

describe('delegate import from CSV', () => {
  it('keeps the good rows and reports each bad row with its line and reason', async () => {
    const { council, client, province, binhAn, anPhu } = await provinceWithCommunes();
    const res = await importCsv(client, council._id, mixedFile(council.name, binhAn.code!));
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.imported).toBe(4);
    const rejected = res.json.data.rejected as Array<{ line: number; reason: string }>;
    expect(rejected.map((r) => r.line)).toEqual([4, 5, 6, 7, 8, 9, 10, 12, 13]);
    const reasonOf = (line: number) => rejected.find((r) => r.line === line)?.reason;
    expect(reasonOf(4)).toMatch(/không tìm thấy đơn vị "Xã Không Có"/);
    expect(reasonOf(5)).toMatch(/another council/);
    expect(reasonOf(6)).toMatch(/vai trò "thủ quỹ" không hợp lệ/);
    expect(reasonOf(7)).toMatch(/email "giang@" không hợp lệ/);
    expect(reasonOf(8)).toMatch(/số điện thoại "123" không hợp lệ/);
    expect(reasonOf(9)).toMatch(/cần email hoặc số điện thoại/);
    expect(reasonOf(10)).toMatch(/thiếu họ tên/);
    expect(reasonOf(12)).toMatch(/trùng với dòng 2/);
    expect(reasonOf(13)).toMatch(/quyền quản trị/);

    const { User, Membership } = server.deps.models;
    const ms = await Membership.find({ councilId: council._id, importId: { $ne: null } }).lean();
    expect(new Set(ms.map((m) => m.importId)).size).toBe(1);
    const users = await User.find({ _id: { $in: ms.map((m) => m.userId) } }).lean();
    const byLogin = new Map(users.map((u) => [u.login, u]));
    const roleOf = (login: string) => ms.find((m) => String(m.userId) === String(byLogin.get(login)?._id));
    expect(roleOf('an.nguyen@example.vn')).toMatchObject({ role: 'delegate', unitId: binhAn._id });
    expect(roleOf('0912345678')).toMatchObject({ role: 'secretariat', unitId: binhAn._id });
    expect(roleOf('0987654321')).toMatchObject({ role: 'chair', unitId: anPhu._id });
    expect(roleOf('hoa@example.vn')).toMatchObject({ role: 'observer', unitId: province._id });
    expect(byLogin.get('hoa@example.vn')?.displayName).toBe('Trịnh Thị "Hoa"');
    expect(users.map((u) => u.passwordHash)).toEqual([null, null, null, null]);
    expect(byLogin.get('0912345678')).toMatchObject({ phone: '0912345678', email: null });
  });

  it('re-importing the same file adds nothing and reports the rows as existing members', async () => {
    const { council, client, binhAn } = await provinceWithCommunes();
    const file = mixedFile(council.name, binhAn.code!);
    expect((await importCsv(client, council._id, file)).json.data.imported).toBe(4);
    const countBefore = await server.deps.models.Membership.countDocuments({ councilId: council._id });
    const usersBefore = await server.deps.models.User.countDocuments();

    const again = await importCsv(client, council._id, file);
    expect(again.status).toBe(200);
    expect(again.json.data.imported).toBe(0);
    const existing = again.json.data.rejected.filter((r: { reason: string }) => /đã là .* của hội đồng này/.test(r.reason));
    expect(existing.map((r: { line: number }) => r.line)).toEqual([2, 3, 11, 14]);
    expect(await server.deps.models.Membership.countDocuments({ councilId: council._id })).toBe(countBefore);
    expect(await server.deps.models.User.countDocuments()).toBe(usersBefore);
  });

  it('gives an existing account the new role without creating a second account or touching its password', async () => {
    const { council, client } = await provinceWithCommunes();
    const known = await buildUser(server.deps, { login: 'da-co@example.vn', displayName: 'Lý Thị Có' });
    const res = await importCsv(client, council._id, 'name,role,email\nLý Thị Có,đại biểu,Da-Co@example.vn\n');
    expect(res.json.data).toMatchObject({ imported: 1, rejected: [], dryRun: false });
    expect(await server.deps.models.User.countDocuments({ login: 'da-co@example.vn' })).toBe(1);
    expect((await server.deps.models.User.findById(known._id).lean())?.passwordHash).toBe(known.passwordHash);
    expect(await server.deps.models.Membership.exists({ userId: known._id, councilId: council._id, role: 'delegate' })).not.toBeNull();
  });

  it('lets the secretariat import, and refuses a delegate of the council', async () => {
    const { council } = await provinceWithCommunes();
    const { client: secretary } = await signedInMember(server, council._id, 'secretariat');
    const { client: delegate } = await signedInMember(server, council._id, 'delegate');
    const file = 'name,role,email\nHồ Văn Tư,đại biểu,tu@example.vn\n';
    expect((await importCsv(delegate, council._id, file)).status).toBe(403);
    expect((await importCsv(secretary, council._id, file)).json.data.imported).toBe(1);
  });

  it('refuses a file that is not UTF-8 instead of importing garbled names', async () => {
    const { council, client } = await provinceWithCommunes();
    const latin1 = Buffer.from('name,role,email\nL\xea V\xe0n,delegate,le@example.vn\n', 'latin1');
    const res = await fetch(`${server.url}/api/org/councils/${council._id}/delegates/import`, {
      method: 'POST', headers: { ...CSV, cookie: client.cookie! }, body: latin1,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: 'validation_failed', message: expect.stringMatching(/UTF-8/) });
  });

  it('refuses an upload over 2 MB with payload_too_large', async () => {
    const { council, client } = await provinceWithCommunes();
    const big = `name,role,email\n${'x'.repeat(2 * 1024 * 1024)}\n`;
    const res = await importCsv(client, council._id, big);
    expect(res.status).toBe(413);
    expect(res.json.error).toBe('payload_too_large');
  });

  it('refuses a body sent as JSON', async () => {
    const { council, client } = await provinceWithCommunes();
    const res = await client.post(`/api/org/councils/${council._id}/delegates/import`, { rows: [] });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/text\/csv/);
  });
});

describe('delegate import when a write fails midway', () => {
  // A server of its own: the test adds a unique index that would clash with other tests' data.
  let isolated: TestServer;
  beforeAll(async () => {
    isolated = await startTestServer();
  });
  afterAll(async () => isolated?.stop());

  it('removes every account and membership it wrote, keeps existing accounts, and answers conflict naming the line', async () => {
    const deps = isolated.deps;
    const province = await buildUnit(deps, { name: 'Tỉnh Hoàn Tác' });
    const council = await deps.models.Council.create({ unitId: province._id, name: 'HĐND tỉnh Hoàn Tác', term: '2021-2026', termStart: new Date('2021-06-01'), electedTotal: 50 });
    const admin = await buildUser(deps);
    await deps.models.Membership.create({ userId: admin._id, councilId: council._id, role: 'admin' });
    const known = await buildUser(deps, { login: 'co-san@example.vn' });
    // The arranged failure: one membership per role and council, so the second delegate
    // (line 4) collides in the database after lines 2 and 3 were written.
    await deps.models.Membership.collection.createIndex({ councilId: 1, role: 1 }, { unique: true, name: 'one_per_role_for_test' });

    const { TestClient } = await import('../../../../test/helpers/http.js');
    const client = new TestClient(isolated.url);
    await client.signIn(admin.login, TEST_PASSWORD);
    const usersBefore = await deps.models.User.countDocuments();
    const file = [
      'name,role,email',
      'Mai Văn Một,đại biểu,mot@example.vn',
      'Có Sẵn,quan sát viên,co-san@example.vn',
      'Mai Văn Hai,đại biểu,hai@example.vn',
    ].join('\n');
    const res = await client.post(`/api/org/councils/${council._id}/delegates/import`, file, CSV);

    expect(res.status, res.text).toBe(409);
    expect(res.json).toMatchObject({ ok: false, error: 'conflict', message: expect.stringMatching(/dòng 4/) });
    expect(await deps.models.Membership.countDocuments({ councilId: council._id })).toBe(1);
    expect(await deps.models.Membership.countDocuments({ importId: { $ne: null } })).toBe(0);
    expect(await deps.models.User.countDocuments()).toBe(usersBefore);
    expect(await deps.models.User.exists({ login: 'mot@example.vn' })).toBeNull();
    expect(await deps.models.User.exists({ _id: known._id })).not.toBeNull();
  });
});
