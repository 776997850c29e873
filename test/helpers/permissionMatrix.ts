import { Types } from 'mongoose';
import type { Role } from '../../contract/roles.js';
import type { RouteSpec } from '../../server/src/platform/http/apiRouter.js';
import { openLogin, SESSION_COOKIE } from '../../server/src/auth/logins.js';
import type { TestServer } from './testServer.js';
import type { buildCast } from './factories.js';
import { TestClient } from './http.js';

/** A member of the cast: one user per role, and `none`, a user with no membership. */
export type CastRole = Role | 'none';
export type Cast = Awaited<ReturnType<typeof buildCast>>;
export type Verdict = 'allow' | 'deny';

/** What one request of a row sends; anything left out gets a harmless default. */
export interface RequestParts {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One endpoint of the matrix and what each listed role may do with it. */
export interface MatrixRow {
  /** `METHOD /full/path` as the route is declared, e.g. `PATCH /api/org/units/:id`. */
  route: string;
  expect: Partial<Record<CastRole, Verdict>>;
  /**
   * Builds the request, once per role: it must be valid (validation runs before most
   * permission checks) and may create fresh targets, since allowed writes really happen.
   */
  request?: (role: CastRole) => RequestParts | Promise<RequestParts>;
}

/** Stands in for `:id`-like parameters where any well-formed id will do. */
export const PLACEHOLDER_ID = '0'.repeat(24);

export const routeKey = (s: Pick<RouteSpec, 'method' | 'path'>) => `${s.method.toUpperCase()} ${s.path}`;

function requestPath(path: string, parts: RequestParts): string {
  const filled = path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(parts.params?.[name] ?? PLACEHOLDER_ID));
  const query = parts.query ? `?${new URLSearchParams(parts.query).toString()}` : '';
  return filled + query;
}

async function send(client: TestClient, method: string, path: string, parts: RequestParts) {
  const hasBody = method !== 'GET' && method !== 'DELETE';
  return client.request(method, requestPath(path, parts), hasBody ? (parts.body ?? {}) : undefined, parts.headers ?? {});
}

/** A client holding a fresh sign-in session of `userId` (no password round trip). */
async function clientAs(server: TestServer, userId: string): Promise<TestClient> {
  const client = new TestClient(server.url);
  const token = await openLogin(server.deps, new Types.ObjectId(userId));
  client.cookie = `${SESSION_COOKIE}=${token}`;
  return client;
}

const outcome = (res: { status: number; json: { error?: string; message?: string } | null }) =>
  `${res.status}${res.json?.error ? ` ${res.json.error}` : ''}${res.json?.message ? ` (${res.json.message})` : ''}`;

/** Every spec that needs a session must answer 401 `unauthenticated` without one. */
export async function checkUnauthenticated(server: TestServer): Promise<string[]> {
  const failures: string[] = [];
  const anonymous = new TestClient(server.url);
  for (const spec of server.specs.filter((s) => s.auth)) {
    const res = await send(anonymous, spec.method.toUpperCase(), spec.path, {});
    if (res.status !== 401 || res.json?.error !== 'unauthenticated') failures.push(`${routeKey(spec)} without a session: expected 401 unauthenticated, got ${outcome(res)}`);
  }
  return failures;
}

/**
 * Every spec that needs a session must have a row, so a new endpoint cannot ship without
 * its permissions being stated; every row must name a route that exists.
 */
export function checkCoverage(server: TestServer, table: MatrixRow[]): string[] {
  const listed = new Set(table.map((r) => r.route));
  const served = new Set(server.specs.map(routeKey));
  const missing = server.specs.filter((s) => s.auth && !listed.has(routeKey(s))).map((s) => `${routeKey(s)} has no row in the permission matrix`);
  const unknown = table.filter((r) => !served.has(r.route)).map((r) => `${r.route} is in the matrix but not served`);
  return [...missing, ...unknown];
}

/** Each listed role: `deny` must answer 403 `forbidden`; `allow` anything but 401/403 (or a 5xx). */
export async function checkRow(server: TestServer, cast: Cast, row: MatrixRow): Promise<string[]> {
  const failures: string[] = [];
  const [method = '', path = ''] = row.route.split(' ');
  for (const [role, verdict] of Object.entries(row.expect) as Array<[CastRole, Verdict]>) {
    const client = await clientAs(server, cast.users[role].id);
    const res = await send(client, method, path, (await row.request?.(role)) ?? {});
    const denied = res.status === 403 && res.json?.error === 'forbidden';
    const allowed = res.status !== 401 && res.status !== 403 && res.status < 500;
    if (verdict === 'deny' && !denied) failures.push(`${row.route} as ${role}: expected 403 forbidden, got ${outcome(res)}`);
    if (verdict === 'allow' && !allowed) failures.push(`${row.route} as ${role}: expected to be allowed, got ${outcome(res)}`);
  }
  return failures;
}

/** The whole matrix: anonymous access, coverage of every spec, and every row. */
export async function runPermissionMatrix(server: TestServer, cast: Cast, table: MatrixRow[]): Promise<string[]> {
  const failures = [...(await checkUnauthenticated(server)), ...checkCoverage(server, table)];
  for (const row of table) failures.push(...(await checkRow(server, cast, row)));
  return failures;
}

/** Shorthand for rows: every role of the cast allowed. */
export const EVERYONE: Record<CastRole, Verdict> = {
  admin: 'allow', secretariat: 'allow', chair: 'allow', delegate: 'allow', meeting_point_operator: 'allow', observer: 'allow', none: 'allow',
};

/** Shorthand for rows: only `roles` allowed, every other member of the cast denied. */
export function only(...roles: CastRole[]): Record<CastRole, Verdict> {
  return Object.fromEntries(Object.keys(EVERYONE).map((r) => [r, roles.includes(r as CastRole) ? 'allow' : 'deny'])) as Record<CastRole, Verdict>;
}
