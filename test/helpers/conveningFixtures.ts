import { expect } from 'vitest';
import type { TestServer } from './testServer.js';
import { buildCouncil, buildMembership, buildUnit, buildUser } from './factories.js';
import { TestClient } from './http.js';
import { cookieFor } from './sockets.js';
import { tinyPdf, uploadPdf } from './documentFixtures.js';

/** Test-only: a province council with a chair, two delegates (one whose mailbox is refused), one without an address, a guest and the secretariat; a session with a sitting, an agenda item and a document. */
export async function buildConvening(server: TestServer) {
  const { deps } = server;
  const unit = await buildUnit(deps, { name: 'Tỉnh Sông Hồng' });
  const council = await buildCouncil(deps, { unitId: unit._id });
  const mk = async (login: string, displayName: string, role: 'secretariat' | 'chair' | 'delegate' | 'observer') => {
    const u = await buildUser(deps, { login, displayName });
    await buildMembership(deps, u._id, council._id, role);
    const client = new TestClient(server.url);
    client.cookie = await cookieFor(deps, u._id);
    return { id: String(u._id), login, client };
  };
  const users = {
    secretariat: await mk(`thuky-${council._id}@hdnd.test`, 'Lê Văn Thư', 'secretariat'),
    chair: await mk(`chutoa-${council._id}@hdnd.test`, 'Trần Thị Minh Hoa', 'chair'),
    delegate: await mk(`daibieu-${council._id}@hdnd.test`, 'Nguyễn Thị Ánh Tuyết', 'delegate'),
    refused: await mk(`khongnhan-${council._id}@hdnd.test`, 'Phạm Quốc Bảo', 'delegate'),
    phoneOnly: await mk(`09${String(council._id).slice(-8).replace(/\D/g, '7').padStart(8, '1')}`, 'Đặng Thị Hạnh', 'delegate'),
    guest: await mk(`khach-${council._id}@hdnd.test`, 'Giám đốc Sở Tài chính', 'observer'),
  };
  const session = await deps.models.CouncilSession.create({
    councilId: council._id, title: 'Kỳ họp thứ Mười hai', kind: 'regular', status: 'published',
    startsAt: new Date('2026-07-15T01:00:00Z'), endsAt: new Date('2026-07-17T10:00:00Z'), venue: 'Hội trường HĐND tỉnh',
  });
  await deps.models.Sitting.create({ sessionId: session._id, councilId: council._id, title: 'Phiên khai mạc', status: 'published', date: '2026-07-15', startTime: '08:00', venue: 'Hội trường tầng 3' });
  await deps.models.Sitting.create({ sessionId: session._id, councilId: council._id, title: 'Phiên thảo luận tổ', status: 'draft', closedDoors: true });
  await deps.models.AgendaItem.create({ sessionId: session._id, order: 1, title: 'Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm', kind: 'report', presenter: 'UBND tỉnh' });
  const up = await uploadPdf(users.secretariat.client, String(session._id), tinyPdf(1, 'convening'), { title: 'Dự thảo nghị quyết về ngân sách', kind: 'draft_resolution', access: 'council', fileName: 'du-thao.pdf' });
  expect(up.status).toBe(200);
  return { council, users, sessionId: String(session._id), documentId: up.json.data.document.id as string };
}

export type ConveningCast = Awaited<ReturnType<typeof buildConvening>>;
