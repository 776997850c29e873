import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { Models } from '../app/models.js';
import type { SeedDoc, SeedLedger } from './ledger.js';
import type { DemoOrganisation } from './organisation.js';

type AgendaKind = 'report' | 'plenary' | 'group_discussion' | 'interpellation' | 'vote';

/** An agenda item as written here; `key` lets documents find the item they belong to. */
interface ItemSpec { key?: string; title: string; kind: AgendaKind; minutes: number; presenter?: string; children?: ItemSpec[] }

const DAY = 86_400_000;

/** 08:00 and 17:00 Vietnam time (UTC+7), `days` from today. */
function workingDay(now: Date, days: number): { startsAt: Date; endsAt: Date } {
  const d = new Date(now.getTime() + days * DAY);
  const startsAt = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 1, 0));
  return { startsAt, endsAt: new Date(startsAt.getTime() + 9 * 3600_000) };
}

const POLICY = 'chính sách hỗ trợ cán bộ, công chức, người lao động cấp xã sau sắp xếp đơn vị hành chính';
const INVESTMENT = 'điều chỉnh kế hoạch đầu tư công trung hạn giai đoạn 2021–2025';

function upcomingAgenda(chair: string): ItemSpec[] {
  return [
    { title: 'Khai mạc kỳ họp', kind: 'report', minutes: 15, presenter: `${chair}, Chủ tịch HĐND tỉnh` },
    {
      title: 'Trình bày các tờ trình và dự thảo nghị quyết', kind: 'report', minutes: 40, children: [
        { key: 'policy-submission', title: `Tờ trình về dự thảo Nghị quyết quy định ${POLICY}`, kind: 'report', minutes: 20, presenter: 'Vũ Đức Thành, Phó Chủ tịch UBND tỉnh' },
        { key: 'investment-submission', title: `Tờ trình về dự thảo Nghị quyết ${INVESTMENT}`, kind: 'report', minutes: 20, presenter: 'Hoàng Thị Mai, Giám đốc Sở Tài chính' },
      ],
    },
    { key: 'review', title: 'Báo cáo thẩm tra của Ban Pháp chế và Ban Kinh tế – Ngân sách', kind: 'report', minutes: 20, presenter: 'Đặng Văn Khoa, Trưởng Ban Pháp chế HĐND tỉnh' },
    { title: 'Thảo luận tại hội trường về các dự thảo nghị quyết', kind: 'plenary', minutes: 90, presenter: chair },
    { title: 'Chất vấn và trả lời chất vấn', kind: 'interpellation', minutes: 60, presenter: 'Bùi Minh Hải, Giám đốc Sở Nội vụ' },
    {
      title: 'Biểu quyết thông qua các nghị quyết', kind: 'vote', minutes: 20, children: [
        { key: 'vote-policy', title: `Nghị quyết quy định ${POLICY}`, kind: 'vote', minutes: 5, presenter: chair },
        { key: 'vote-investment', title: `Nghị quyết ${INVESTMENT}`, kind: 'vote', minutes: 5, presenter: chair },
      ],
    },
    { title: 'Bế mạc kỳ họp', kind: 'report', minutes: 10, presenter: chair },
  ];
}

function pastAgenda(chair: string): ItemSpec[] {
  return [
    { title: 'Khai mạc kỳ họp', kind: 'report', minutes: 15, presenter: chair },
    { title: 'Báo cáo tình hình kinh tế – xã hội 6 tháng đầu năm', kind: 'report', minutes: 30, presenter: 'Ngô Văn Bình, Chủ tịch UBND tỉnh' },
    { title: 'Thảo luận tổ', kind: 'group_discussion', minutes: 120 },
    { key: 'past-vote', title: 'Biểu quyết thông qua Nghị quyết về kế hoạch phát triển kinh tế – xã hội', kind: 'vote', minutes: 10, presenter: chair },
    { title: 'Bế mạc kỳ họp', kind: 'report', minutes: 10, presenter: chair },
  ];
}

