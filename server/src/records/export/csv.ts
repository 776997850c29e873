import type { MinutesData, PollRecord } from '../../../../contract/records.js';
import { atTime } from '../format.js';
import { CONSEQUENCE_LABEL, KIND_LABEL, OUTCOME_LABEL } from '../minutes/pollRecord.js';

/**
 * CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel shows Vietnamese letters),
 * CRLF line ends, every field quoted when it holds a comma, quote, line break, or starts
 * with a formula character (=, +, -, @), which is prefixed with ' so no cell runs as a formula.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): Buffer {
  const cell = (v: string | number | null) => {
    let s = v === null ? '' : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

const STATUS: Record<string, string> = {
  hall: 'Có mặt tại hội trường', online: 'Tham dự trực tuyến', absent_excused: 'Vắng có lý do', absent: 'Vắng', not_recorded: 'Vắng (không điểm danh)',
};

/** Điểm danh: one row per delegate of the council. */
export function attendanceCsv(d: MinutesData): Buffer {
  return toCsv([
    ['STT', 'Họ và tên', 'Tình trạng', 'Điểm cầu', 'Lý do', 'Thời điểm điểm danh'],
    ...d.attendance.map((a, i) => [i + 1, a.name, STATUS[a.status] ?? a.status, a.meetingPoint ?? '', a.reason ?? '', a.at ? atTime(a.at) : '']),
  ]);
}

function pollRows(p: PollRecord): Array<Array<string | number | null>> {
  const head = [p.title, p.round, KIND_LABEL[p.kind] ?? p.kind, p.secret ? 'Bỏ phiếu kín' : 'Công khai', p.electedTotal, p.threshold, p.requiredYes, p.issued, p.ballots, p.invalid, p.didNotVote];
  const tail = [p.outcome ? (OUTCOME_LABEL[p.outcome] ?? p.outcome) : '', p.hash];
  if (p.confidence) {
    return p.confidence.flatMap((c) => ([['Tín nhiệm cao', c.high], ['Tín nhiệm', c.medium], ['Tín nhiệm thấp', c.low]] as const)
      .map(([level, n]) => [...head, `${c.label} — ${level}`, n, `${n}/${p.electedTotal}`, level === 'Tín nhiệm thấp' ? (CONSEQUENCE_LABEL[c.consequence] ?? c.consequence) : '', ...tail]));
  }
  return p.counts.map((c) => [...head, c.label, c.count, `${c.count}/${p.electedTotal}`, c.outcome ? (OUTCOME_LABEL[c.outcome] ?? c.outcome) : '', ...tail]);
}

/** Kết quả biểu quyết: one row per option (per person and level for confidence polls) of every closed round. */
export function pollResultsCsv(d: MinutesData): Buffer {
  return toCsv([
    ['Nội dung biểu quyết', 'Vòng', 'Loại', 'Hình thức', 'Tổng số đại biểu (N)', 'Ngưỡng', 'Số phiếu cần', 'Phiếu phát ra', 'Phiếu thu về', 'Phiếu không hợp lệ', 'Đại biểu không bỏ phiếu',
      'Lựa chọn', 'Số phiếu', 'Tỷ lệ trên N', 'Kết quả lựa chọn', 'Kết quả chung', 'Mã băm kết quả (SHA-256)'],
    ...d.polls.flatMap(pollRows),
  ]);
}
