import { Types } from 'mongoose';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import type { TestClient } from '../../../test/helpers/http.js';
import { buildCouncil } from '../../../test/helpers/factories.js';
import { provinceWithAdmin, signedInMember } from '../../../test/helpers/orgFixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

const names = (res: { json: { data: Array<{ name: string }> } }) => res.json.data.map((u) => u.name);

async function createUnit(client: TestClient, body: Record<string, unknown>) {
  const res = await client.post('/api/org/units', { validFrom: '2025-07-01', ...body });
  expect(res.status, res.text).toBe(200);
  return res.json.data as { id: string; name: string; parentId: string | null; lineage: unknown[] };
}

/** The reference data of the three-level scheme, added through the API by an admin. */
async function addThreeLevelReference(client: TestClient) {
  const steps: Array<[string, Record<string, unknown>]> = [
    ['/api/org/schemes', { code: 'three-level', name: 'Ba cấp (trước 01/7/2025)', validFrom: '1976-01-01', validTo: '2025-07-01' }],
    ['/api/org/levels', { code: 'district', scheme: 'three-level', name: 'Cấp huyện', depth: 2 }],
    ['/api/org/unit-types', { code: 'huyen', level: 'district', name: 'Huyện' }],
  ];
  for (const [path, body] of steps) expect((await client.post(path, body)).status).toBe(200);
}

describe('the two-level structure (since 1 July 2025)', () => {
  it('a province admin creates communes under the province and lists them by parent', async () => {
    const { province, client } = await provinceWithAdmin(server, 'Tỉnh Hai Cấp');
    await createUnit(client, { name: 'Xã Bình An', unitType: 'xa', parentId: String(province._id), code: 'BA' });
    await createUnit(client, { name: 'Xã An Phú', unitType: 'xa', parentId: String(province._id) });
    const res = await client.get(`/api/org/units?parentId=${province._id}`);
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(['Xã An Phú', 'Xã Bình An']);
    expect(res.json.data[1]).toMatchObject({ code: 'BA', unitType: 'xa', parentId: String(province._id), validTo: null });
  });

  it('lists the top-level units with parentId=root and filters by unit type', async () => {
    const { province, client } = await provinceWithAdmin(server, 'Tỉnh Gốc');
    await createUnit(client, { name: 'Xã Con', unitType: 'xa', parentId: String(province._id) });
    const roots = await client.get('/api/org/units?parentId=root');
    expect(names(roots)).toContain('Tỉnh Gốc');
    expect(names(roots)).not.toContain('Xã Con');
    const communes = await client.get('/api/org/units?unitType=xa');
    expect(communes.json.data.every((u: { unitType: string }) => u.unitType === 'xa')).toBe(true);
  });
});

describe('the legacy three-level structure', () => {
  it('keeps a district merged into its province on 2025-07-01 readable, with its lineage', async () => {
    const { province, client } = await provinceWithAdmin(server, 'Tỉnh Ba Cấp');
    await addThreeLevelReference(client);
    const district = await createUnit(client, { name: 'Huyện Cũ', unitType: 'huyen', parentId: String(province._id), validFrom: '1976-01-01' });
    const oldCommune = await createUnit(client, { name: 'Xã Cũ', unitType: 'xa', parentId: district.id, validFrom: '1976-01-01' });

    const merged = await client.patch(`/api/org/units/${district.id}`, {
      validTo: '2025-07-01',
      lineage: [{ kind: 'merged_into', unitId: String(province._id), date: '2025-07-01' }],
    });
    expect(merged.status, merged.text).toBe(200);
    const newCommune = await createUnit(client, {
      name: 'Xã Mới', unitType: 'xa', parentId: String(province._id),
      lineage: [{ kind: 'split_from', unitId: oldCommune.id, date: '2025-07-01' }],
    });

    const read = await client.get(`/api/org/units/${district.id}`);
    expect(read.json.data).toMatchObject({
      name: 'Huyện Cũ',
      validTo: '2025-07-01T00:00:00.000Z',
      lineage: [{ kind: 'merged_into', unitId: String(province._id), date: '2025-07-01T00:00:00.000Z' }],
    });
    expect(newCommune.lineage).toEqual([{ kind: 'split_from', unitId: oldCommune.id, date: '2025-07-01T00:00:00.000Z' }]);
  });

  it('filters by validity: the day before the reform shows the district, the day of it the new commune', async () => {
    const { province, client } = await provinceWithAdmin(server, 'Tỉnh Theo Ngày');
    const p = String(province._id);
    await createUnit(client, { name: 'Huyện Giải Thể', unitType: 'huyen', parentId: p, validFrom: '1990-01-01', validTo: '2025-07-01' });
    await createUnit(client, { name: 'Xã Sáp Nhập', unitType: 'xa', parentId: p, validFrom: '2025-07-01' });
    expect(names(await client.get(`/api/org/units?parentId=${p}&at=2025-06-30`))).toEqual(['Huyện Giải Thể']);
    expect(names(await client.get(`/api/org/units?parentId=${p}&at=2025-07-01`))).toEqual(['Xã Sáp Nhập']);
    expect(names(await client.get(`/api/org/units?parentId=${p}&at=1989-12-31`))).toEqual([]);
    expect(names(await client.get(`/api/org/units?parentId=${p}`))).toEqual(['Huyện Giải Thể', 'Xã Sáp Nhập']);
  });
});

