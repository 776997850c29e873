import { createHash, randomBytes } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildCast, buildMembership, buildUnit, buildUser } from '../../../test/helpers/factories.js';
import { checkCoverage, checkRow, checkUnauthenticated, EVERYONE, only, PLACEHOLDER_ID, type Cast, type CastRole, type MatrixRow } from '../../../test/helpers/permissionMatrix.js';
import { TestClient } from '../../../test/helpers/http.js';
import { filesBucket, uploadToGridFS } from '../platform/storage.js';
import { tinyPdf } from '../../../test/helpers/documentFixtures.js';

let server: TestServer;
let cast: Cast;
/** The cast council's unit (a province), a commune below it and a meeting point of the province. */
let provinceId: string;
let communeId: string;
let meetingPointId: string;
/** A session of the cast council with a draft sitting and a question, for the meeting endpoints. */
let sessionId: string;
let sittingId: string;
let questionId: string;
/** A document of that session for the council's delegates (access level `council`). */
let documentId: string;
/** A draft resolution of that session (access level `council`), for comments. */
let draftId: string;
/** A published secret poll of the sitting, for its receipts list. */
let publishedPollId: string;

beforeAll(async () => {
  server = await startTestServer();
  cast = await buildCast(server.deps);
  provinceId = String(cast.council.unitId);
  communeId = String((await buildUnit(server.deps, { name: 'Xã Thử', unitType: 'xa', parentId: cast.council.unitId }))._id);
  meetingPointId = String((await server.deps.models.MeetingPoint.create({ unitId: cast.council.unitId, name: 'Hội trường tỉnh' }))._id);
  const { CouncilSession, Sitting, Question } = server.deps.models;
  const session = await CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp thử', startsAt: new Date(), endsAt: new Date(), status: 'published' });
  sessionId = String(session._id);
  sittingId = String((await Sitting.create({ sessionId: session._id, councilId: cast.council._id, title: 'Phiên thử' }))._id);
  questionId = String((await Question.create({ sessionId: session._id, sittingId, requestId: uniq(), askedBy: cast.council._id, official: 'Giám đốc Sở Y tế', askedAt: new Date() }))._id);
  const pdf = Buffer.from(tinyPdf());
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const fileId = await uploadToGridFS(filesBucket(server.deps.conn), 'to-trinh.pdf', pdf, { contentType: 'application/pdf', sha256 });
  documentId = String((await server.deps.models.Document.create({ sessionId: session._id, title: 'Tờ trình', kind: 'submission', access: 'council', fileId, fileName: 'to-trinh.pdf', sha256, bytes: pdf.length, pages: 1 }))._id);
  draftId = String((await server.deps.models.Document.create({ sessionId: session._id, title: 'Dự thảo nghị quyết', kind: 'draft_resolution', access: 'council', fileId, fileName: 'du-thao.pdf', sha256, bytes: pdf.length, pages: 1 }))._id);
  publishedPollId = String((await server.deps.models.Poll.create({ sittingId, councilId: cast.council._id, title: 'Biểu quyết thử', kind: 'resolution', secret: true, options: [], threshold: { kind: 'more_than_half' }, status: 'published', createCommandId: uniq() }))._id);
});
afterAll(async () => server?.stop());

