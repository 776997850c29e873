import { ErrorCode } from '../../contract/errors.js';
import type { FuzzRole } from './actors.js';

/**
 * What every answer of the fuzz suite must be: no 5xx and no internal_error, every refusal
 * carrying a stable code and a message, nothing that looks like a stack trace, a source path
 * or an error class name, and no success for a role that may not have it.
 */

const CODES = new Set<string>(ErrorCode.options);

/** Stack frames, source paths and error class names: none of these may leave the server. */
const LEAKS: Array<[string, RegExp]> = [
  ['a stack frame', /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:|node:|\/)[^\s)]*:\d+:\d+/],
  ['a stack frame', /\n\s+at\s/],
  ['a source path', /\/server\/src\/|\/contract\/|\/media\/src\/|node_modules|\/work\/|\.ts:\d+/],
  ['an error class name', /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|MongoServerError|MongoError|BSONError|BSONVersionError|CastError|ValidationError|VersionError|DocumentNotFoundError|ZodError|AssertionError|StrictModeError)\b/],
  ['an internal detail', /E11000|\$__|mongoose|ObjectParameterError|Cannot read propert|is not a function|Maximum call stack/i],
];

/** The first leak found in `text`, if any. */
export function leakIn(text: string): string | null {
  for (const [what, re] of LEAKS) {
    const m = re.exec(text);
    if (m) return `${what} (${JSON.stringify(m[0].slice(0, 60))})`;
  }
  return null;
}

/** Why an error body (HTTP or ack) is not a proper refusal, or null. */
export function badRefusal(body: unknown): string | null {
  const b = body as { ok?: unknown; error?: unknown; message?: unknown } | null;
  if (!b || typeof b !== 'object') return 'a refusal without a JSON error body';
  if (b.ok !== false) return `a refusal whose ok is ${JSON.stringify(b.ok)}`;
  if (typeof b.error !== 'string' || !CODES.has(b.error)) return `a refusal without a known code (${JSON.stringify(b.error)})`;
  if (b.error === 'internal_error') return 'internal_error';
  if (typeof b.message !== 'string' || b.message.trim() === '') return `a refusal without a message (${b.error})`;
  return null;
}

/** Who may ever succeed: `anyone` signed in (any council), or these roles of the target's own council. */
export type Who = 'anyone' | ReadonlyArray<Exclude<FuzzRole, 'anonymous' | 'otherChair'>>;

const MEMBERS = ['observer', 'delegate', 'meeting_point_operator', 'chair'] as const;
const READERS = ['delegate', 'meeting_point_operator', 'chair'] as const;
const STAFF = [] as const; // admin and secretariat only: none of the fuzzed roles

/**
 * Every REST route the server serves, from the permission matrix (server/src/org/permissions.test.ts)
 * restated for the fuzzed roles. A route missing here fails the suite: a new route must say
 * who may succeed on it. `notes`: the pooled note is the first delegate's own.
 */
