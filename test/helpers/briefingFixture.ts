import type { Types } from 'mongoose';
import type { Deps } from '../../server/src/app/deps.js';
import type { Role } from '../../contract/roles.js';
import { buildCouncil, buildUnit, buildUser } from './factories.js';

/**
 * A province-to-commune briefing: a province council with a chair, a secretary, two commune
 * meeting points (Xã Tân Lập, Xã Yên Sơn) with an operator each, a delegate attending from
 * the second room, an observer and a delegate in the hall; an open sitting with both rooms
 * and a closed sitting (họp kín) of the same session.
 */
export async function buildBriefingFixture(deps: Deps, opts: { homeDelegates?: boolean } = {}) {
  const { models } = deps;
  const council = await buildCouncil(deps, { electedTotal: 50 });
  const commune = await buildUnit(deps, { name: 'Xã Tân Lập', unitType: 'xa', parentId: council.unitId as Types.ObjectId });
  const mp1 = await models.MeetingPoint.create({ unitId: commune._id, name: 'Điểm cầu xã Tân Lập' });
  const mp2 = await models.MeetingPoint.create({ unitId: commune._id, name: 'Điểm cầu xã Yên Sơn' });
  const person = async (displayName: string, role: Role, meetingPointId: Types.ObjectId | null = null) => {
    const u = await buildUser(deps, { displayName });
    await models.Membership.create({ userId: u._id, councilId: council._id, role, meetingPointId });
    return { id: String(u._id), login: u.login, displayName };
  };
  const chair = await person('Trần Thị Minh Hoa', 'chair');
  const secretary = await person('Lê Văn Thư', 'secretariat');
  const operator1 = await person('Nguyễn Văn Vận', 'meeting_point_operator', mp1._id);
  const operator2 = await person('Hoàng Thị Hành', 'meeting_point_operator', mp2._id);
  const roomDelegate = await person('Đỗ Minh Khánh', 'delegate', mp2._id);
  const hallDelegate = await person('Phạm Quốc Bảo', 'delegate');
  const observer = await person('Vũ Khách Mời', 'observer');
  // Two delegates who attend from home on their own devices (issue 15), when asked for.
  const homeA = opts.homeDelegates ? await person('Ngô Thị An', 'delegate') : null;
  const homeB = opts.homeDelegates ? await person('Đinh Văn Bình', 'delegate') : null;
  const session = await models.CouncilSession.create({
    councilId: council._id, title: 'Hội nghị giao ban trực tuyến', kind: 'thematic', status: 'published',
    startsAt: new Date(), endsAt: new Date(Date.now() + 86_400_000), venue: 'Hội trường tỉnh',
  });
  const sitting = await models.Sitting.create({ sessionId: session._id, councilId: council._id, title: 'Giao ban tỉnh – xã', status: 'open', meetingPointIds: [mp1._id, mp2._id] });
  const closed = await models.Sitting.create({ sessionId: session._id, councilId: council._id, title: 'Phiên họp kín', status: 'open', closedDoors: true, meetingPointIds: [mp1._id] });
  return {
    council, sessionId: String(session._id), sittingId: String(sitting._id), closedSittingId: String(closed._id),
    mp1: String(mp1._id), mp2: String(mp2._id),
    chair, secretary, operator1, operator2, roomDelegate, hallDelegate, observer,
    homeA: homeA!, homeB: homeB!,
  };
}