const uniq = () => randomBytes(4).toString('hex');
/** A well-formed desktop-agent token that no ticket has. */
const AGENT_TOKEN = 'A'.repeat(43);
/** Every role of the council, but not a user outside it. */
const MEMBERS = only('admin', 'secretariat', 'chair', 'delegate', 'meeting_point_operator', 'observer');
/** Readers of a `council` document: every member but observers. */
const COUNCIL_READERS = only('admin', 'secretariat', 'chair', 'delegate', 'meeting_point_operator');
const newItem = async () => String((await server.deps.models.AgendaItem.create({ sessionId, order: 99, title: `Mục ${uniq()}`, kind: 'report' }))._id);
const councilId = () => String(cast.council._id);
/** A private note of `role`'s user: only its owner may change or delete it, whatever their role. */
const noteOf = async (role: CastRole) => String((await server.deps.models.Note.create({ userId: cast.users[role].id, documentId, page: 1, kind: 'note', text: 'Ghi chú' }))._id);
/** The chair's invitation to the session (made once). */
let chairInvitationId: Promise<string> | null = null;
const chairInvitation = () => (chairInvitationId ??= server.deps.models.Invitation.findOneAndUpdate({ sessionId, userId: cast.users.chair.id }, { $setOnInsert: { councilId: cast.council._id, role: 'chair' } }, { upsert: true, new: true }).then((i) => String(i!._id)));
const newComment = async () => String((await server.deps.models.Comment.create({ sessionId, documentId: draftId, page: 1, text: 'Góp ý', authorId: cast.users.delegate.id }))._id);

/** A closed poll round of the sitting with its stored tally, for the tally record (made once). */
let closedPollId: Promise<string> | null = null;
const closedPoll = () => (closedPollId ??= (async () => {
  const poll = await server.deps.models.Poll.create({ sittingId, councilId: cast.council._id, title: 'Biểu quyết thử', kind: 'resolution', secret: true, options: [{ key: 'yes', label: 'Đồng ý' }], threshold: { kind: 'more_than_half' }, status: 'closed', createCommandId: uniq() });
  const pollId = String(poll._id);
  await server.deps.models.PollClosure.create({ _id: `${pollId}:1`, pollId, round: 1, closedAt: new Date(), tally: { pollId, round: 1, kind: 'resolution', secret: true, electedTotal: 50, threshold: { kind: 'more_than_half' }, issued: 0, ballots: 0, invalid: 0, didNotVote: 50, counts: [{ key: 'yes', label: 'Đồng ý', count: 0 }], outcome: 'FAILED', hash: '0'.repeat(64) } });
  return pollId;
})());

/** A resolution vote of the sitting that passed: its resolution can be drafted and signed. */
let passedPollId: Promise<string> | null = null;
const passedPoll = () => (passedPollId ??= (async () => {
  const poll = await server.deps.models.Poll.create({ sittingId, councilId: cast.council._id, title: 'Thông qua Nghị quyết về thử nghiệm', kind: 'resolution', secret: false, options: [{ key: 'yes', label: 'Đồng ý' }], threshold: { kind: 'more_than_half' }, status: 'closed', createCommandId: uniq() });
  const pollId = String(poll._id);
  await server.deps.models.PollClosure.create({ _id: `${pollId}:1`, pollId, round: 1, closedAt: new Date(), tally: { pollId, round: 1, kind: 'resolution', secret: false, electedTotal: 3, threshold: { kind: 'more_than_half' }, issued: 3, ballots: 2, invalid: 0, didNotVote: 1, counts: [{ key: 'yes', label: 'Đồng ý', count: 2 }], outcome: 'PASSED', hash: '0'.repeat(64) } });
  return pollId;
})());

