import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { mapLimit } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';
import { routeKey } from '../helpers/permissionMatrix.js';
import { buildCast, clientAs, foreignIds, freshCookie, poolFor, socketAs, ROLES, type Cast, type FuzzRole, type IdKind } from './actors.js';
import { draw, fromSchema, idFrom, mutated, deepObject, protoObject, constructorObject, HOSTILE_SEGMENTS, MB_STRING, RAW_BODIES } from './payloads.js';
import { badRefusal, brief, leakIn, unauthorisedSuccess, Findings, REST_WHO } from './verdict.js';
import { aliveProblems, LogWatch } from './alive.js';

/**
 * The standing guard over the REST API (issue 11): every route of the OpenAPI document the
 * server serves, as anonymous, observer, delegate, meeting-point operator, chair and the chair
 * of another council, gets schema-shaped payloads spoiled by fast-check (fixed seed), hostile
 * path segments and query strings, non-JSON and 1 MB bodies. Every answer must be a success
 * the role may have, or a 4xx with a code and a message; never a 5xx, never a stack trace.
 */

let server: TestServer;
const logs = new LogWatch();
let cast: Cast;
let watcher: ClientSocket;
let routes: Route[];

interface Route {
  key: string;
  method: string;
  path: string;
  auth: boolean;
  params: string[];
  body: { type: string; schema: unknown } | null;
  query: Record<string, unknown> | null;
}

/** Cases drawn per route and role from the body, path and query schemas. */
const RANDOM_CASES = 25;
const VALID_CASES = 8;

beforeAll(async () => {
  server = await startTestServer({ log: logs.log });
  cast = await buildCast(server);
  watcher = await socketAs(cast, 'chair');
  const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
  routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => toRoute(m, p, op)));
});
afterAll(async () => {
  watcher?.close();
  await server?.stop();
});

interface Operation {
  security?: unknown[];
  parameters?: Array<{ in: string; name: string; schema?: unknown }>;
  requestBody?: { content: Record<string, { schema?: unknown }> };
}

function toRoute(method: string, openApiPath: string, op: Operation): Route {
  const path = openApiPath.replace(/\{([^}]+)\}/g, ':$1');
  const [type, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  return {
    key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, auth: !!op.security?.length,
    params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
    body: type ? { type, schema: content?.schema } : null,
    query: queryParams.length ? Object.fromEntries(queryParams.map((p) => [p.name, p.schema])) : null,
  };
}

const SEGMENT_KIND: Record<string, IdKind> = {
  sittings: 'sitting', sessions: 'session', councils: 'council', documents: 'document', polls: 'poll', agenda: 'item', notes: 'note',
  comments: 'comment', questions: 'question', units: 'unit', 'meeting-points': 'meetingPoint', memberships: 'membership',
  // The public portal's signed minutes: /api/public/minutes/:sittingId/file.
  minutes: 'sitting',
  // The public portal's signed resolutions: /api/public/resolutions/:pollId/file.
  resolutions: 'poll',
};
/** What kind of id a path parameter names: the segment before it (comments are on draft resolutions). */
function kindOf(route: Route, param: string): IdKind | null {
  const parts = route.path.split('/');
  const before = parts[parts.indexOf(`:${param}`) - 1] ?? '';
  if (before === 'documents' && route.path.endsWith('/comments')) return 'draft';
  return SEGMENT_KIND[before] ?? null;
}

interface Case { label: string; params: Record<string, string>; query?: string; body?: unknown; raw?: { text: string; type: string } }

/** encodeURIComponent that sends a lone surrogate as the invalid UTF-8 bytes %ED%A0%80 instead of throwing. */
const enc = (s: string) => s.replace(/[\ud800-\udfff]|[^\ud800-\udfff]+/gu, (part) => (/^[\ud800-\udfff]$/u.test(part) ? '%ED%A0%80' : encodeURIComponent(part)));

const queryString = (q: unknown) => (q && typeof q === 'object' && !Array.isArray(q)
  ? Object.entries(q as Record<string, unknown>).map(([k, v]) => `${enc(k)}=${enc(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`).join('&')
  : `q=${enc(JSON.stringify(q) ?? '')}`);

