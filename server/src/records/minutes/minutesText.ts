import type { MinutesData, PollRecord } from '../../../../contract/records.js';
import { atTime, ddmmyyyy, duration, grouped, hhmm } from '../format.js';
import { CONSEQUENCE_LABEL, KIND_LABEL, OUTCOME_LABEL } from './pollRecord.js';

/**
 * The generated text of the minutes: plain text the secretariat edits, in a small subset of
 * Markdown that the PDF and the records page both render — `## ` numbered sections, `### `
 * sub-sections, `- ` items, `  ` continued lines of an item, `**bold**`; anything else is a
 * paragraph. The heading of the document (issuing body, Quốc hiệu, number, place and date,
 * title) and the signature blocks are not in the text: the PDF draws them (pdf/minutesPdf.ts).
 * Sections are numbered I, II, III… in order, leaving out those with nothing to say, so the
 * numbering has no gaps (Decree 30/2020/NĐ-CP's minutes template).
 */

const ATTENDANCE: Record<string, string> = {
  hall: 'có mặt tại hội trường', online: 'tham dự trực tuyến', absent_excused: 'vắng mặt có lý do', absent: 'vắng mặt', not_recorded: 'vắng mặt (không điểm danh)',
};
const QUESTION_STATUS: Record<string, string> = {
  asked: 'đang trả lời', answered_orally: 'đã trả lời tại phiên họp', awaiting_written_answer: 'chưa được trả lời tại phiên họp, sẽ trả lời bằng văn bản', answered_in_writing: 'đã trả lời bằng văn bản',
};

const span = (from: string, to: string | null, seconds: number | null) => (to ? `từ ${hhmm(from)} đến ${hhmm(to)} (${duration(seconds)})` : `từ ${hhmm(from)}`);

/** A section: its title and lines, or null when it has nothing to say (then it takes no number). */
type Section = { title: string; lines: string[] } | null;

function timeAndPlace(d: MinutesData): Section {
  const when = [d.openedAt ? `khai mạc lúc ${atTime(d.openedAt)}` : 'chưa khai mạc', d.closedAt ? `bế mạc lúc ${atTime(d.closedAt)}` : 'chưa bế mạc'].join(', ');
  return {
    title: 'Thời gian, địa điểm',
    lines: [
      `Phiên họp: ${d.sitting.title}${d.sitting.closedDoors ? ' (họp kín)' : ''}, ${d.session.title}.`,
      `Thời gian: ${when} (giờ Việt Nam).`,
      `Địa điểm: ${d.session.venue || '…'}.`,
    ],
  };
}

function attendance(d: MinutesData): Section {
  const n = (s: string) => d.attendance.filter((a) => a.status === s).length;
  const absent = n('absent') + n('not_recorded');
  const q = d.quorum;
  return {
    title: 'Thành phần tham dự',
    lines: [
      `Tổng số đại biểu được bầu (N): ${q.electedTotal}. Có mặt: ${n('hall') + n('online')} (tại hội trường ${n('hall')}, trực tuyến ${n('online')}); vắng mặt có lý do: ${n('absent_excused')}; vắng mặt: ${absent}.`,
      `Số đại biểu tối thiểu để tiến hành phiên họp: ${q.required}; số được tính: ${q.present} — **${q.met ? 'ĐỦ' : 'KHÔNG ĐỦ'}** số đại biểu theo quy định.`,
      ...d.attendance.map((a) => `- ${a.name} — ${ATTENDANCE[a.status] ?? a.status}${a.meetingPoint ? ` (${a.meetingPoint})` : ''}${a.reason ? ` (lý do: ${a.reason})` : ''}`),
    ],
  };
}

function officials(d: MinutesData): Section {
  return { title: 'Chủ tọa, thư ký', lines: [`- Chủ tọa: ${d.officials?.chair ?? '…'}`, `- Thư ký: ${d.officials?.secretary ?? '…'}`] };
}

function turn(s: MinutesData['speeches'][number]): string {
  const what = s.kind === 'question' ? `chất vấn ${s.official ?? ''}`.trim() : s.kind === 'debate' ? 'tranh luận' : 'phát biểu';
  return `- ${s.name} ${what} — ${span(s.startedAt, s.endedAt, s.durationSeconds)}`;
}

const pollResult = (p: PollRecord) => `- Biểu quyết: ${p.title}${p.round > 1 ? ` (vòng ${p.round})` : ''} — ${p.outcome ? (OUTCOME_LABEL[p.outcome] ?? p.outcome) : 'xem kết quả'} (chi tiết tại mục kết quả biểu quyết)`;

/** What happened under each agenda item, in the order the chair took them up. */
function content(d: MinutesData): Section {
  if (d.agenda.length === 0 && d.speeches.length === 0) return { title: 'Nội dung phiên họp', lines: ['Không có nội dung chương trình nào được chuyển sang trong phiên họp.'] };
  const held = new Set(d.agenda.map((a) => a.itemId));
  const seen = new Set<string>();
  const lines = d.agenda.flatMap((a, i) => {
    // An item taken up twice lists its turns and votes once, under its first span.
    const first = !seen.has(a.itemId);
    seen.add(a.itemId);
    return [
      `### ${i + 1}. ${a.title}`,
      `Thời gian: ${span(a.startedAt, a.endedAt, a.durationSeconds)}.`,
      ...(first ? d.speeches.filter((s) => s.agendaItemId === a.itemId).map(turn) : []),
      ...(first ? d.polls.filter((p) => p.agendaItemId === a.itemId).map(pollResult) : []),
    ];
  });
  const outside = d.speeches.filter((s) => !s.agendaItemId || !held.has(s.agendaItemId));
  if (outside.length) lines.push(`### ${d.agenda.length + 1}. Ngoài các nội dung chương trình`, ...outside.map(turn));
  return { title: 'Nội dung phiên họp', lines };
}