/** The org endpoints and the signed-in endpoints that came before them. */
const table: MatrixRow[] = [
  { route: 'GET /api/auth/me', expect: EVERYONE },
  { route: 'POST /api/auth/sign-out', expect: EVERYONE },
  { route: 'GET /api/me/sessions', expect: EVERYONE },

  { route: 'GET /api/org/schemes', expect: EVERYONE },
  { route: 'POST /api/org/schemes', expect: only('admin'), request: () => ({ body: { code: `s-${uniq()}`, name: 'Thử nghiệm', validFrom: '2025-07-01' } }) },
  { route: 'GET /api/org/levels', expect: EVERYONE },
  { route: 'POST /api/org/levels', expect: only('admin'), request: () => ({ body: { code: `l-${uniq()}`, scheme: 'two-level-2025', name: 'Cấp thử', depth: 3 } }) },
  { route: 'GET /api/org/unit-types', expect: EVERYONE },
  { route: 'POST /api/org/unit-types', expect: only('admin'), request: () => ({ body: { code: `t-${uniq()}`, level: 'commune', name: 'Loại thử' } }) },

  { route: 'GET /api/org/units', expect: EVERYONE, request: () => ({ query: { parentId: provinceId } }) },
  { route: 'GET /api/org/units/:id', expect: EVERYONE, request: () => ({ params: { id: provinceId } }) },
  { route: 'POST /api/org/units', expect: only('admin'), request: () => ({ body: { name: `Xã ${uniq()}`, unitType: 'xa', parentId: provinceId, validFrom: '2025-07-01' } }) },
  { route: 'PATCH /api/org/units/:id', expect: only('admin'), request: () => ({ params: { id: communeId }, body: { code: `x-${uniq()}` } }) },

  { route: 'GET /api/org/councils', expect: EVERYONE },
  { route: 'GET /api/org/councils/:id', expect: EVERYONE, request: () => ({ params: { id: councilId() } }) },
  {
    route: 'POST /api/org/councils',
    expect: only('admin'),
    request: async () => {
      const commune = await buildUnit(server.deps, { unitType: 'xa', parentId: cast.council.unitId });
      return { body: { unitId: String(commune._id), name: 'HĐND xã', term: '2021-2026', termStart: '2021-06-01', electedTotal: 25 } };
    },
  },
  { route: 'PATCH /api/org/councils/:id', expect: only('admin'), request: () => ({ params: { id: councilId() }, body: { electedTotal: 50 } }) },

  { route: 'GET /api/org/units/:id/meeting-points', expect: EVERYONE, request: () => ({ params: { id: provinceId } }) },
  { route: 'POST /api/org/meeting-points', expect: only('admin'), request: () => ({ body: { unitId: communeId, name: `Điểm cầu ${uniq()}` } }) },
  { route: 'PATCH /api/org/meeting-points/:id', expect: only('admin'), request: () => ({ params: { id: meetingPointId }, body: { capacity: 40 } }) },

  { route: 'GET /api/org/councils/:id/memberships', expect: only('admin', 'secretariat'), request: () => ({ params: { id: councilId() } }) },
  {
    route: 'POST /api/org/memberships',
    expect: only('admin'),
    request: async () => ({ body: { userId: String((await buildUser(server.deps))._id), councilId: councilId(), role: 'observer' } }),
  },
  {
    route: 'DELETE /api/org/memberships/:id',
    expect: only('admin'),
    request: async () => {
      const m = await buildMembership(server.deps, (await buildUser(server.deps))._id, cast.council._id, 'observer');
      return { params: { id: String(m._id) } };
    },
  },
  {
    route: 'PATCH /api/org/memberships/:id',
    expect: only('admin'),
    request: async () => {
      const m = await buildMembership(server.deps, (await buildUser(server.deps))._id, cast.council._id, 'delegate');
      return { params: { id: String(m._id) }, body: { meetingPointId } };
    },
  },
  { route: 'GET /api/org/people', expect: only('admin'), request: () => ({ query: { q: 'a' } }) },
  {
    route: 'POST /api/org/councils/:id/delegates/import',
    expect: only('admin', 'secretariat'),
    request: () => ({
      params: { id: councilId() },
      body: `name,unit,council,role,email,phone\nNguyễn Văn ${uniq()},,,đại biểu,dai-bieu-${uniq()}@example.vn,\n`,
      headers: { 'content-type': 'text/csv' },
    }),
  },

  // Accounts: administered by the admin of every unit where the account holds a role (account/access.ts).
  { route: 'GET /api/accounts', expect: only('admin'), request: () => ({ query: { q: 'a' } }) },
  { route: 'POST /api/accounts', expect: only('admin'), request: () => ({ body: { displayName: 'Nguyễn Thị Thử', login: `thu-${uniq()}` } }) },
  {
    route: 'PATCH /api/accounts/:id',
    expect: only('admin'),
    request: async () => ({ params: { id: String((await buildUser(server.deps))._id) }, body: { phone: '0912345678' } }),
  },
  {
    route: 'POST /api/accounts/:id/password-reset',
    expect: only('admin'),
    request: async () => ({ params: { id: String((await buildUser(server.deps))._id) } }),
  },

  // Sessions (kỳ họp): the secretariat and the chair prepare them.
  {
    route: 'POST /api/sessions',
    expect: only('secretariat', 'chair'),
    request: () => ({ body: { councilId: councilId(), number: `Thứ ${uniq()}`, title: 'Kỳ họp thường lệ', kind: 'regular', startDate: '2026-12-20', endDate: '2026-12-21' } }),
  },
  {
    route: 'PATCH /api/sessions/:id',
    expect: only('secretariat', 'chair'),
    request: () => ({ params: { id: sessionId }, body: { venue: `Hội trường ${uniq()}` } }),
  },
  {
    route: 'POST /api/sessions/:id/cancel',
    expect: only('secretariat', 'chair'),
    request: async () => {
      const s = await server.deps.models.CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp sẽ hủy', startsAt: new Date(), endsAt: new Date(), status: 'draft' });
      return { params: { id: String(s._id) }, body: { reason: 'Dời lịch theo chỉ đạo' } };
    },
  },

  { route: 'GET /api/sessions/:id/sittings', expect: MEMBERS, request: () => ({ params: { id: sessionId } }) },
  { route: 'GET /api/sittings/:id', expect: MEMBERS, request: () => ({ params: { id: sittingId } }) },
  { route: 'GET /api/councils/:id/participants', expect: MEMBERS, request: () => ({ params: { id: councilId() } }) },
  { route: 'POST /api/sittings', expect: only('secretariat'), request: () => ({ body: { sessionId, title: `Phiên ${uniq()}` } }) },
  { route: 'PATCH /api/sittings/:id', expect: only('secretariat'), request: () => ({ params: { id: sittingId }, body: { title: `Phiên ${uniq()}` } }) },
  { route: 'GET /api/sessions/:id/agenda', expect: MEMBERS, request: () => ({ params: { id: sessionId } }) },
  { route: 'POST /api/sessions/:id/agenda', expect: only('secretariat'), request: () => ({ params: { id: sessionId }, body: { title: `Mục ${uniq()}`, kind: 'report' } }) },
  { route: 'PATCH /api/agenda/:id', expect: only('secretariat'), request: async () => ({ params: { id: await newItem() }, body: { minutes: 20 } }) },
  { route: 'DELETE /api/agenda/:id', expect: only('secretariat'), request: async () => ({ params: { id: await newItem() } }) },
  {
    route: 'POST /api/sessions/:id/agenda/reorder',
    expect: only('secretariat'),
    request: async () => {
      const top = await server.deps.models.AgendaItem.find({ sessionId, parentId: null }, { _id: 1 }).lean();
      return { params: { id: sessionId }, body: { parentId: null, itemIds: top.map((t) => String(t._id)).reverse() } };
    },
  },
  { route: 'GET /api/sessions/:id/questions', expect: MEMBERS, request: () => ({ params: { id: sessionId } }) },
  {
    route: 'POST /api/sessions/:id/documents',
    expect: only('secretariat'),
    request: () => ({ params: { id: sessionId }, query: { title: `Tài liệu ${uniq()}`, kind: 'other' }, body: tinyPdf(1, uniq()), headers: { 'content-type': 'application/pdf' } }),
  },
  { route: 'GET /api/sessions/:id/documents', expect: MEMBERS, request: () => ({ params: { id: sessionId } }) },
  { route: 'GET /api/me/documents', expect: EVERYONE, request: () => ({ query: { access: 'named,confidential' } }) },
  { route: 'GET /api/documents/:id', expect: COUNCIL_READERS, request: () => ({ params: { id: documentId } }) },
  { route: 'GET /api/documents/:id/file', expect: COUNCIL_READERS, request: () => ({ params: { id: documentId } }) },
  { route: 'GET /api/documents/:id/pages', expect: COUNCIL_READERS, request: () => ({ params: { id: documentId } }) },
  { route: 'PATCH /api/documents/:id', expect: only('secretariat', 'chair'), request: () => ({ params: { id: documentId }, body: { title: `Tờ trình ${uniq()}` } }) },
  {
    route: 'POST /api/documents/:id/withdraw',
    expect: only('secretariat', 'chair'),
    request: async () => {
      const d = await server.deps.models.Document.findById(documentId).lean();
      const copy = await server.deps.models.Document.create({ ...d, _id: undefined, title: `Bản rút ${uniq()}` });
      return { params: { id: String(copy._id) }, body: { reason: 'Thay bằng bản mới' } };
    },
  },
  { route: 'GET /api/documents/:id/notes', expect: COUNCIL_READERS, request: () => ({ params: { id: documentId } }) },
  { route: 'POST /api/documents/:id/notes', expect: COUNCIL_READERS, request: () => ({ params: { id: documentId }, body: { page: 1, kind: 'note', text: 'Ghi chú' } }) },
  // Each role edits its own note; anyone else's answers not_found (annotation/notes.test.ts).
  { route: 'PATCH /api/notes/:id', expect: EVERYONE, request: async (role) => ({ params: { id: await noteOf(role) }, body: { text: 'Đã sửa' } }) },
  { route: 'DELETE /api/notes/:id', expect: EVERYONE, request: async (role) => ({ params: { id: await noteOf(role) } }) },
  { route: 'POST /api/documents/:id/comments', expect: only('chair', 'delegate'), request: () => ({ params: { id: draftId }, body: { page: 1, text: 'Góp ý' } }) },
  { route: 'GET /api/documents/:id/comments', expect: COUNCIL_READERS, request: () => ({ params: { id: draftId } }) },
  { route: 'GET /api/sessions/:id/comments', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sessionId } }) },
  { route: 'POST /api/comments/:id/response', expect: only('secretariat'), request: async () => ({ params: { id: await newComment() }, body: { outcome: 'accepted', text: 'Tiếp thu' } }) },
  { route: 'GET /api/sessions/:id/comments/report.pdf', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sessionId } }) },
  { route: 'GET /api/polls/:id/receipts', expect: MEMBERS, request: () => ({ params: { id: publishedPollId } }) },
  { route: 'POST /api/questions/:id/answer', expect: only('secretariat'), request: () => ({ params: { id: questionId }, body: { mode: 'written', text: 'Trả lời bằng văn bản.' } }) },
  // Minutes and records. The sitting is a draft: signing answers 409 (not closed), delegates 404 (not signed).
  { route: 'GET /api/sittings/:id/minutes', expect: only('secretariat', 'chair', 'delegate'), request: () => ({ params: { id: sittingId } }) },
  { route: 'POST /api/sittings/:id/minutes/generate', expect: only('secretariat'), request: () => ({ params: { id: sittingId } }) },
  { route: 'PATCH /api/sittings/:id/minutes', expect: only('secretariat'), request: () => ({ params: { id: sittingId }, body: { baseRevision: 1, text: 'Biên bản đã sửa' } }) },
  { route: 'GET /api/sittings/:id/minutes/revisions', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sittingId } }) },
  { route: 'POST /api/sittings/:id/minutes/sign', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sittingId }, body: { revision: 1 } }) },
  // Personal signing is not configured here: the options say so (person: null), asking for an OTP answers 409.
  { route: 'GET /api/sittings/:id/minutes/sign-options', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sittingId } }) },
  { route: 'POST /api/sittings/:id/minutes/sign-otp', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sittingId } }) },
  // The USB-token hand-off: a ticket as for signing (409 here: the sitting is a draft), its status (404: no such ticket).
  { route: 'POST /api/sittings/:id/minutes/agent-ticket', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sittingId }, body: { revision: 1 } }) },
  { route: 'GET /api/sittings/:id/minutes/agent-ticket/:ticketId', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sittingId, ticketId: PLACEHOLDER_ID } }) },
  // Public by token (auth: false): the desktop agent sends no session; the token alone decides (404 for an unknown one, whoever asks).
  { route: 'GET /api/signing/agent/:token/document', expect: EVERYONE, request: () => ({ params: { token: AGENT_TOKEN } }) },
  { route: 'PUT /api/signing/agent/:token/document', expect: EVERYONE, request: () => ({ params: { token: AGENT_TOKEN }, body: tinyPdf(1, uniq()), headers: { 'content-type': 'application/pdf' } }) },
  { route: 'GET /api/sittings/:id/minutes.pdf', expect: only('secretariat', 'chair', 'delegate'), request: () => ({ params: { id: sittingId } }) },
  { route: 'GET /api/sittings/:id/minutes.sig.json', expect: only('secretariat', 'chair', 'delegate'), request: () => ({ params: { id: sittingId } }) },
  { route: 'GET /api/sittings/:id/attendance.csv', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sittingId } }) },
  { route: 'GET /api/sittings/:id/polls.csv', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sittingId } }) },
  { route: 'GET /api/sessions/:id/records/bundle.zip', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sessionId } }) },
  { route: 'GET /api/councils/:id/signing-key', expect: MEMBERS, request: () => ({ params: { id: councilId() } }) },
  // Where the seal is kept and a check that it works (the development file signer here).
  { route: 'GET /api/councils/:id/seal', expect: only('admin', 'secretariat', 'chair'), request: () => ({ params: { id: councilId() } }) },
  { route: 'POST /api/councils/:id/seal/check', expect: only('admin', 'secretariat', 'chair'), request: () => ({ params: { id: councilId() } }) },
  // Who signs as a person and with which credential at the signing service: the administrator only.
  { route: 'GET /api/councils/:id/signers', expect: only('admin'), request: () => ({ params: { id: councilId() } }) },
  { route: 'PATCH /api/councils/:id/signers/:userId', expect: only('admin'), request: () => ({ params: { id: councilId(), userId: cast.users.chair.id }, body: { credentialId: null } }) },
  { route: 'POST /api/councils/:id/signers/:userId/check', expect: only('admin'), request: () => ({ params: { id: councilId(), userId: cast.users.chair.id } }) },
  // Closed, not published: the chair and the secretariat only.
  { route: 'GET /api/polls/:pollId/tally-record.pdf', expect: only('secretariat', 'chair'), request: async () => ({ params: { pollId: await closedPoll() } }) },
  // Resolutions: the secretariat drafts, the chair signs, delegates read signed ones (404 for a draft: allowed, nothing to show).
  { route: 'GET /api/sessions/:id/resolutions', expect: only('secretariat', 'chair', 'delegate'), request: () => ({ params: { id: sessionId } }) },
  { route: 'POST /api/polls/:pollId/resolution', expect: only('secretariat'), request: async () => ({ params: { pollId: await passedPoll() } }) },
  { route: 'GET /api/polls/:pollId/resolution', expect: only('secretariat', 'chair', 'delegate'), request: async () => ({ params: { pollId: await passedPoll() } }) },
  { route: 'PATCH /api/polls/:pollId/resolution', expect: only('secretariat'), request: async () => ({ params: { pollId: await passedPoll() }, body: { baseRevision: 99, text: 'Nghị quyết đã sửa' } }) },
  { route: 'GET /api/polls/:pollId/resolution.pdf', expect: only('secretariat', 'chair', 'delegate'), request: async () => ({ params: { pollId: await passedPoll() } }) },
  { route: 'POST /api/polls/:pollId/resolution/sign', expect: only('chair'), request: async () => ({ params: { pollId: await passedPoll() }, body: { revision: 99 } }) },
  { route: 'GET /api/polls/:pollId/resolution/sign-options', expect: only('chair'), request: async () => ({ params: { pollId: await passedPoll() } }) },
  { route: 'POST /api/polls/:pollId/resolution/sign-otp', expect: only('chair'), request: async () => ({ params: { pollId: await passedPoll() } }) },
  { route: 'POST /api/polls/:pollId/resolution/agent-ticket', expect: only('chair'), request: async () => ({ params: { pollId: await passedPoll() }, body: { revision: 1 } }) },
  { route: 'GET /api/polls/:pollId/resolution/agent-ticket/:ticketId', expect: only('chair'), request: async () => ({ params: { pollId: await passedPoll(), ticketId: PLACEHOLDER_ID } }) },
  { route: 'POST /api/records/verify', expect: EVERYONE, request: () => ({ body: tinyPdf(1, uniq()), headers: { 'content-type': 'application/pdf' } }) },
  // Convening: the secretariat convenes, the chair follows, the notice is the delegates' too.
  { route: 'POST /api/sessions/:id/convening', expect: only('secretariat'), request: () => ({ params: { id: sessionId }, body: {} }) },
  { route: 'GET /api/sessions/:id/convening', expect: only('secretariat', 'chair'), request: () => ({ params: { id: sessionId } }) },
  { route: 'GET /api/sessions/:id/convening/notice.pdf', expect: only('secretariat', 'chair', 'delegate'), request: () => ({ params: { id: sessionId } }) },
  { route: 'GET /api/me/invitations', expect: EVERYONE },
  // Someone else's invitation is not found (404) rather than forbidden to the others: only the allowed are listed.
  { route: 'GET /api/invitations/:id.pdf', expect: { chair: 'allow', secretariat: 'allow' }, request: async () => ({ params: { id: await chairInvitation() } }) },
];

