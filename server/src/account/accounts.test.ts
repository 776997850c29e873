import { Types } from 'mongoose';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildCouncil, buildMembership, buildUnit, buildUser, TEST_PASSWORD } from '../../../test/helpers/factories.js';

let server: TestServer;
let admin: TestClient;
let councilId: string;
let otherAdmin: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  const deps = server.deps;
  const council = await buildCouncil(deps);
  councilId = String(council._id);
  const a = await buildUser(deps, { displayName: 'Quản trị tỉnh A' });
  await buildMembership(deps, a._id, council._id, 'admin');
  admin = new TestClient(server.url);
  await admin.signIn(a.login, TEST_PASSWORD);
  // The admin of another province.
  const other = await buildCouncil(deps, { unitId: (await buildUnit(deps))._id });
  const b = await buildUser(deps, { displayName: 'Quản trị tỉnh B' });
  await buildMembership(deps, b._id, other._id, 'admin');
  otherAdmin = new TestClient(server.url);
  await otherAdmin.signIn(b.login, TEST_PASSWORD);
});
afterAll(async () => server?.stop());

async function create(login: string, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/accounts', { displayName: 'Nguyễn Thị Lan', login, email: null, phone: '0912 345 678', membership: { councilId, role: 'delegate' }, ...extra });
  expect(res.status, res.text).toBe(200);
  return res.json.data as { account: { id: string; activated: boolean; memberships: unknown[] }; reset: { code: string; link: string; expiresAt: string } };
}

const setPassword = (c: TestClient, body: Record<string, unknown>) => c.post('/api/accounts/set-password', body);