/** The drawn cases of one route for one role: ids from the role's pools, body and query spoiled. */
function randomCases(route: Route, role: FuzzRole, salt: number): Case[] {
  const params = fc.record(Object.fromEntries(route.params.map((p) => [p, idFrom(poolFor(cast, role, kindOf(route, p)))])) as Record<string, fc.Arbitrary<string>>);
  const pool = poolFor(cast, role, null);
  const body = route.body?.type === 'application/json' ? mutated(fromSchema(route.body.schema as never, pool)) : fc.constant(null);
  const query = route.query ? mutated(fromSchema({ type: 'object', properties: route.query as never }, pool)) : fc.constant(null);
  // Valid-shaped requests (ids of either council or unknown ones): what a role may not do must stay refused.
  const shaped = route.body?.type === 'application/json' ? fromSchema(route.body.schema as never, pool) : fc.constant(undefined);
  const valid = draw(fc.tuple(params, shaped), VALID_CASES, salt + 7).map(([p, b]) => ({ label: 'drawn valid-shaped', params: p, ...(b === undefined ? {} : { body: b }) }));
  return [...valid, ...draw(fc.tuple(params, body, query), RANDOM_CASES, salt).map(([p, b, q]) => ({
    label: `drawn (body ${b?.mutation ?? '-'}, query ${q?.mutation ?? '-'})`,
    params: p,
    // Under Node's 16 KB limit for a request head: an over-long one is its own case below.
    ...(q ? { query: queryString(q.payload).slice(0, 8000).replace(/%[0-9A-F]?$/i, '') } : {}),
    ...(b ? { body: b.payload } : {}),
  }))];
}

/** The same hostile cases for every route: odd path segments, odd queries, odd and huge bodies. */
function fixedCases(route: Route, role: FuzzRole): Case[] {
  const home = Object.fromEntries(route.params.map((p) => [p, poolFor(cast, role, kindOf(route, p)).home[0] ?? '0'.repeat(24)]));
  const cases: Case[] = route.params.flatMap((p) => HOSTILE_SEGMENTS.map((seg) => ({ label: `path :${p} = ${brief(seg, 30)}`, params: { ...home, [p]: seg } })));
  cases.push(
    { label: 'hostile query string', params: home, query: `__proto__[isAdmin]=true&constructor[prototype][x]=1&all=maybe&all=true&download=%00&unitId[$ne]=1&q=${'x'.repeat(6000)}` },
    { label: 'query with a repeated key and operators', params: home, query: 'parentId=a&parentId=b&$where=1&title=%F0%9F%92%A9&kind=other&kind=submission' },
  );
  if (route.method === 'GET' || route.method === 'DELETE') return cases;
  const roots: Array<[string, unknown]> = [
    ['null', null], ['a number', 42], ['a negative number', -1], ['a string', 'x'], ['an array', [1, 'a', null]], ['true', true], ['{}', {}],
    ['__proto__ keys', protoObject()], ['constructor.prototype keys', constructorObject()], ['3000 levels deep', deepObject(3000)],
    ['a 1 MB string field', { title: MB_STRING, text: 'x', name: 'x' }], ['an operator object per field', { title: { $gt: '' }, text: { $ne: null }, page: { $gt: 0 } }],
    ['negative and huge numbers', { page: -1, electedTotal: -50, capacity: 1e308, minutes: -0.5, revision: -1, baseRevision: 2 ** 60 }],
  ];
  cases.push(...roots.map(([label, body]) => ({ label: `body ${label}`, params: home, body })));
  cases.push({ label: 'body over the 1 MB limit', params: home, raw: { text: JSON.stringify({ title: 'z'.repeat(1_100_000) }), type: 'application/json' } });
  cases.push(...RAW_BODIES.map((r) => ({ label: `body ${r.label}`, params: home, raw: { text: r.text, type: r.type } })));
  return cases;
}

async function send(route: Route, role: FuzzRole, c: Case) {
  const client = clientAs(cast, role);
  // Signing out ends the session: each sign-out uses a session of its own.
  if (route.key === 'POST /api/auth/sign-out' && role !== 'anonymous') client.cookie = await freshCookie(cast, role);
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => enc(c.params[name] ?? ''));
  const url = c.query ? `${path}?${c.query}` : path;
  if (c.raw) return client.request(route.method, url, c.raw.text, { 'content-type': c.raw.type });
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  return client.request(route.method, url, hasBody ? (c.body === undefined ? {} : c.body) : undefined);
}