function questions(d: MinutesData): Section {
  if (d.questions.length === 0) return null;
  return { title: 'Chất vấn, trả lời và cam kết', lines: d.questions.flatMap((q) => [
    `- ${q.askedByName} chất vấn ${q.official} — ${QUESTION_STATUS[q.status] ?? q.status}${q.durationSeconds !== null ? ` (${duration(q.durationSeconds)})` : ''}.`,
    ...(q.answer ? [`  Trả lời${q.answer.mode === 'written' ? ' bằng văn bản' : ''}: ${q.answer.text}`] : []),
    ...q.commitments.map((c) => `  Cam kết: ${c.text}${c.dueDate ? ` (hạn ${ddmmyyyy(c.dueDate)})` : ''}`),
  ]) };
}

export function pollLines(p: PollRecord, n: number): string[] {
  const need = p.requiredYes !== null ? ` (cần ít nhất ${p.requiredYes} phiếu)` : '';
  const issued = p.issued !== null ? `Phiếu phát ra: ${p.issued}; ` : '';
  const invalid = p.invalid !== null ? `; không hợp lệ: ${p.invalid}` : '';
  const lines = [
    `### ${n}. ${p.title}${p.round > 1 ? ` (vòng ${p.round})` : ''}`,
    `${KIND_LABEL[p.kind] ?? p.kind}, ${p.secret ? 'bỏ phiếu kín' : 'biểu quyết công khai'}${p.closedAt ? `, kết thúc lúc ${hhmm(p.closedAt)}` : ''}. N = ${p.electedTotal}; ngưỡng: ${p.threshold}${need}.`,
    `${issued}thu về: ${p.ballots}${invalid}; đại biểu không bỏ phiếu: ${p.didNotVote}.`,
  ];
  if (p.confidence) {
    lines.push(...p.confidence.map((c) => `- ${c.label}: tín nhiệm cao ${c.high}, tín nhiệm ${c.medium}, tín nhiệm thấp ${c.low} (${c.lowShareOfN} N) — ${CONSEQUENCE_LABEL[c.consequence] ?? c.consequence}`));
  } else {
    lines.push(...p.counts.map((c) => `- ${c.label}: ${c.count}${c.outcome ? ` — ${OUTCOME_LABEL[c.outcome] ?? c.outcome}` : ''}`));
  }
  if (p.outcome) lines.push(`Kết quả: ${OUTCOME_LABEL[p.outcome] ?? p.outcome}.`);
  if (p.named) lines.push('Danh sách biểu quyết công khai:', ...p.named.map((v) => `- ${v.name}: ${v.choices.join(', ') || '(không chọn)'}`));
  lines.push(`Mã băm kết quả kiểm phiếu (SHA-256): ${p.hash}`);
  return lines;
}

function polls(d: MinutesData): Section {
  if (d.polls.length === 0) return { title: 'Kết quả biểu quyết', lines: ['Không có cuộc biểu quyết nào trong phiên họp.'] };
  return { title: 'Kết quả biểu quyết', lines: d.polls.flatMap((p, i) => pollLines(p, i + 1)) };
}

function documents(d: MinutesData): Section {
  if (d.documents.length === 0) return null;
  return { title: 'Tài liệu đã trình bày', lines: d.documents.flatMap((doc) => [
    `- ${doc.title} (phiên bản ${doc.version}) — tệp ${doc.fileName}, ${grouped(doc.bytes)} byte`,
    `  SHA-256: ${doc.sha256}`,
  ]) };
}

function closing(d: MinutesData): Section {
  return {
    title: 'Kết thúc phiên họp',
    lines: [
      d.closedAt ? `Phiên họp bế mạc lúc ${atTime(d.closedAt)}.` : 'Phiên họp chưa bế mạc.',
      `Chuỗi nhật ký ${d.audit.chain}: ${d.audit.entries} mục, ${d.audit.intact ? 'toàn vẹn' : 'PHÁT HIỆN SAI LỆCH'}${d.audit.head ? `; mã băm cuối: ${d.audit.head}` : ''}.`,
      `Dự thảo được tạo tự động lúc ${atTime(d.generatedAt)} từ dữ liệu phiên họp; thư ký kiểm tra, chỉnh sửa trước khi ký.`,
    ],
  };
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** The whole generated text: the sections that have something to say, numbered I, II, III… without gaps. */
export function minutesText(d: MinutesData): string {
  return [timeAndPlace(d), attendance(d), officials(d), content(d), polls(d), questions(d), documents(d), closing(d)]
    .filter((s) => s !== null)
    .map((s, i) => [`## ${ROMAN[i] ?? i + 1}. ${s.title}`, ...s.lines].join('\n')).join('\n\n');
}
