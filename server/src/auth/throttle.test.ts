import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildUser, TEST_PASSWORD } from '../../../test/helpers/factories.js';

// Sign-in throttling (throttle.ts): per account, and per address only far above a hall.
// Servers run with the default settings (10 failures per account, 300 per address, in 15
// minutes) unless a test needs a lower address limit to stay quick.

let server: TestServer;
/** The same settings but an address limit of 20, to reach it in a few seconds. */
let lowLimit: TestServer;
beforeAll(async () => {
  [server, lowLimit] = await Promise.all([startTestServer(), startTestServer({ env: { SIGNIN_ADDRESS_MAX_FAILURES: '20' } })]);
});
afterAll(async () => Promise.all([server?.stop(), lowLimit?.stop()]));

let nextHall = 1;
/** A client at a fixed address, as the tablets of one hall behind one NAT. */
const from = (s: TestServer, address: string) => new TestClient(s.url, { 'x-forwarded-for': address });
const newAddress = () => `192.0.2.${nextHall++}`;
const signIn = (c: TestClient, login: string, password: string) => c.post('/api/auth/sign-in', { login, password });

function expectRefusedWithRetryTime(res: Awaited<ReturnType<typeof signIn>>) {
  expect(res.status).toBe(429);
  expect(res.json.error).toBe('too_many_attempts');
  expect(res.json.message).toMatch(/thử lại sau \d+ phút/);
  expect(res.json.message).toMatch(/try again in \d+ minute/);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('sign-in throttling per account', () => {
  it('refuses an account after 10 failures in 15 minutes, even with the right password, saying when to retry', async () => {
    const user = await buildUser(server.deps);
    for (let i = 0; i < 10; i++) {
      // A new address each time: only the account counts.
      expect((await signIn(new TestClient(server.url), user.login, `sai-${i}`)).status).toBe(401);
    }
    expectRefusedWithRetryTime(await signIn(new TestClient(server.url), user.login, TEST_PASSWORD));
  });

  it('lets the account in again once its failures have left the window', async () => {
    const user = await buildUser(server.deps);
    for (let i = 0; i < 10; i++) expect((await signIn(new TestClient(server.url), user.login, `sai-${i}`)).status).toBe(401);
    expect((await signIn(new TestClient(server.url), user.login, TEST_PASSWORD)).status).toBe(429);
    // Sixteen minutes pass: move the stored failures back rather than wait.
    const key = `account:${user.login}`;
    const doc = await server.deps.models.SignInFailure.findById(key).lean();
    const earlier = (doc?.at ?? []).map((d) => new Date(new Date(d).getTime() - 16 * 60_000));
    await server.deps.models.SignInFailure.updateOne({ _id: key }, { $set: { at: earlier } });
    expect((await signIn(new TestClient(server.url), user.login, TEST_PASSWORD)).status).toBe(200);
  });

  it('60 delegates sign in from one address while one account is being guessed: all 60 succeed, the guessed account is refused with a retry time', async () => {
    const hall = newAddress();
    const delegates = await Promise.all(Array.from({ length: 60 }, () => buildUser(server.deps)));
    const guessed = await buildUser(server.deps);
    // Every fifth delegate mistypes once first, as a hall does.
    const delegatesSigningIn = Promise.all(delegates.map(async (d, i) => {
      const tablet = from(server, hall);
      if (i % 5 === 0) expect((await signIn(tablet, d.login, 'go-nham')).status).toBe(401);
      return (await signIn(tablet, d.login, TEST_PASSWORD)).status;
    }));
    const guesses: number[] = [];
    for (let i = 0; i < 12; i++) guesses.push((await signIn(from(server, hall), guessed.login, `doan-${i}`)).status);
    expect(await delegatesSigningIn).toEqual(Array(60).fill(200));
    expect(guesses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(guesses.slice(10)).toEqual([429, 429]);
    expectRefusedWithRetryTime(await signIn(from(server, hall), guessed.login, TEST_PASSWORD));
    // The hall goes on signing in after the guessing.
    expect((await signIn(from(server, hall), delegates[1]!.login, TEST_PASSWORD)).status).toBe(200);
  }, 60_000);
});

describe('failures arriving at once from one address', () => {
  it('40 wrong passwords sent at the same moment from one new address each answer 401 (never a 500), and the address counts all 40', async () => {
    const hall = newAddress();
    const users = await Promise.all(Array.from({ length: 40 }, () => buildUser(server.deps)));
    const statuses = await Promise.all(users.map((u) => signIn(from(server, hall), u.login, 'go-nham').then((r) => r.status)));
    expect(statuses).toEqual(Array(40).fill(401));
    const counted = await server.deps.models.SignInFailure.findById(`address:${hall}`).lean();
    expect(counted?.at).toHaveLength(40);
  });
});

describe('sign-in throttling per address', () => {
  /** 20 failures (the low limit) from `address`: two wrong passwords for each of ten accounts. */
  async function flood(address: string) {
    const targets = await Promise.all(Array.from({ length: 10 }, () => buildUser(lowLimit.deps)));
    for (const t of targets) {
      for (const p of ['123456', 'matkhau']) expect((await signIn(from(lowLimit, address), t.login, p)).status).toBe(401);
    }
    return targets;
  }

  it('the default address limit is far above what a hall of sixty tablets produces', () => {
    expect(server.config.SIGNIN_ADDRESS_MAX_FAILURES).toBeGreaterThanOrEqual(5 * 60);
  });

  it('an address sending failures for many accounts far above a hall is throttled: an account that already failed from it is refused', async () => {
    const address = newAddress();
    const [first] = await flood(address);
    // Two failures of its own, under the account's limit of ten, yet refused from this address ...
    expectRefusedWithRetryTime(await signIn(from(lowLimit, address), first!.login, 'abc123'));
    expectRefusedWithRetryTime(await signIn(from(lowLimit, address), first!.login, TEST_PASSWORD));
    // ... while the account itself is not locked for other addresses.
    expect((await signIn(from(lowLimit, newAddress()), first!.login, TEST_PASSWORD)).status).toBe(200);
  }, 60_000);

  it('an address over its limit gets one guess per account per window, whether or not the account exists', async () => {
    const address = newAddress();
    await flood(address);
    const fresh = await buildUser(lowLimit.deps);
    expect((await signIn(from(lowLimit, address), fresh.login, 'qwerty')).status).toBe(401);
    expectRefusedWithRetryTime(await signIn(from(lowLimit, address), fresh.login, 'password1'));
    const nobody = `khong-co-${Date.now()}@example.vn`;
    expect((await signIn(from(lowLimit, address), nobody, 'qwerty')).status).toBe(401);
    expectRefusedWithRetryTime(await signIn(from(lowLimit, address), nobody, 'password1'));
  }, 60_000);

  it('an address over its limit still lets in an account with the right password and no failures of its own', async () => {
    const address = newAddress();
    await flood(address);
    const delegate = await buildUser(lowLimit.deps);
    expect((await signIn(from(lowLimit, address), delegate.login, TEST_PASSWORD)).status).toBe(200);
  }, 60_000);

  it('an account that signed in from the address before is not held back by its limit after a typing mistake', async () => {
    const address = newAddress();
    const delegate = await buildUser(lowLimit.deps);
    expect((await signIn(from(lowLimit, address), delegate.login, TEST_PASSWORD)).status).toBe(200);
    await flood(address);
    expect((await signIn(from(lowLimit, address), delegate.login, 'go-nham')).status).toBe(401);
    expect((await signIn(from(lowLimit, address), delegate.login, TEST_PASSWORD)).status).toBe(200);
  }, 60_000);
});