const BINARY = /application\/(pdf|zip|octet-stream)|image\//;

/** Runs every case of every route as `role` and returns what failed. */
async function fuzzAs(role: FuzzRole, findings: Findings) {
  const foreign = foreignIds(cast, role);
  const jobs = routes.flatMap((route, r) => [...fixedCases(route, role), ...randomCases(route, role, r * 31 + ROLES.indexOf(role))].map((c) => ({ route, c })));
  await mapLimit(jobs, 4, async ({ route, c }) => {
    const res = await send(route, role, c);
    findings.cases += 1;
    findings.answered(res.status < 400 ? 'ok' : String(res.json?.error ?? res.status));
    const at = `${route.key} as ${role}, ${c.label}, params ${brief(c.params, 80)}${c.query ? `, query ${brief(c.query, 60)}` : ''}${c.body !== undefined ? `, body ${brief(c.body)}` : ''}`;
    const got = `${res.status} ${brief(res.json ?? res.text, 300)}`;
    if (res.status >= 500) findings.add(`${route.key}|${role}|5xx`, `${at} → ${got}`);
    const type = res.headers.get('content-type') ?? '';
    const leak = BINARY.test(type) ? null : leakIn(res.text);
    if (leak) findings.add(`${route.key}|${role}|leak`, `${at} → leaked ${leak}: ${got}`);
    if (res.status >= 400) {
      const bad = badRefusal(res.json);
      if (bad && res.status < 500) findings.add(`${route.key}|${role}|refusal`, `${at} → ${bad}: ${got}`);
    } else {
      const touchesForeign = Object.values(c.params).some((v) => foreign.has(v));
      const who = REST_WHO[route.key] ?? [];
      const wrong = unauthorisedSuccess(who, role, touchesForeign, route.auth);
      if (wrong) findings.add(`${route.key}|${role}|unauthorised`, `${at} → ${wrong}: ${got}`);
    }
  });
  for (const p of await aliveProblems(server, watcher, logs)) findings.add(`alive|${p}`, `after the REST batch as ${role}: ${p}`);
}

describe('the REST fuzz covers every route', () => {
  it('the OpenAPI document names exactly the routes the server serves, and each says who may succeed on it', () => {
    const served = server.specs.map(routeKey).sort();
    expect(routes.map((r) => r.key).sort()).toEqual(served);
    expect(served.filter((k) => !(k in REST_WHO)).map((k) => `${k} has no entry in REST_WHO (test/fuzz/verdict.ts)`)).toEqual([]);
    expect(Object.keys(REST_WHO).filter((k) => !served.includes(k)).map((k) => `${k} is in REST_WHO but not served`)).toEqual([]);
  });
});

describe('every REST route answers malformed and hostile requests with a 4xx carrying a code and a message, as every role', () => {
  it.each(ROLES)('as %s: no 5xx, no refusal without a code and a message, no stack trace, no unauthorised success; the server stays up', async (role) => {
    const findings = new Findings();
    await fuzzAs(role, findings);
    expect(findings.cases).toBeGreaterThan(routes.length * RANDOM_CASES);
    if (process.env.FUZZ_VERBOSE) console.log(role, findings.cases, Object.fromEntries(findings.answers));
    // The fuzz reaches past the session check and validation: some cases succeed, some are refused for their role.
    expect([...findings.answers.keys()]).toEqual(expect.arrayContaining(role === 'anonymous' ? ['unauthenticated', 'validation_failed', 'invalid_credentials'] : ['ok', 'validation_failed', 'forbidden', 'not_found']));
    expect(findings.list()).toEqual([]);
  }, 240_000);
});

describe('requests too large for the HTTP parser are refused like any other', () => {
  it('a request head over Node\'s 16 KB limit (a 1 MB query string) answers 431 with a code and a message; the server stays up', async () => {
    const res = await clientAs(cast, 'chair').get(`/api/org/units?q=${'x'.repeat(1_000_000)}`).catch((err: Error) => ({ status: 0, json: null, text: err.message }));
    expect({ status: res.status, refusal: badRefusal(res.json), leak: leakIn(res.text) }).toEqual({ status: 431, refusal: null, leak: null });
    expect(await aliveProblems(server, watcher, logs)).toEqual([]);
  });
});
