import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { AccessLevel, DocumentKind } from '../../contract/document.js';
import { TestClient } from './http.js';
import { buildCast, buildMembership, buildUser } from './factories.js';
import type { CastRole } from './permissionMatrix.js';
import { cookieFor } from './sockets.js';
import type { TestServer } from './testServer.js';
import { filesBucket, uploadToGridFS } from '../../server/src/platform/storage.js';
import { tinyPdf } from './documentFixtures.js';

/** Test-only: a client signed in as `userId` by a minted session cookie (no password round). */
export async function clientAs(server: TestServer, userId: string): Promise<TestClient> {
  const client = new TestClient(server.url);
  client.cookie = await cookieFor(server.deps, userId);
  return client;
}

export interface DocOptions {
  title?: string;
  kind?: DocumentKind;
  access?: AccessLevel;
  pages?: number;
  allowedUserIds?: string[];
  /** Makes it version n+1 of that document. */
  supersedes?: { id: string; version: number };
}

/**
 * Test-only: the cast of roles with Vietnamese names (one user per role, `none` outside the
 * council) plus a second delegate, each with a signed-in client, a published session, and
 * `addDoc` to put documents of tiny blank pages into its dossier without the upload route.
 */
export async function buildCommentFixture(server: TestServer) {
  const { deps } = server;
  const cast = await buildCast(deps);
  const names: Partial<Record<CastRole, string>> = { secretariat: 'Lê Văn Thư', chair: 'Trần Thị Minh Hoa', delegate: 'Phạm Quốc Bảo', admin: 'Vũ Đức Quản', observer: 'Hồ Thị Khách' };
  for (const [role, displayName] of Object.entries(names)) await deps.models.User.updateOne({ _id: cast.users[role as CastRole].id }, { displayName });
  const second = await buildUser(deps, { displayName: 'Đặng Thị Hạnh' });
  await buildMembership(deps, second._id, cast.council._id, 'delegate');
  await deps.models.Council.updateOne({ _id: cast.council._id }, { name: 'HĐND tỉnh Ninh Bình' });
  const session = await deps.models.CouncilSession.create({
    councilId: cast.council._id, title: 'Kỳ họp thứ Mười hai, HĐND tỉnh khóa XV', status: 'published',
    startsAt: new Date('2026-07-14T01:00:00Z'), endsAt: new Date('2026-07-17T10:00:00Z'), venue: 'Hội trường Trung tâm Hội nghị tỉnh',
  });
  const as = {} as Record<CastRole | 'delegate2', TestClient>;
  for (const role of Object.keys(cast.users) as CastRole[]) as[role] = await clientAs(server, cast.users[role].id);
  as.delegate2 = await clientAs(server, String(second._id));

  const addDoc = async (o: DocOptions = {}): Promise<string> => {
    const pdf = Buffer.from(tinyPdf(o.pages ?? 3, randomBytes(4).toString('hex')));
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const fileId = await uploadToGridFS(filesBucket(deps.conn), 'du-thao.pdf', pdf, { contentType: 'application/pdf', sha256 });
    const prev = o.supersedes ? new Types.ObjectId(o.supersedes.id) : null;
    const doc = await deps.models.Document.create({
      sessionId: session._id, title: o.title ?? 'Dự thảo Nghị quyết thử', kind: o.kind ?? 'draft_resolution', access: o.access ?? 'council',
      allowedUserIds: (o.allowedUserIds ?? []).map((id) => new Types.ObjectId(id)), fileId, fileName: 'du-thao.pdf', sha256, bytes: pdf.length,
      pages: o.pages ?? 3, version: o.supersedes ? o.supersedes.version + 1 : 1, supersedes: prev, ...(prev ? { successorOf: prev } : {}),
    });
    if (prev) await deps.models.Document.updateOne({ _id: prev }, { supersededBy: doc._id });
    return String(doc._id);
  };

  return { cast, as, session, sessionId: String(session._id), councilId: String(cast.council._id), delegate2Id: String(second._id), addDoc };
}

export type CommentFixture = Awaited<ReturnType<typeof buildCommentFixture>>;
