import type { MinutesData, PollRecord } from '../../../../contract/records.js';
import { atTime, ddmmyyyy, duration, grouped, hhmm } from '../format.js';
import { CONSEQUENCE_LABEL, KIND_LABEL, OUTCOME_LABEL } from './pollRecord.js';

/**
 * The generated text of the minutes: plain text the secretariat edits, with a light markup
 * the PDF renderer reads — `# ` title lines, `## ` sections, `### ` sub-sections, `- ` items,
 * `  ` continued lines of an item; anything else is a paragraph.
 */

const ATTENDANCE: Record<string, string> = {
  hall: 'có mặt tại hội trường', online: 'tham dự trực tuyến', absent_excused: 'vắng mặt có lý do', absent: 'vắng mặt', not_recorded: 'vắng mặt (không điểm danh)',
};
const QUESTION_STATUS: Record<string, string> = {
  asked: 'đang trả lời', answered_orally: 'đã trả lời tại phiên họp', awaiting_written_answer: 'chưa được trả lời tại phiên họp, sẽ trả lời bằng văn bản', answered_in_writing: 'đã trả lời bằng văn bản',
};

const span = (from: string, to: string | null, seconds: number | null) => (to ? `từ ${hhmm(from)} đến ${hhmm(to)} (${duration(seconds)})` : `từ ${hhmm(from)}`);

function header(d: MinutesData): string[] {
  const when = [d.openedAt ? `khai mạc lúc ${atTime(d.openedAt)}` : 'chưa khai mạc', d.closedAt ? `bế mạc lúc ${atTime(d.closedAt)}` : 'chưa bế mạc'].join(', ');
  return [
    `# ${d.council.name.toLocaleUpperCase('vi')}`,
    '# BIÊN BẢN PHIÊN HỌP',
    `Kỳ họp: ${d.session.title}`,
    `Phiên họp: ${d.sitting.title}${d.sitting.closedDoors ? ' (họp kín)' : ''}`,
    ...(d.session.venue ? [`Địa điểm: ${d.session.venue}`] : []),
    `Thời gian: ${when} (giờ Việt Nam).`,
  ];
}

function attendance(d: MinutesData): string[] {
  const n = (s: string) => d.attendance.filter((a) => a.status === s).length;
  const absent = n('absent') + n('not_recorded');
  const q = d.quorum;
  return [
    '## I. Thành phần tham dự',
    `Tổng số đại biểu được bầu (N): ${q.electedTotal}. Có mặt: ${n('hall') + n('online')} (tại hội trường ${n('hall')}, trực tuyến ${n('online')}); vắng mặt có lý do: ${n('absent_excused')}; vắng mặt: ${absent}.`,
    `Số đại biểu tối thiểu để tiến hành phiên họp: ${q.required}; số được tính: ${q.present} — ${q.met ? 'ĐỦ' : 'KHÔNG ĐỦ'} số đại biểu theo quy định.`,
    ...d.attendance.map((a) => `- ${a.name} — ${ATTENDANCE[a.status] ?? a.status}${a.meetingPoint ? ` (${a.meetingPoint})` : ''}${a.reason ? ` (lý do: ${a.reason})` : ''}`),
  ];
}

function agenda(d: MinutesData): string[] {
  if (d.agenda.length === 0) return ['## II. Chương trình đã thực hiện', 'Không có nội dung chương trình nào được chuyển sang trong phiên họp.'];
  return ['## II. Chương trình đã thực hiện', ...d.agenda.map((a, i) => `${i + 1}. ${a.title} — ${span(a.startedAt, a.endedAt, a.durationSeconds)}`)];
}

function speeches(d: MinutesData): string[] {
  if (d.speeches.length === 0) return ['## III. Phát biểu và chất vấn', 'Không có lượt phát biểu nào.'];
  return ['## III. Phát biểu và chất vấn', ...d.speeches.map((s) => {
    const what = s.kind === 'question' ? `chất vấn ${s.official ?? ''}`.trim() : s.kind === 'debate' ? 'tranh luận' : 'phát biểu';
    return `- ${s.name} ${what}${s.agendaTitle ? ` (nội dung: ${s.agendaTitle})` : ''} — ${span(s.startedAt, s.endedAt, s.durationSeconds)}`;
  })];
}

function questions(d: MinutesData): string[] {
  if (d.questions.length === 0) return [];
  return ['## IV. Chất vấn, trả lời và cam kết', ...d.questions.flatMap((q) => [
    `- ${q.askedByName} chất vấn ${q.official} — ${QUESTION_STATUS[q.status] ?? q.status}${q.durationSeconds !== null ? ` (${duration(q.durationSeconds)})` : ''}.`,
    ...(q.answer ? [`  Trả lời${q.answer.mode === 'written' ? ' bằng văn bản' : ''}: ${q.answer.text}`] : []),
    ...q.commitments.map((c) => `  Cam kết: ${c.text}${c.dueDate ? ` (hạn ${ddmmyyyy(c.dueDate)})` : ''}`),
  ])];
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

function polls(d: MinutesData): string[] {
  if (d.polls.length === 0) return ['## V. Kết quả biểu quyết', 'Không có cuộc biểu quyết nào trong phiên họp.'];
  return ['## V. Kết quả biểu quyết', ...d.polls.flatMap((p, i) => pollLines(p, i + 1))];
}

function documents(d: MinutesData): string[] {
  if (d.documents.length === 0) return ['## VI. Tài liệu đã trình bày', 'Không có tài liệu.'];
  return ['## VI. Tài liệu đã trình bày', ...d.documents.flatMap((doc) => [
    `- ${doc.title} (phiên bản ${doc.version}) — tệp ${doc.fileName}, ${grouped(doc.bytes)} byte`,
    `  SHA-256: ${doc.sha256}`,
  ])];
}

function audit(d: MinutesData): string[] {
  return [
    '## VII. Nhật ký kiểm tra',
    `Chuỗi nhật ký ${d.audit.chain}: ${d.audit.entries} mục, ${d.audit.intact ? 'toàn vẹn' : 'PHÁT HIỆN SAI LỆCH'}${d.audit.head ? `; mã băm cuối: ${d.audit.head}` : ''}.`,
    `Dự thảo được tạo tự động lúc ${atTime(d.generatedAt)} từ dữ liệu phiên họp; thư ký kiểm tra, chỉnh sửa trước khi ký.`,
  ];
}

/** The whole generated text, sections separated by blank lines. */
export function minutesText(d: MinutesData): string {
  return [header(d), attendance(d), agenda(d), speeches(d), questions(d), polls(d), documents(d), audit(d)]
    .filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n');
}
