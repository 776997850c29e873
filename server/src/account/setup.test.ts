import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it, expect, beforeEach, afterEach, inject } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';

/** The first run on an empty database (SEED_DEMO off): one server, one database per test. */
let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => server?.stop());

const body = (login: string) => ({
  unitName: 'Tỉnh Quảng Trị', unitType: 'tinh', councilName: 'Hội đồng nhân dân tỉnh Quảng Trị khóa IX',
  electedTotal: 61, term: 'Khóa IX (2026–2031)', displayName: 'Hoàng Văn Quản', login, password: 'mat-khau-dau-tien',
});

describe('first run', () => {
  it('an empty database needs a first administrator; creating one makes the unit, council and admin role, audits it and signs in', async () => {
    const c = new TestClient(server.url);
    expect((await c.get('/api/setup')).json).toEqual({ ok: true, data: { needsFirstAdmin: true } });
    const res = await c.post('/api/setup/first-admin', body('QuanTri@QuangTri.gov.vn'));
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ login: 'quantri@quangtri.gov.vn', displayName: 'Hoàng Văn Quản' });
    expect(res.json.data.memberships).toEqual([expect.objectContaining({ role: 'admin', councilName: 'Hội đồng nhân dân tỉnh Quảng Trị khóa IX', unitName: 'Tỉnh Quảng Trị' })]);
    // Signed in by the answer's cookie.
    expect((await c.get('/api/auth/me')).json.data.login).toBe('quantri@quangtri.gov.vn');
    expect((await c.get('/api/setup')).json.data.needsFirstAdmin).toBe(false);

    const { models } = server.deps;
    const council = await models.Council.findOne({}).lean();
    expect(council).toMatchObject({ electedTotal: 61, term: 'Khóa IX (2026–2031)' });
    // The reference data the demo seed writes exists on an empty database too.
    expect((await models.Level.find({}).lean()).map((l) => l.code)).toEqual(expect.arrayContaining(['province', 'commune']));
    expect(await models.UnitType.exists({ code: 'xa' })).not.toBeNull();
    const audit = await models.AuditEntry.find({ chain: 'accounts' }).lean();
    expect(audit.map((a) => a.action)).toEqual(['account:firstAdmin']);
    expect(JSON.stringify(audit)).not.toContain('mat-khau-dau-tien');
    // The password works for a later sign-in.
    await new TestClient(server.url).signIn('quantri@quangtri.gov.vn', 'mat-khau-dau-tien');
  });

  it('is refused with conflict once any account exists', async () => {
    await new TestClient(server.url).post('/api/setup/first-admin', body('a@x.vn'));
    const again = await new TestClient(server.url).post('/api/setup/first-admin', body('b@x.vn'));
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ ok: false, error: 'conflict' });
    expect(again.json.message).toMatch(/đã có quản trị viên/);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('two concurrent first-admin calls: exactly one succeeds', async () => {
    const answers = await Promise.all(['one@x.vn', 'two@x.vn', 'three@x.vn'].map((login) => new TestClient(server.url).post('/api/setup/first-admin', body(login))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const { models } = server.deps;
    expect(await models.User.countDocuments({})).toBe(1);
    expect(await models.Unit.countDocuments({})).toBe(1);
    expect(await models.Council.countDocuments({})).toBe(1);
    expect(await models.Membership.countDocuments({})).toBe(1);
  });

  it('refuses a short password with the rule in words', async () => {
    const res = await new TestClient(server.url).post('/api/setup/first-admin', { ...body('a@x.vn'), password: 'ngan' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.issues)).toMatch(/ít nhất 8 ký tự/);
    expect((await new TestClient(server.url).get('/api/setup')).json.data.needsFirstAdmin).toBe(true);
  });

  it('npm run admin:create makes the same first administrator from the shell (password from ADMIN_PASSWORD)', async () => {
    const run = (login: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/src/app/adminCreateCli.ts', '--login', login, '--name', 'Lê Văn Vận Hành', '--unit', 'Thành phố Huế', '--elected', '55'], {
      env: { ...process.env, MONGODB_URI: `${inject('mongoUri')}${server.dbName}`, ADMIN_PASSWORD: 'mat-khau-tu-shell' },
    }).then(() => 0, (err: { code: number; stderr: string }) => err.code);
    expect(await run('vanhanh@hue.gov.vn')).toBe(0);
    await new TestClient(server.url).signIn('vanhanh@hue.gov.vn', 'mat-khau-tu-shell');
    const unit = await server.deps.models.Unit.findOne({}).lean();
    expect(unit).toMatchObject({ name: 'Thành phố Huế', unitType: 'thanh-pho-tw' });
    expect(await server.deps.models.Council.findOne({}).lean()).toMatchObject({ electedTotal: 55, name: 'Hội đồng nhân dân thành phố Huế' });
    // A second run is refused: an account exists.
    expect(await run('khac@hue.gov.vn')).toBe(1);
  }, 60_000);
});
