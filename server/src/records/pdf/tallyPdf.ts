import { PDFDocument, rgb } from 'pdf-lib';
import type { PollRecord } from '../../../../contract/records.js';
import { embedFonts } from '../../platform/pdf/fonts.js';
import { MUTED, ReportWriter, type PlacedLine } from '../../platform/pdf/writer.js';
import { atTime } from '../format.js';
import { CONSEQUENCE_LABEL, KIND_LABEL, OUTCOME_LABEL } from '../minutes/pollRecord.js';

const HEADING = rgb(0.55, 0.08, 0.08);
const PASSED = rgb(0.08, 0.42, 0.18);
const FAILED = rgb(0.6, 0.1, 0.1);

export interface TallyPdfInput {
  councilName: string;
  sessionTitle: string;
  sittingTitle: string;
  poll: PollRecord;
  countingCommittee: string[];
  generatedAt: Date;
}

const orNot = (n: number | null) => (n === null ? 'không ghi nhận' : String(n));
const outcomeColor = (o: string | undefined) => (o === 'PASSED' ? PASSED : o === 'FAILED' ? FAILED : undefined);

function figures(w: ReportWriter, p: PollRecord): void {
  const valid = p.invalid === null ? p.ballots : p.ballots - p.invalid;
  w.labelled('Tổng số đại biểu được bầu (N):', String(p.electedTotal));
  w.labelled('Ngưỡng thông qua:', `${p.threshold}${p.requiredYes !== null ? ` — cần ít nhất ${p.requiredYes} phiếu` : ''}`);
  w.labelled('Số phiếu phát ra:', orNot(p.issued));
  w.labelled('Số phiếu thu về:', String(p.ballots));
  w.labelled('Số phiếu hợp lệ:', String(valid));
  w.labelled('Số phiếu không hợp lệ:', orNot(p.invalid));
  w.labelled('Số đại biểu không bỏ phiếu:', String(p.didNotVote));
}

function results(w: ReportWriter, p: PollRecord): void {
  w.space(8);
  w.text('KẾT QUẢ KIỂM PHIẾU', { bold: true, size: 11.5, color: HEADING });
  if (p.confidence) {
    for (const c of p.confidence) {
      w.keep(50);
      w.text(c.label, { bold: true, indent: 10 });
      w.text(`Tín nhiệm cao: ${c.high} · Tín nhiệm: ${c.medium} · Tín nhiệm thấp: ${c.low} (${c.lowShareOfN} N)`, { indent: 22, size: 10 });
      w.labelled('Hệ quả:', CONSEQUENCE_LABEL[c.consequence] ?? c.consequence, { indent: 22, size: 10, labelColor: c.consequence === 'none' ? undefined : FAILED });
    }
    return;
  }
  for (const c of p.counts) {
    const share = `${c.count}/${p.electedTotal} N`;
    w.labelled(`${c.label}:`, `${c.count} phiếu (${share})${c.outcome ? ` — ${OUTCOME_LABEL[c.outcome] ?? c.outcome}` : ''}`, { indent: 10, labelColor: outcomeColor(c.outcome) });
  }
  if (p.outcome) {
    w.space(6);
    w.text(`KẾT QUẢ: ${OUTCOME_LABEL[p.outcome] ?? p.outcome} (${p.outcome})`, { bold: true, size: 12, color: outcomeColor(p.outcome) });
  }
}

function committee(w: ReportWriter, names: string[]): void {
  w.keep(60 + names.length * 40);
  w.space(12);
  w.text('BAN KIỂM PHIẾU', { bold: true, size: 11.5, color: HEADING });
  if (names.length === 0) {
    w.text('Chưa ghi tên thành viên Ban kiểm phiếu.', { size: 10, color: MUTED });
    return;
  }
  names.forEach((name, i) => {
    w.text(`${i + 1}. ${name}${i === 0 ? ' (Trưởng ban)' : ''}`, { indent: 10 });
    w.text('Ký, ghi rõ họ tên: ..................................................', { indent: 22, size: 9.5, color: MUTED });
    w.space(6);
  });
}

/**
 * The tally record (biên bản kiểm phiếu) of one closed poll round: what was voted on and
 * how, N and the threshold, ballots issued / returned / valid / invalid / not cast, the count
 * of every option with PASSED or FAILED (per candidate for elections, per person for
 * confidence polls), the counting committee with room to sign, and the tally's hash.
 */
export async function buildTallyPdf(input: TallyPdfInput, beforeSave?: (pdf: PDFDocument, sealRoom: PlacedLine) => void | Promise<void>): Promise<Uint8Array> {
  const p = input.poll;
  const pdf = await PDFDocument.create();
  const title = `Biên bản kiểm phiếu — ${p.title}${p.round > 1 ? ` (vòng ${p.round})` : ''}`;
  pdf.setTitle(title, { showInWindowTitleBar: true });
  pdf.setLanguage('vi-VN');
  pdf.setCreator('HĐND số');
  pdf.setProducer('HĐND số (pdf-lib)');
  const w = new ReportWriter(pdf, await embedFonts(pdf));
  w.runningHead = `${title} (tiếp theo)`;
  w.text(input.councilName.toLocaleUpperCase('vi'), { bold: true, size: 11, align: 'center' });
  w.space(10);
  w.text('BIÊN BẢN KIỂM PHIẾU', { bold: true, size: 15, align: 'center', color: HEADING });
  w.text(p.title, { bold: true, size: 12.5, align: 'center' });
  w.text(`${input.sessionTitle} · ${input.sittingTitle}`, { size: 10, align: 'center', color: MUTED });
  w.space(10);
  w.labelled('Hình thức:', `${KIND_LABEL[p.kind] ?? p.kind}, ${p.secret ? 'bỏ phiếu kín' : 'biểu quyết công khai (ghi danh)'}; vòng ${p.round}`);
  if (p.closedAt) w.labelled('Kết thúc bỏ phiếu:', `${atTime(p.closedAt)} (giờ Việt Nam)`);
  figures(w, p);
  results(w, p);
  committee(w, input.countingCommittee);
  w.rule();
  w.labelled('Mã băm kết quả (SHA-256):', p.hash, { size: 9 });
  w.text(`Lập lúc ${atTime(input.generatedAt)} (giờ Việt Nam) từ kết quả kiểm phiếu đã lưu; mã băm nằm trong nhật ký kiểm tra của phiên họp.`, { size: 8.5, color: MUTED });
  // Room for the council's seal, at the foot on the right.
  const sealRoom = w.room(110);
  w.finish(title);
  await beforeSave?.(pdf, sealRoom);
  return pdf.save({ useObjectStreams: false });
}