function flatten(sessionId: Types.ObjectId, specs: ItemSpec[], parentId: Types.ObjectId | null, out: SeedDoc[], keys: Map<string, Types.ObjectId>) {
  specs.forEach((s, i) => {
    const _id = new Types.ObjectId();
    if (s.key) keys.set(s.key, _id);
    out.push({ _id, sessionId, parentId, order: i + 1, title: s.title, kind: s.kind, minutes: s.minutes, presenter: s.presenter ?? '' });
    if (s.children) flatten(sessionId, s.children, _id, out, keys);
  });
}

export interface DemoSessions {
  upcomingId: Types.ObjectId;
  pastId: Types.ObjectId;
  /** Agenda items that documents attach to, by key. */
  items: Map<string, Types.ObjectId>;
}

/** An upcoming thematic session (published, about ten days ahead) and a past closed one. */
export async function seedSessions(models: Models, ledger: SeedLedger, org: DemoOrganisation, chair: string, now = new Date()): Promise<DemoSessions> {
  const councilId = org.province.councilId;
  const meetingPointIds = [org.province.hallId, ...org.communes.map((c) => c.meetingPointId)];
  const venue = 'Hội trường Hội đồng nhân dân tỉnh Sông Hồng';
  const upcomingId = new Types.ObjectId();
  const pastId = new Types.ObjectId();
  const past = workingDay(now, -45);
  const sessions: SeedDoc[] = [
    { _id: upcomingId, councilId, title: 'Kỳ họp thứ 25 (chuyên đề)', kind: 'thematic', status: 'published', venue, meetingPointIds, ...workingDay(now, 10) },
    // A two-day regular session, closed: history for the home page and the archive.
    { _id: pastId, councilId, title: 'Kỳ họp thứ 24 (thường lệ)', kind: 'regular', status: 'closed', venue, meetingPointIds, startsAt: past.startsAt, endsAt: new Date(past.endsAt.getTime() + DAY) },
  ];
  const items: SeedDoc[] = [];
  const keys = new Map<string, Types.ObjectId>();
  flatten(upcomingId, upcomingAgenda(chair), null, items, keys);
  flatten(pastId, pastAgenda(chair), null, items, keys);
  // The upcoming session's sittings: a public opening sitting with every meeting point, and
  // a closed one (họp kín) held in the hall only.
  const sittings: SeedDoc[] = [
    { _id: new Types.ObjectId(), sessionId: upcomingId, councilId, title: 'Phiên khai mạc và thảo luận', status: 'published', closedDoors: false, meetingPointIds },
    { _id: new Types.ObjectId(), sessionId: upcomingId, councilId, title: 'Phiên họp kín về công tác cán bộ', status: 'published', closedDoors: true, meetingPointIds: [org.province.hallId] },
  ];
  // Draft polls the chair can open once a quorum has checked in: the two resolutions, by name.
  const committee = ['Trần Văn Kiểm', 'Lê Thị Phiếu', 'Nguyễn Văn Số'];
  const polls: SeedDoc[] = [['vote-policy', `Nghị quyết quy định ${POLICY}`], ['vote-investment', `Nghị quyết ${INVESTMENT}`]].map(([key, title]) => ({
    _id: new Types.ObjectId(), sittingId: sittings[0]!._id, councilId, agendaItemId: keys.get(key!) ?? null, title, kind: 'resolution', secret: false,
    options: [], maxChoices: 1, threshold: { kind: 'more_than_half' }, status: 'draft', round: 1, countingCommittee: committee, createCommandId: `seed-${key}`,
  }));
  await ledger.insert(models.CouncilSession, sessions);
  await ledger.insert(models.AgendaItem, items);
  await ledger.insert(models.Sitting, sittings);
  await ledger.insert(models.Poll, polls);
  // Each poll's receipt key (poll/receipt.ts), keyed by the poll's id as a string.
  const pollKeys = polls.map((p) => ({ _id: String(p._id), key: randomBytes(32).toString('hex') }));
  ledger.onRollback(() => models.PollKey.deleteMany({ _id: { $in: pollKeys.map((k) => k._id) } }));
  await models.PollKey.insertMany(pollKeys);
  return { upcomingId, pastId, items: keys };
}