describe('unit validation', () => {
  it('refuses a unit type that does not exist, naming the field unitType', async () => {
    const { province, client } = await provinceWithAdmin(server);
    const res = await client.post('/api/org/units', { name: 'Xã Lạ', unitType: 'khong-co', parentId: String(province._id), validFrom: '2025-07-01' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ ok: false, error: 'validation_failed', issues: [{ path: 'unitType' }] });
    expect(res.json.message).toMatch(/loại đơn vị|unit type/i);
  });

  it('refuses a parent that does not exist, naming the field parentId', async () => {
    const { client } = await provinceWithAdmin(server);
    const res = await client.post('/api/org/units', { name: 'Xã Mồ Côi', unitType: 'xa', parentId: 'a'.repeat(24), validFrom: '2025-07-01' });
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual([expect.objectContaining({ path: 'parentId' })]);
  });

  it('refuses a validTo that is not after validFrom, naming validTo', async () => {
    const { province, client } = await provinceWithAdmin(server);
    const res = await client.post('/api/org/units', { name: 'Xã Ngược', unitType: 'xa', parentId: String(province._id), validFrom: '2025-07-01', validTo: '2025-01-01' });
    expect(res.json.issues).toEqual([expect.objectContaining({ path: 'validTo' })]);
  });

  it('refuses to move a unit under one of its own communes', async () => {
    const { province, client } = await provinceWithAdmin(server);
    const commune = await createUnit(client, { name: 'Xã Dưới', unitType: 'xa', parentId: String(province._id) });
    const res = await client.patch(`/api/org/units/${province._id}`, { parentId: commune.id });
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual([expect.objectContaining({ path: 'parentId' })]);
  });

  it('refuses a unit code already used by another unit with conflict', async () => {
    const { province, client } = await provinceWithAdmin(server);
    await createUnit(client, { name: 'Xã Có Mã', unitType: 'xa', parentId: String(province._id), code: '25111' });
    const res = await client.post('/api/org/units', { name: 'Xã Trùng Mã', unitType: 'xa', parentId: String(province._id), code: '25111', validFrom: '2025-07-01' });
    expect(res.status).toBe(409);
    expect(res.json.message).toMatch(/Mã đơn vị "25111" đã tồn tại/);
  });

  it('answers not_found for a unit id that does not exist', async () => {
    const { client } = await provinceWithAdmin(server);
    expect((await client.get(`/api/org/units/${'b'.repeat(24)}`)).json.error).toBe('not_found');
  });
});

describe('who may change units', () => {
  it('a province admin may create a commune under the province; a commune admin may not edit the province', async () => {
    const { province, client: provinceAdmin } = await provinceWithAdmin(server, 'Tỉnh Phân Quyền');
    const commune = await createUnit(provinceAdmin, { name: 'Xã Tự Quản', unitType: 'xa', parentId: String(province._id) });
    const communeCouncil = await buildCouncil(server.deps, { unitId: new Types.ObjectId(commune.id) });
    const { client: communeAdmin } = await signedInMember(server, communeCouncil._id, 'admin');

    const edit = await communeAdmin.patch(`/api/org/units/${province._id}`, { name: 'Tỉnh Bị Đổi Tên' });
    expect(edit.status).toBe(403);
    expect(edit.json.error).toBe('forbidden');
    expect((await server.deps.models.Unit.findById(province._id).lean())?.name).toBe('Tỉnh Phân Quyền');

    const sibling = await communeAdmin.post('/api/org/units', { name: 'Xã Bên Cạnh', unitType: 'xa', parentId: String(province._id), validFrom: '2025-07-01' });
    expect(sibling.status).toBe(403);

    const own = await communeAdmin.patch(`/api/org/units/${commune.id}`, { code: 'TQ-01' });
    expect(own.status).toBe(200);
    expect(own.json.data.code).toBe('TQ-01');
  });

  it('a commune admin may not create a top-level unit', async () => {
    const { province, client } = await provinceWithAdmin(server);
    const commune = await createUnit(client, { name: 'Xã Nhỏ', unitType: 'xa', parentId: String(province._id) });
    const council = await buildCouncil(server.deps, { unitId: new Types.ObjectId(commune.id) });
    const { client: communeAdmin } = await signedInMember(server, council._id, 'admin');
    const res = await communeAdmin.post('/api/org/units', { name: 'Tỉnh Tự Lập', unitType: 'tinh', parentId: null, validFrom: '2025-07-01' });
    expect(res.status).toBe(403);
  });

  it('a delegate reads units but cannot add reference data', async () => {
    const { council } = await provinceWithAdmin(server);
    const { client } = await signedInMember(server, council._id, 'delegate');
    expect((await client.get('/api/org/unit-types')).status).toBe(200);
    expect((await client.post('/api/org/unit-types', { code: 'phuong', level: 'commune', name: 'Phường' })).status).toBe(403);
  });
});