export const REST_WHO: Record<string, Who> = {
  'POST /api/auth/sign-in': 'anyone',
  'POST /api/auth/sign-out': 'anyone',
  'GET /api/auth/me': 'anyone',
  // The first run answers anyone; creating the first admin succeeds for nobody once accounts exist.
  'GET /api/setup': 'anyone', 'POST /api/setup/first-admin': STAFF,
  'GET /api/accounts': STAFF, 'POST /api/accounts': STAFF, 'PATCH /api/accounts/:id': STAFF, 'POST /api/accounts/:id/password-reset': STAFF,
  'POST /api/accounts/set-password': 'anyone',
  'GET /api/me/sessions': 'anyone', 'GET /api/me/documents': 'anyone',
  'GET /api/org/schemes': 'anyone', 'POST /api/org/schemes': STAFF,
  'GET /api/org/levels': 'anyone', 'POST /api/org/levels': STAFF,
  'GET /api/org/unit-types': 'anyone', 'POST /api/org/unit-types': STAFF,
  'GET /api/org/units': 'anyone', 'GET /api/org/units/:id': 'anyone', 'POST /api/org/units': STAFF, 'PATCH /api/org/units/:id': STAFF,
  'GET /api/org/councils': 'anyone', 'GET /api/org/councils/:id': 'anyone', 'POST /api/org/councils': STAFF, 'PATCH /api/org/councils/:id': STAFF,
  'GET /api/org/units/:id/meeting-points': 'anyone', 'POST /api/org/meeting-points': STAFF, 'PATCH /api/org/meeting-points/:id': STAFF,
  'GET /api/org/councils/:id/memberships': STAFF, 'POST /api/org/memberships': STAFF, 'DELETE /api/org/memberships/:id': STAFF,
  'PATCH /api/org/memberships/:id': STAFF, 'GET /api/org/people': STAFF,
  'POST /api/org/councils/:id/delegates/import': STAFF,
  'GET /api/sessions/:id/sittings': MEMBERS, 'GET /api/sittings/:id': MEMBERS, 'GET /api/councils/:id/participants': MEMBERS,
  'POST /api/sittings': STAFF, 'PATCH /api/sittings/:id': STAFF,
  'POST /api/sessions': ['chair'], 'PATCH /api/sessions/:id': ['chair'], 'POST /api/sessions/:id/cancel': ['chair'],
  'GET /api/sessions/:id/agenda': MEMBERS, 'POST /api/sessions/:id/agenda': STAFF, 'PATCH /api/agenda/:id': STAFF, 'DELETE /api/agenda/:id': STAFF,
  'POST /api/sessions/:id/agenda/reorder': STAFF,
  'GET /api/sessions/:id/questions': MEMBERS, 'POST /api/questions/:id/answer': STAFF,
  'POST /api/sessions/:id/documents': STAFF, 'GET /api/sessions/:id/documents': MEMBERS,
  'GET /api/documents/:id': READERS, 'GET /api/documents/:id/file': READERS, 'GET /api/documents/:id/pages': READERS,
  'PATCH /api/documents/:id': ['chair'], 'POST /api/documents/:id/withdraw': ['chair'],
  'GET /api/documents/:id/notes': READERS, 'POST /api/documents/:id/notes': READERS,
  'PATCH /api/notes/:id': ['delegate'], 'DELETE /api/notes/:id': ['delegate'],
  'POST /api/documents/:id/comments': ['chair', 'delegate'], 'GET /api/documents/:id/comments': READERS,
  'GET /api/sessions/:id/comments': ['chair'], 'POST /api/comments/:id/response': STAFF, 'GET /api/sessions/:id/comments/report.pdf': ['chair'],
  'GET /api/polls/:id/receipts': MEMBERS,
  'GET /api/sittings/:id/minutes': ['chair', 'delegate'], 'POST /api/sittings/:id/minutes/generate': STAFF, 'PATCH /api/sittings/:id/minutes': STAFF,
  'GET /api/sittings/:id/minutes/revisions': ['chair'], 'POST /api/sittings/:id/minutes/sign': ['chair'],
  'GET /api/sittings/:id/minutes/sign-options': ['chair'], 'POST /api/sittings/:id/minutes/sign-otp': ['chair'],
  'GET /api/sittings/:id/minutes.pdf': ['chair', 'delegate'], 'GET /api/sittings/:id/minutes.sig.json': ['chair', 'delegate'],
  'POST /api/sittings/:id/minutes/agent-ticket': ['chair'], 'GET /api/sittings/:id/minutes/agent-ticket/:ticketId': ['chair'],
  // The desktop signing agent's hand-off: public by token (no session); an unknown, expired or used token is 404 for anyone.
  'GET /api/signing/agent/:token/document': 'anyone', 'PUT /api/signing/agent/:token/document': 'anyone',
  'GET /api/sittings/:id/attendance.csv': ['chair'], 'GET /api/sittings/:id/polls.csv': ['chair'],
  'GET /api/sessions/:id/records/bundle.zip': ['chair'], 'GET /api/councils/:id/signing-key': MEMBERS,
  'GET /api/councils/:id/seal': ['chair'], 'POST /api/councils/:id/seal/check': ['chair'],
  'GET /api/councils/:id/signers': STAFF, 'PATCH /api/councils/:id/signers/:userId': STAFF, 'POST /api/councils/:id/signers/:userId/check': STAFF,
  'GET /api/polls/:pollId/tally-record.pdf': ['chair'], 'POST /api/records/verify': 'anyone',
  'GET /api/sessions/:id/resolutions': ['chair', 'delegate'], 'GET /api/polls/:pollId/resolution': ['chair', 'delegate'],
  'POST /api/polls/:pollId/resolution': STAFF, 'PATCH /api/polls/:pollId/resolution': STAFF, 'POST /api/polls/:pollId/resolution/sign': ['chair'],
  'GET /api/polls/:pollId/resolution/sign-options': ['chair'], 'POST /api/polls/:pollId/resolution/sign-otp': ['chair'],
  'POST /api/polls/:pollId/resolution/agent-ticket': ['chair'], 'GET /api/polls/:pollId/resolution/agent-ticket/:ticketId': ['chair'],
  'GET /api/polls/:pollId/resolution.pdf': ['chair', 'delegate'],
  'POST /api/sessions/:id/convening': STAFF, 'GET /api/sessions/:id/convening': ['chair'], 'GET /api/sessions/:id/convening/notice.pdf': ['chair', 'delegate'],
  'GET /api/me/invitations': 'anyone', 'GET /api/invitations/:id.pdf': ['chair', 'delegate', 'observer'],
  // The public portal: no sign-in, anyone (anonymous included) may read what is published.
  'GET /api/public/councils': 'anyone', 'GET /api/public/councils/:councilId/calendar': 'anyone', 'GET /api/public/councils/:councilId/delegates': 'anyone',
  'GET /api/public/sittings/:sittingId': 'anyone', 'GET /api/public/documents/:documentId/file': 'anyone', 'GET /api/public/minutes/:sittingId/file': 'anyone',
  'GET /api/public/resolutions/:pollId/file': 'anyone',
  // The webcast's live files and a sealed recording's: anyone, 404 for whatever is not on the air or not sealed.
  'GET /api/public/sittings/:sittingId/live/:file': 'anyone', 'GET /api/public/sittings/:sittingId/recording/:file': 'anyone',
};

