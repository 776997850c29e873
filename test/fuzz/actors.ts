import { createHash, randomBytes } from 'node:crypto';
import type { Models } from '../../server/src/app/models.js';
import type { Deps } from '../../server/src/app/deps.js';
import { filesBucket, uploadToGridFS } from '../../server/src/platform/storage.js';
import { tinyPdf } from '../helpers/documentFixtures.js';
import { buildLiveSitting, mintCookies, connectClient, type LiveSitting } from '../helpers/liveFixtures.js';
import { TestClient } from '../helpers/http.js';
import type { ClientSocket } from '../helpers/sockets.js';
import type { TestServer } from '../helpers/testServer.js';
import type { IdPool } from './payloads.js';

/**
 * The cast of the fuzz suite: two councils built the same way (a live sitting with its
 * session, agenda, documents, a draft poll, a note, a comment, a question, a meeting point
 * and an operator), the signed-in roles of the first one, and the chair of the second one,
 * who holds every id of the first one as "another council's". Cookies are minted (no
 * sign-in round trip, so the sign-in throttle is never touched).
 */

export const ROLES = ['anonymous', 'observer', 'delegate', 'meeting_point_operator', 'chair', 'otherChair'] as const;
export type FuzzRole = (typeof ROLES)[number];
export const SIGNED_IN = ROLES.filter((r) => r !== 'anonymous');

/** What an id names; a path segment or a payload field is filled with an id of its kind. */
export type IdKind = 'council' | 'unit' | 'session' | 'sitting' | 'item' | 'document' | 'draft' | 'note' | 'comment' | 'question' | 'poll' | 'meetingPoint' | 'membership' | 'user';

export interface World {
  live: LiveSitting;
  operatorId: string;
  ids: Record<IdKind, string[]>;
}

const uniq = () => randomBytes(4).toString('hex');

/** One council with something of every kind in it. */
export async function buildWorld(deps: Deps): Promise<World> {
  const models: Models = deps.models;
  const live = await buildLiveSitting(models, { delegates: 3, electedTotal: 5, items: 3 });
  const council = await models.Council.findById(live.councilId).lean();
  const unitId = String(council!.unitId);
  const meetingPoint = await models.MeetingPoint.create({ unitId, name: `Điểm cầu ${uniq()}` });
  const [operator] = await models.User.insertMany([{ login: `operator-${uniq()}@x.vn`, displayName: 'Vận hành' }]);
  const opMembership = await models.Membership.create({ userId: operator!._id, councilId: live.councilId, role: 'meeting_point_operator', meetingPointId: meetingPoint._id });
  const pdf = Buffer.from(tinyPdf(2, uniq()));
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const fileId = await uploadToGridFS(filesBucket(deps.conn), 'to-trinh.pdf', pdf, { contentType: 'application/pdf', sha256 });
  const doc = (kind: 'submission' | 'draft_resolution', title: string) => models.Document.create({ sessionId: live.sessionId, title, kind, access: 'council', fileId, fileName: `${kind}.pdf`, sha256, bytes: pdf.length, pages: 2 });
  const submission = await doc('submission', 'Tờ trình');
  const draft = await doc('draft_resolution', 'Dự thảo nghị quyết');
  const note = await models.Note.create({ userId: live.delegateIds[0], documentId: submission._id, page: 1, kind: 'note', text: 'Ghi chú' });
  const comment = await models.Comment.create({ sessionId: live.sessionId, documentId: draft._id, page: 1, text: 'Góp ý', authorId: live.delegateIds[0] });
  const question = await models.Question.create({ sessionId: live.sessionId, sittingId: live.sittingId, requestId: uniq(), askedBy: live.delegateIds[0], official: 'Giám đốc Sở Y tế', askedAt: new Date() });
  const poll = await models.Poll.create({ sittingId: live.sittingId, councilId: live.councilId, title: 'Biểu quyết thử', kind: 'resolution', secret: true, options: [], threshold: { kind: 'more_than_half' }, status: 'draft', createCommandId: uniq() });
  const s = (x: unknown) => String(x);
  return {
    live,
    operatorId: s(operator!._id),
    ids: {
      council: [live.councilId], unit: [unitId], session: [live.sessionId], sitting: [live.sittingId], item: live.itemIds,
      document: [s(submission._id)], draft: [s(draft._id)], note: [s(note._id)], comment: [s(comment._id)], question: [s(question._id)],
      poll: [s(poll._id)], meetingPoint: [s(meetingPoint._id)], membership: [s(opMembership._id)], user: [live.chairId, ...live.delegateIds],
    },
  };
}

export interface Cast {
  server: TestServer;
  home: World;
  other: World;
  cookies: Record<Exclude<FuzzRole, 'anonymous'>, string>;
  /** The user id behind each signed-in role. */
  userIds: Record<Exclude<FuzzRole, 'anonymous'>, string>;
  /** Each role's own council and the other one (otherChair's own council is the second one). */
  worlds(role: FuzzRole): { own: World; foreign: World };
}

export async function buildCast(server: TestServer): Promise<Cast> {
  const home = await buildWorld(server.deps);
  const other = await buildWorld(server.deps);
  const userIds = { observer: home.live.observerId, delegate: home.live.delegateIds[0]!, meeting_point_operator: home.operatorId, chair: home.live.chairId, otherChair: other.live.chairId };
  const roles = Object.keys(userIds) as Array<keyof typeof userIds>;
  const minted = await mintCookies(server.deps.models, roles.map((r) => userIds[r]));
  const cookies = Object.fromEntries(roles.map((r, i) => [r, minted[i]!])) as Cast['cookies'];
  return { server, home, other, cookies, userIds, worlds: (role) => (role === 'otherChair' ? { own: other, foreign: home } : { own: home, foreign: other }) };
}

const UNKNOWN = ['0'.repeat(24), 'ffffffffffffffffffffffff', '65a0c0ffee0000000000beef'];

/** The ids of `kind` a role may send: its own council's, the other council's, unknown ones. */
export function poolFor(cast: Cast, role: FuzzRole, kind: IdKind | null): IdPool {
  const { own, foreign } = cast.worlds(role);
  const all = (w: World) => Object.values(w.ids).flat();
  return kind ? { home: own.ids[kind], foreign: foreign.ids[kind], unknown: UNKNOWN } : { home: all(own), foreign: all(foreign), unknown: UNKNOWN };
}

/** Every id of the council that is not `role`'s own. */
export const foreignIds = (cast: Cast, role: FuzzRole): Set<string> => new Set(Object.values(cast.worlds(role).foreign.ids).flat());

/** A client as `role` (anonymous: no cookie); each client comes from its own address. */
export function clientAs(cast: Cast, role: FuzzRole): TestClient {
  const c = new TestClient(cast.server.url);
  if (role !== 'anonymous') c.cookie = cast.cookies[role];
  return c;
}

/** A fresh session of `role`'s user, for requests that end their session (sign-out). */
export async function freshCookie(cast: Cast, role: Exclude<FuzzRole, 'anonymous'>): Promise<string> {
  const [cookie] = await mintCookies(cast.server.deps.models, [cast.userIds[role]]);
  return cookie!;
}

export async function socketAs(cast: Cast, role: Exclude<FuzzRole, 'anonymous'>): Promise<ClientSocket> {
  return connectClient(cast.server.url, cast.cookies[role], { reconnection: false });
}
