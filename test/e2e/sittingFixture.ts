import type { Types } from 'mongoose';
import type { AgendaKind } from '../../contract/agenda.js';
import type { Deps } from '../../server/src/app/deps.js';
import { buildCouncil, buildMembership, buildUser } from '../helpers/factories.js';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quốc', 'Thanh', 'Đức', 'Ngọc', 'Hữu'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Khánh', 'Lan', 'Long', 'Mai', 'Nam', 'Nga', 'Phong', 'Quang', 'Sơn', 'Tâm', 'Thảo', 'Trung', 'Tuấn', 'Việt', 'Xuân', 'Yến'];
/** Distinct for the first 288 (family and given name never repeat together). */
const nameAt = (i: number) => `${FAMILY[(i + Math.floor(i / GIVEN.length)) % FAMILY.length]} ${MIDDLE[(i * 5) % MIDDLE.length]} ${GIVEN[i % GIVEN.length]}`;

/** Delegates checked in before the test starts: two short of the quorum of 34 (2/3 of 50). */
export const PRECHECKED = 32;

/**
 * A province council with N = 50 and short speaking limits (45 s first speech, 2 s follow-up,
 * so the warning and the overtime show without long waits); a published session with a
 * nested agenda; one open sitting; a chair, a secretary, the delegate whose tablet is under
 * test, and 44 more delegates, 32 of them already checked in.
 */
export async function buildSittingFixture(deps: Deps) {
  const { models } = deps;
  const council = await buildCouncil(deps, { electedTotal: 50 });
  await models.Council.updateOne({ _id: council._id }, { name: 'HĐND tỉnh Ninh Bình', 'rules.firstSpeechSeconds': 45, 'rules.followUpSeconds': 2 });
  const session = await models.CouncilSession.create({
    councilId: council._id,
    title: 'Kỳ họp thứ Mười hai, HĐND tỉnh khóa XV',
    kind: 'regular',
    status: 'published',
    startsAt: new Date('2026-07-14T01:00:00Z'),
    endsAt: new Date('2026-07-17T10:00:00Z'),
    venue: 'Hội trường Trung tâm Hội nghị tỉnh',
  });
  const item = (order: number, title: string, kind: AgendaKind, minutes: number, presenter = '', parentId: Types.ObjectId | null = null) =>
    models.AgendaItem.create({ sessionId: session._id, parentId, order, title, kind, minutes, presenter });
  const opening = await item(1, 'Khai mạc kỳ họp', 'report', 15, 'Chủ tịch HĐND tỉnh');
  const report = await item(2, 'Báo cáo tình hình kinh tế – xã hội 6 tháng đầu năm 2026', 'report', 30, 'Chủ tịch UBND tỉnh');
  const review = await item(1, 'Báo cáo thẩm tra của Ban Kinh tế – Ngân sách', 'report', 15, 'Trưởng Ban Kinh tế – Ngân sách', report._id);
  const debate = await item(2, 'Thảo luận tại hội trường', 'plenary', 90, '', report._id);
  const questions = await item(3, 'Chất vấn và trả lời chất vấn', 'interpellation', 120);
  const votes = await item(4, 'Biểu quyết thông qua các nghị quyết', 'vote', 30);

  const person = async (displayName: string, role: 'chair' | 'secretariat' | 'delegate') => {
    const u = await buildUser(deps, { displayName });
    await buildMembership(deps, u._id, council._id, role);
    return { id: String(u._id), login: u.login, displayName };
  };
  const chair = await person('Trần Thị Minh Hoa', 'chair');
  const secretary = await person('Lê Văn Thư', 'secretariat');
  const delegate = await person('Phạm Quốc Bảo', 'delegate');
  const others = await models.User.insertMany(Array.from({ length: 44 }, (_, i) => ({ login: `db-${i}-${String(council._id)}@example.vn`, displayName: nameAt(i) })));
  await models.Membership.insertMany(others.map((u) => ({ userId: u._id, councilId: council._id, role: 'delegate' })));

  const at = new Date().toISOString();
  const attendance = others.slice(0, PRECHECKED).map((u) => ({ userId: String(u._id), status: 'hall', meetingPointId: null, reason: null, at }));
  const sitting = await models.Sitting.create({ sessionId: session._id, councilId: council._id, title: 'Phiên khai mạc', status: 'open', attendance, date: '2026-07-08', startTime: '08:00', venue: 'Hội trường HĐND tỉnh' });
  return {
    council,
    session,
    sessionId: String(session._id),
    sittingId: String(sitting._id),
    items: { opening, report, review, debate, questions, votes },
    chair,
    secretary,
    delegate,
    /** Delegates not checked in yet, by id and name. */
    absent: others.slice(PRECHECKED).map((u) => ({ id: String(u._id), displayName: u.displayName })),
    checkedIn: others.slice(0, PRECHECKED).map((u) => ({ id: String(u._id), displayName: u.displayName })),
  };
}