describe('permission matrix of every signed-in endpoint', () => {
  it('answers 401 unauthenticated on every signed-in endpoint when no session is sent', async () => {
    expect(await checkUnauthenticated(server)).toEqual([]);
  });

  it('states the permissions of every signed-in endpoint the server serves', () => {
    expect(checkCoverage(server, table)).toEqual([]);
  });

  it('answers the desktop agent\'s token routes without a session: 404 not_found for an unknown token, never 401', async () => {
    const anonymous = new TestClient(server.url);
    for (const method of ['GET', 'PUT']) {
      const res = await anonymous.request(method, `/api/signing/agent/${AGENT_TOKEN}/document`, method === 'PUT' ? tinyPdf() : undefined, { 'content-type': 'application/pdf' });
      expect([res.status, res.json?.error]).toEqual([404, 'not_found']);
    }
  });

  it.each(table.map((row) => [row.route, row] as const))('%s: allows and denies each role as the matrix says', async (_route, row) => {
    expect(await checkRow(server, cast, row)).toEqual([]);
  });
});

describe('the permission matrix helper itself', () => {
  it('reports an endpoint left out of the table and a row naming a route that is not served', () => {
    const withoutImport = table.filter((r) => r.route !== 'POST /api/org/councils/:id/delegates/import');
    expect(checkCoverage(server, [...withoutImport, { route: 'GET /api/org/nowhere', expect: EVERYONE }])).toEqual([
      'POST /api/org/councils/:id/delegates/import has no row in the permission matrix',
      'GET /api/org/nowhere is in the matrix but not served',
    ]);
  });

  it('reports a role whose answer differs from the table, with the status it got', async () => {
    const failures = await checkRow(server, cast, { route: 'GET /api/org/councils/:id/memberships', expect: { delegate: 'allow', admin: 'deny' }, request: () => ({ params: { id: councilId() } }) });
    expect(failures).toEqual([
      expect.stringMatching(/as delegate: expected to be allowed, got 403 forbidden/),
      expect.stringMatching(/as admin: expected 403 forbidden, got 200/),
    ]);
  });
});