/**
 * A success is unauthorised when the role may not succeed there at all, or when it reached
 * into another council (a foreign id in the path or in a scope field) on a council's data.
 * otherChair counts as a chair of its own council.
 */
export function unauthorisedSuccess(who: Who, role: FuzzRole, touchesForeign: boolean, needsAuth = true): string | null {
  if (role === 'anonymous') return needsAuth ? 'success without a session' : null;
  if (who === 'anyone') return null;
  const asRole = role === 'otherChair' ? 'chair' : role;
  if (!(who as readonly string[]).includes(asRole)) return `success for ${role}, who may not`;
  if (touchesForeign) return `success for ${role} on another council's id`;
  return null;
}

/** Shortens a payload for a failure line. */
export function brief(v: unknown, max = 160): string {
  let s: string;
  try { s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v, (_k, x) => (typeof x === 'string' && x.length > 40 ? `${x.slice(0, 20)}…(${x.length} chars)` : x)) ?? String(v); } catch { s = String(v); }
  if (s.length > max) s = `${s.slice(0, max)}…`;
  return s;
}

/** Failure lines, at most one per key (route or event, role and what failed), with its first example. */
export class Findings {
  readonly #seen = new Map<string, string>();
  cases = 0;
  /** How the cases were answered (`ok` or the error code): shows the fuzz reached past validation. */
  readonly answers = new Map<string, number>();
  answered(how: string) { this.answers.set(how, (this.answers.get(how) ?? 0) + 1); }
  add(key: string, line: string) { if (!this.#seen.has(key)) this.#seen.set(key, line); }
  list(): string[] { return [...this.#seen.values()]; }
}