describe('accounts', () => {
  it('an admin creates an account with a role; it has no password and a one-time code valid 72 h, stored only as a hash', async () => {
    const { account, reset } = await create('Lan.Nguyen@hdnd.vn');
    expect(account).toMatchObject({ activated: false, disabled: false, login: 'lan.nguyen@hdnd.vn', phone: '0912 345 678' });
    expect(account.memberships).toEqual([expect.objectContaining({ councilId, role: 'delegate' })]);
    expect(reset.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(reset.link).toBe(`/dat-mat-khau#${reset.code.replace(/-/g, '')}`);
    const hours = (Date.parse(reset.expiresAt) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);
    const stored = JSON.stringify(await server.deps.models.PasswordReset.find({}).lean());
    expect(stored).not.toContain(reset.code.replace(/-/g, ''));
    // Listed, found without diacritics, with the role summarised.
    const list = await admin.get('/api/accounts?q=nguyen%20thi&pageSize=5');
    expect(list.json.data.items.map((a: { login: string }) => a.login)).toContain('lan.nguyen@hdnd.vn');
    const audit = await server.deps.models.AuditEntry.find({ chain: 'accounts', action: 'account:create' }).lean();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(reset.code);
  });

  it('a duplicate login is refused with conflict', async () => {
    await create('trung@hdnd.vn');
    const again = await admin.post('/api/accounts', { displayName: 'X', login: 'TRUNG@hdnd.vn' });
    expect(again.json).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('the code sets the password once, signs the user in, and cannot be used again', async () => {
    const { account, reset } = await create('mai@hdnd.vn');
    const user = new TestClient(server.url);
    const res = await setPassword(user, { login: 'MAI@hdnd.vn', code: reset.code.toLowerCase(), password: 'mat-khau-moi-1' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.id).toBe(account.id);
    expect((await user.get('/api/auth/me')).status).toBe(200);
    await new TestClient(server.url).signIn('mai@hdnd.vn', 'mat-khau-moi-1');
    const again = await setPassword(new TestClient(server.url), { code: reset.code, password: 'mat-khau-khac-2' });
    expect(again.json).toMatchObject({ ok: false, error: 'validation_failed' });
    expect(again.json.message).toMatch(/đã được dùng hoặc đã hết hạn/);
  });

  it('a code given with another login, a wrong code and an expired code are refused', async () => {
    const { reset } = await create('hoa@hdnd.vn');
    expect((await setPassword(new TestClient(server.url), { login: 'mai@hdnd.vn', code: reset.code, password: 'mat-khau-moi-1' })).status).toBe(400);
    expect((await setPassword(new TestClient(server.url), { code: 'AAAA-BBBB-CCCC', password: 'mat-khau-moi-1' })).status).toBe(400);
    await server.deps.models.PasswordReset.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await setPassword(new TestClient(server.url), { login: 'hoa@hdnd.vn', code: reset.code, password: 'mat-khau-moi-1' })).status).toBe(400);
  });

  it('guessing codes is throttled like passwords: after too many wrong codes for a login even the right one waits, saying how long; other logins are not affected', async () => {
    const { reset } = await create('doan@hdnd.vn');
    const max = server.deps.config.SIGNIN_MAX_FAILURES;
    for (let i = 0; i < max; i++) {
      expect((await setPassword(new TestClient(server.url), { login: 'doan@hdnd.vn', code: `WRONG-CODE-${i}`, password: 'mat-khau-moi-1' })).status).toBe(400);
    }
    const refused = await setPassword(new TestClient(server.url), { login: 'doan@hdnd.vn', code: reset.code, password: 'mat-khau-moi-1' });
    expect(refused.status).toBe(429);
    expect(refused.json.message).toMatch(/phút|giây/);
    expect(await server.deps.models.PasswordReset.exists({ userId: new Types.ObjectId(String((await server.deps.models.User.findOne({ login: 'doan@hdnd.vn' }).lean())!._id)) })).not.toBeNull();
    const other = await create('duong@hdnd.vn');
    expect((await setPassword(new TestClient(server.url), { login: 'duong@hdnd.vn', code: other.reset.code, password: 'mat-khau-moi-2' })).status).toBe(200);
  });

  it('two concurrent uses of one code: exactly one sets the password', async () => {
    const { reset } = await create('dong@hdnd.vn');
    const answers = await Promise.all(['mat-khau-so-1', 'mat-khau-so-2', 'mat-khau-so-3'].map((password) => setPassword(new TestClient(server.url), { code: reset.code, password })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400]);
  });

  it('a reset issues a new code (the old one stops working), audited', async () => {
    const { account, reset: first } = await create('son@hdnd.vn');
    const res = await admin.post(`/api/accounts/${account.id}/password-reset`);
    expect(res.status).toBe(200);
    expect(res.json.data.code).not.toBe(first.code);
    expect((await setPassword(new TestClient(server.url), { code: first.code, password: 'mat-khau-moi-1' })).status).toBe(400);
    expect((await setPassword(new TestClient(server.url), { code: res.json.data.code, password: 'mat-khau-moi-1' })).status).toBe(200);
    expect(await server.deps.models.AuditEntry.exists({ chain: 'accounts', action: 'account:passwordReset' })).not.toBeNull();
  });

  it('disabling ends the user\'s sign-ins at once: the socket gets login:ended, and they cannot sign in again', async () => {
    const { account, reset } = await create('tuan@hdnd.vn');
    const user = new TestClient(server.url);
    await setPassword(user, { code: reset.code, password: 'mat-khau-tuan' });
    const socket = ioClient(server.url, { transports: ['websocket'], extraHeaders: { cookie: user.cookie! }, reconnection: false });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const ended = new Promise((resolve) => socket.on('login:ended', resolve));
    const res = await admin.patch(`/api/accounts/${account.id}`, { disabled: true, displayName: 'Phạm Văn Tuấn' });
    expect(res.json.data).toMatchObject({ disabled: true, displayName: 'Phạm Văn Tuấn' });
    expect(await ended).toEqual({ reason: 'account_disabled' });
    socket.close();
    expect((await user.get('/api/auth/me')).status).toBe(401);
    expect((await new TestClient(server.url).post('/api/auth/sign-in', { login: 'tuan@hdnd.vn', password: 'mat-khau-tuan' })).status).toBe(401);
    expect(await server.deps.models.AuditEntry.exists({ chain: 'accounts', action: 'account:disable' })).not.toBeNull();
    // Enabled again, the password works again.
    await admin.patch(`/api/accounts/${account.id}`, { disabled: false });
    await new TestClient(server.url).signIn('tuan@hdnd.vn', 'mat-khau-tuan');
  });

  it('an admin of another province is refused on this province\'s accounts, and does not see them listed', async () => {
    const { account } = await create('khac@hdnd.vn');
    expect((await otherAdmin.patch(`/api/accounts/${account.id}`, { disabled: true })).json.error).toBe('forbidden');
    expect((await otherAdmin.post(`/api/accounts/${account.id}/password-reset`)).json.error).toBe('forbidden');
    expect((await otherAdmin.post('/api/accounts', { displayName: 'X', login: 'x@x.vn', membership: { councilId, role: 'delegate' } })).json.error).toBe('forbidden');
    const list = await otherAdmin.get('/api/accounts?pageSize=100');
    expect(list.json.data.items.map((a: { login: string }) => a.login)).not.toContain('khac@hdnd.vn');
  });

  it('an account with no role yet may be administered by any admin; a non-admin is refused', async () => {
    const created = await admin.post('/api/accounts', { displayName: 'Chưa có vai trò', login: 'chua@hdnd.vn' });
    const id = created.json.data.account.id;
    expect((await otherAdmin.post(`/api/accounts/${id}/password-reset`)).status).toBe(200);
    const plain = await buildUser(server.deps);
    const c = new TestClient(server.url);
    await c.signIn(plain.login, TEST_PASSWORD);
    expect((await c.get('/api/accounts')).json.error).toBe('forbidden');
    expect((await c.post(`/api/accounts/${id}/password-reset`)).json.error).toBe('forbidden');
  });

  it('an admin cannot disable their own account', async () => {
    const me = (await admin.get('/api/auth/me')).json.data;
    expect((await admin.patch(`/api/accounts/${me.id}`, { disabled: true })).json.error).toBe('conflict');
  });
});
