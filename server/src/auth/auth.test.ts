import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { io as ioClient, Manager } from 'socket.io-client';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildUser, buildCast, TEST_PASSWORD } from '../../../test/helpers/factories.js';
import { mintCookies } from '../../../test/helpers/liveFixtures.js';
import { endLogin } from './logins.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

describe('sign-in', () => {
  it('sets an httpOnly SameSite cookie holding a token of at least 128 bits', async () => {
    const user = await buildUser(server.deps);
    const res = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: user.login, password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    const token = /hdnd_session=([^;]+)/.exec(cookie)?.[1] ?? '';
    const [sessionId, secret] = token.split('.');
    expect(sessionId).toMatch(/^[0-9a-f]{24}$/);
    expect(Buffer.from(secret ?? '', 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    // Only a hash of the secret is stored: the database does not hold a usable token.
    const stored = await server.deps.models.LoginSession.findById(sessionId).lean();
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('stores the password as an argon2id hash with 19 MiB, t=2, p=1', async () => {
    const user = await buildUser(server.deps, { password: 'mot-mat-khau-khac' });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('refuses a wrong password with invalid_credentials and sets no cookie', async () => {
    const user = await buildUser(server.deps);
    const c = new TestClient(server.url);
    const res = await c.post('/api/auth/sign-in', { login: user.login, password: 'sai' });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ ok: false, error: 'invalid_credentials' });
    expect(c.cookie).toBeNull();
  });

  it('rejects a malformed body with validation_failed naming the field', async () => {
    const c = new TestClient(server.url);
    const res = await c.post('/api/auth/sign-in', { login: '' });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('validation_failed');
    expect(res.json.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['login', 'password']));
  });

  it('answers a body that is not JSON with the error shape, not a stack trace', async () => {
    const res = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"login":' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: 'validation_failed' });
  });

  // Throttling (per account, per address): throttle.test.ts.
});

describe('session', () => {
  it('a token with the right session id but a wrong secret is refused', async () => {
    const user = await buildUser(server.deps);
    const c = new TestClient(server.url);
    await c.signIn(user.login, TEST_PASSWORD);
    const [id] = c.cookie!.replace('hdnd_session=', '').split('.');
    c.cookie = `hdnd_session=${id}.${'A'.repeat(43)}`;
    const res = await c.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('session_expired');
  });

  it('GET /api/auth/me needs a session and returns the memberships with their roles', async () => {
    const anon = new TestClient(server.url);
    expect((await anon.get('/api/auth/me')).json.error).toBe('unauthenticated');
    const { users } = await buildCast(server.deps);
    const c = new TestClient(server.url);
    await c.signIn(users.chair.login, TEST_PASSWORD);
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.json.data.memberships.map((m: { role: string }) => m.role)).toEqual(['chair']);
  });

  it('sign-out ends the session: the old cookie no longer works', async () => {
    const user = await buildUser(server.deps);
    const c = new TestClient(server.url);
    await c.signIn(user.login, TEST_PASSWORD);
    const oldCookie = c.cookie;
    expect((await c.post('/api/auth/sign-out')).status).toBe(200);
    c.cookie = oldCookie;
    const res = await c.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('session_expired');
  });

  it('an idle session expires after the idle timeout', async () => {
    const user = await buildUser(server.deps);
    const c = new TestClient(server.url);
    await c.signIn(user.login, TEST_PASSWORD);
    const idle = new Date(Date.now() - (server.config.SESSION_IDLE_MINUTES * 60_000 + 1000));
    await server.deps.models.LoginSession.updateMany({ userId: user._id }, { $set: { lastSeenAt: idle } });
    const res = await c.get('/api/auth/me');
    expect(res.json.error).toBe('session_expired');
  });
});

describe('socket.io authentication', () => {
  it('refuses a connection without a session cookie', async () => {
    const socket = ioClient(server.url, { transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error & { data?: { error: string } }>((resolve) => socket.on('connect_error', resolve));
    expect(err.data?.error).toBe('unauthenticated');
    socket.close();
  });

  it('accepts a signed-in connection and re-checks the cookie on reconnection', async () => {
    const user = await buildUser(server.deps);
    const c = new TestClient(server.url);
    await c.signIn(user.login, TEST_PASSWORD);
    const socket = ioClient(server.url, { transports: ['websocket'], extraHeaders: { cookie: c.cookie! }, reconnectionDelay: 50, reconnectionDelayMax: 50 });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const me = await socket.emitWithAck('me:get', {});
    expect(me).toMatchObject({ ok: true, data: { login: user.login } });

    // End the session behind the socket's back, then drop the transport: the reconnection
    // must go through the auth middleware again and be refused.
    await server.deps.models.LoginSession.updateMany({ userId: user._id }, { $set: { endedAt: new Date() } });
    const refused = new Promise<Error & { data?: { error: string } }>((resolve) => socket.on('connect_error', resolve));
    socket.io.engine.close();
    expect((await refused).data?.error).toBe('session_expired');
    socket.close();
  });

  it('sockets connecting together (a stopped server\'s clients arriving here) have their sessions read together, not one query each', async () => {
    const users = await Promise.all(Array.from({ length: 40 }, () => buildUser(server.deps)));
    const cookies = await mintCookies(server.deps.models, users.map((u) => String(u._id)));
    // Every query mongoose sends on this connection, as it sends it.
    const reads: string[] = [];
    const conn = server.deps.models.LoginSession.db;
    conn.set('debug', (collection: string, method: string) => { if (collection === 'login_sessions' && /^find/.test(method)) reads.push(method); });
    try {
      // Each client's transport is open first; then the 40 socket.io CONNECT packets (where
      // the session is checked) leave in one tick, as a stopped server's clients arrive.
      const managers = cookies.map((cookie) => new Manager(server.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, autoConnect: false }));
      await Promise.all(managers.map((m) => new Promise<void>((resolve, reject) => m.open((err) => (err ? reject(err) : resolve())))));
      const sockets = managers.map((m) => m.socket('/'));
      const admitted = Promise.all(sockets.map((s) => new Promise<void>((resolve, reject) => { s.on('connect', () => resolve()); s.on('connect_error', reject); })));
      for (const s of sockets) s.connect();
      await admitted;
      for (const s of sockets) s.close();
    } finally {
      conn.set('debug', false);
    }
    // All 40 admitted, with a few reads: one each would be 40; the first goes alone at once,
    // the others wait for it and go together (GroupCommit).
    expect(reads.length).toBeGreaterThan(0);
    console.log(`session reads for 40 connections: ${reads.length}`);
    expect(reads.length).toBeLessThan(8);
  });

  it('a session ended behind the server\'s back (another process, an administrator) stops its socket\'s commands within seconds', async () => {
    const user = await buildUser(server.deps);
    const c = new TestClient(server.url);
    await c.signIn(user.login, TEST_PASSWORD);
    const socket = ioClient(server.url, { transports: ['websocket'], extraHeaders: { cookie: c.cookie! }, reconnection: false });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    expect(await socket.emitWithAck('me:get', {})).toMatchObject({ ok: true });
    await server.deps.models.LoginSession.updateMany({ userId: user._id }, { $set: { endedAt: new Date() } });
    // A command answers from the session as read at the connection, and reads it again in the
    // background (within 1 s, with every session then due) once that read is over 5 s old; a command after that is refused.
    await new Promise((r) => setTimeout(r, 5_200));
    await socket.emitWithAck('me:get', {});
    await expect.poll(async () => (await socket.emitWithAck('me:get', {})).ok, { timeout: 6_000, interval: 200 }).toBe(false);
    expect(await socket.emitWithAck('me:get', {})).toMatchObject({ ok: false, error: 'session_expired' });
    socket.close();
  }, 20_000);

  it('a session ended while a request was reading it is not remembered as live: the socket\'s next command is refused', async () => {
    const user = await buildUser(server.deps);
    const c = new TestClient(server.url);
    await c.signIn(user.login, TEST_PASSWORD);
    const socket = ioClient(server.url, { transports: ['websocket'], extraHeaders: { cookie: c.cookie! }, reconnection: false });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const sessionId = c.cookie!.split('=')[1]!.split('.')[0]!;
    // Requests reading the session race its end: whichever read began before the end was
    // written must not put the session back among the live ones.
    const inFlight = Array.from({ length: 5 }, () => c.get('/api/auth/me'));
    await endLogin(server.deps, sessionId, 'idle_timeout');
    await Promise.all(inFlight);
    expect(await socket.emitWithAck('me:get', {})).toMatchObject({ ok: false, error: 'session_expired' });
    socket.close();
  });

  it('sign-out disconnects the sockets of that session and tells them why', async () => {
    const user = await buildUser(server.deps);
    const c = new TestClient(server.url);
    await c.signIn(user.login, TEST_PASSWORD);
    const socket = ioClient(server.url, { transports: ['websocket'], extraHeaders: { cookie: c.cookie! }, reconnection: false });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const ended = new Promise((resolve) => socket.on('login:ended', resolve));
    await c.post('/api/auth/sign-out');
    expect(await ended).toEqual({ reason: 'signed_out' });
    socket.close();
  });
});

describe('session housekeeping', () => {
  it('a new sign-in prunes that user\'s expired sessions and keeps live ones', async () => {
    const user = await buildUser(server.deps);
    const a = new TestClient(server.url);
    await a.signIn(user.login, TEST_PASSWORD);
    const old = new TestClient(server.url);
    await old.signIn(user.login, TEST_PASSWORD);
    const oldId = old.cookie!.replace('hdnd_session=', '').split('.')[0];
    await server.deps.models.LoginSession.updateOne({ _id: oldId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await new TestClient(server.url).signIn(user.login, TEST_PASSWORD);
    expect(await server.deps.models.LoginSession.exists({ _id: oldId })).toBeNull();
    expect((await a.get('/api/auth/me')).status).toBe(200);
  });
});
