import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from './log.js';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildUser, TEST_PASSWORD } from '../../../test/helpers/factories.js';

const lines: string[] = [];
const sink = new Writable({ write(chunk, _enc, cb) { lines.push(chunk.toString()); cb(); } });
let server: TestServer;
beforeAll(async () => { server = await startTestServer({ log: createLogger('debug', sink) }); });
afterAll(async () => server?.stop());

describe('logs', () => {
  it('hold neither the password nor the session token of a sign-in, failed or not', async () => {
    const user = await buildUser(server.deps);
    const c = new TestClient(server.url);
    await c.post('/api/auth/sign-in', { login: user.login, password: 'mat-khau-sai-123' });
    await c.signIn(user.login, TEST_PASSWORD);
    await c.get('/api/auth/me');
    const token = c.cookie!.split('=')[1]!;
    const all = lines.join('');
    expect(all).toContain('signed in');
    expect(all).not.toContain(TEST_PASSWORD);
    expect(all).not.toContain('mat-khau-sai-123');
    expect(all).not.toContain(token);
  });

  it('redact passwords, tokens and ballot choices even when code logs them by mistake', () => {
    const out: string[] = [];
    const log = createLogger('info', new Writable({ write(c, _e, cb) { out.push(c.toString()); cb(); } }));
    log.info({ password: 'p', token: 't', ballot: { choice: 'yes' }, body: { choice: 'no' } }, 'oops');
    const entry = JSON.parse(out[0]!);
    expect(entry.password).toBe('[redacted]');
    expect(entry.token).toBe('[redacted]');
    expect(entry.ballot).toBe('[redacted]');
    expect(entry.body.choice).toBe('[redacted]');
  });
});
