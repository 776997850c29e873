import { PDFDocument } from 'pdf-lib';
import type { ReportWriter } from '../platform/pdf/writer.js';
import { drawHeading, drawRecipients, drawSignatures, drawTitle, numberAndSymbol, officialWriter, type Signatory, type SignatureRoom } from '../platform/pdf/official.js';
import { KIND_LABEL, unitInSentence, type NoticeFacts, type SittingFact } from './facts.js';
import { clock, dateSpan, dayAndDate } from './format.js';

/** The stored convening, as the papers need it. */
export interface ConveningPaper {
  number: string;
  place: string;
  issuedAt: Date;
  signerTitle: string;
  signerName: string;
  facts: NoticeFacts;
}

/** The invitee of one invitation. */
export interface Addressee {
  displayName: string;
  role: 'chair' | 'delegate' | 'observer';
}

/** Number and symbol: TB for the notice (thông báo), GM for invitations (giấy mời). */
export const NOTICE_SYMBOL = 'TB-HĐND';
export const INVITATION_SYMBOL = 'GM-HĐND';
/** "15/TB-HĐND" (numbers under 10 with a leading zero, as the decree writes them). */
export const noticeNumber = (n: string) => numberAndSymbol(Number(n), NOTICE_SYMBOL).replace(/^Số: /, '');
export const invitationNumber = (n: string) => numberAndSymbol(Number(n), INVITATION_SYMBOL).replace(/^Số: /, '');

const ROLE_LABEL: Record<Addressee['role'], string> = {
  chair: 'Chủ tọa kỳ họp, đại biểu Hội đồng nhân dân',
  delegate: 'Đại biểu Hội đồng nhân dân',
  observer: 'Khách mời',
};

/** "Kỳ họp thứ 9 (kỳ họp thường lệ), Hội đồng nhân dân tỉnh Ninh Bình khóa 2021-2026" */
function sessionPhrase(f: NoticeFacts): string {
  const term = f.term ? ` khóa ${f.term}` : '';
  const title = f.session.title && f.session.title !== f.session.name ? ` "${f.session.title}"` : '';
  return `${f.session.name}${title} (kỳ họp ${KIND_LABEL[f.session.kind]}), Hội đồng nhân dân ${unitInSentence(f.unitName)}${term}`;
}

function sittingLine(s: SittingFact, i: number): string {
  const day = s.day ? new Date(`${s.day}T${s.time ?? '12:00'}:00+07:00`) : null;
  const when = day ? `${s.time ? `${clock(day)}, ` : ''}${dayAndDate(day)}` : 'thời gian theo lịch của kỳ họp';
  const where = s.place ? `; địa điểm: ${s.place}` : '';
  return `${i + 1}. ${s.title}: ${when}${where}${s.closedDoors ? ' (họp kín)' : ''}.`;
}

/** The body common to both papers: time, place, sittings, agenda. */
function sessionBody(w: ReportWriter, f: NoticeFacts, link: string | null): void {
  const start = new Date(f.session.startsAt);
  w.labelled('1. Thời gian:', `Khai mạc lúc ${clock(start)}, ${dayAndDate(start)}; kỳ họp diễn ra ${dateSpan(start, new Date(f.session.endsAt))}.`, { indent: 28 });
  w.labelled('2. Địa điểm:', f.session.venue || 'Hội trường Hội đồng nhân dân (thông báo sau).', { indent: 28 });
  let n = 3;
  if (f.sittings.length > 0) {
    w.labelled(`${n++}. Các phiên họp:`, '', { indent: 28 });
    f.sittings.forEach((s, i) => w.text(sittingLine(s, i), { indent: 42, size: 12 }));
  }
  w.labelled(`${n}. Nội dung kỳ họp:`, f.agenda.length === 0 ? 'theo chương trình kỳ họp (gửi kèm sau).' : '', { indent: 28 });
  f.agenda.forEach((item, i) => {
    w.text(`${i + 1}. ${item.title}${item.presenter ? ` (trình bày: ${item.presenter})` : ''}.`, { indent: 42, size: 12 });
    for (const c of item.children) w.text(`- ${c}.`, { indent: 56, size: 12 });
  });
  w.space(4);
  w.text(link
    ? `Tài liệu kỳ họp được đăng tải trên hệ thống HĐND số (${link}); đại biểu đăng nhập bằng tài khoản được cấp để nghiên cứu trước kỳ họp.`
    : 'Tài liệu kỳ họp được đăng tải trên hệ thống HĐND số; đại biểu đăng nhập bằng tài khoản được cấp để nghiên cứu trước kỳ họp.', PARA);
}

async function start(title: string): Promise<{ pdf: PDFDocument; w: ReportWriter }> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title, { showInWindowTitleBar: true });
  pdf.setLanguage('vi-VN');
  pdf.setCreator('HĐND số');
  pdf.setProducer('HĐND số (pdf-lib)');
  return { pdf, w: await officialWriter(pdf) };
}

/** "TM. THƯỜNG TRỰC HĐND\nCHỦ TỊCH": the last line is the position, any line before it whom the signer acts for. */
function signer(c: ConveningPaper, sealed: boolean): Signatory {
  const lines = c.signerTitle.split('\n').map((l) => l.trim()).filter(Boolean);
  const position = lines.pop() ?? '';
  return { ...(lines.length ? { onBehalf: lines.join(' ') } : {}), position, mark: sealed ? { kind: 'digital' } : { kind: 'handwritten' }, name: c.signerName };
}

/** Puts the council's seal over the signer's block (sealOnce.ts gives it); absent, the paper is left to sign by hand. */
export type SealPaper = (pdf: PDFDocument, room: SignatureRoom) => Promise<void>;

/** The signer's block, sealed or not, then "Nơi nhận" and the end of the paper. */
async function close(pdf: PDFDocument, w: ReportWriter, c: ConveningPaper, recipients: string[], seal?: SealPaper): Promise<Uint8Array> {
  const { right } = drawSignatures(w, null, signer(c, Boolean(seal)));
  drawRecipients(w, recipients);
  w.finish('');
  await seal?.(pdf, right!);
  return pdf.save({ useObjectStreams: false });
}

/** The heading, with the place and date of issue and this paper's number and symbol. */
function heading(w: ReportWriter, c: ConveningPaper, symbol: string): void {
  drawHeading(w, { issuer: ['Hội đồng nhân dân', unitInSentence(c.facts.unitName)], number: Number(c.number), symbol, place: c.place, date: c.issuedAt });
}

const PARA = { align: 'justify', firstIndent: 28 } as const;

/** The convening notice (thông báo triệu tập) of the session. */
export async function buildNoticePdf(c: ConveningPaper, link: string | null, seal?: SealPaper): Promise<Uint8Array> {
  const f = c.facts;
  const unit = unitInSentence(f.unitName);
  const { pdf, w } = await start(`Thông báo triệu tập ${f.session.name}`);
  pdf.setCreationDate(c.issuedAt);
  heading(w, c, NOTICE_SYMBOL);
  drawTitle(w, 'Thông báo', [`Triệu tập ${f.session.name}, Hội đồng nhân dân ${unit}${f.term ? ` khóa ${f.term}` : ''}`]);
  w.text(`Căn cứ Luật Tổ chức chính quyền địa phương và Quy chế làm việc của Hội đồng nhân dân, Thường trực Hội đồng nhân dân ${unit} thông báo triệu tập ${sessionPhrase(f)} như sau:`, PARA);
  sessionBody(w, f, link);
  w.text('Đề nghị các đại biểu Hội đồng nhân dân bố trí thời gian tham dự đầy đủ kỳ họp./.', PARA);
  return close(pdf, w, c, ['Như trên', `Đại biểu HĐND ${unit}`, 'Các đại biểu khách mời', 'Lưu: VT, VP'], seal);
}

/** One invitee's invitation (giấy mời) to the session. */
export async function buildInvitationPdf(c: ConveningPaper, to: Addressee, link: string | null, seal?: SealPaper): Promise<Uint8Array> {
  const f = c.facts;
  const { pdf, w } = await start(`Giấy mời ${f.session.name} — ${to.displayName}`);
  pdf.setCreationDate(c.issuedAt);
  heading(w, c, INVITATION_SYMBOL);
  drawTitle(w, 'Giấy mời', [`Dự ${f.session.name}`]);
  w.text(`Kính gửi: Ông/Bà ${to.displayName}`, { bold: true, align: 'center' });
  w.text(ROLE_LABEL[to.role], { align: 'center' });
  w.space(8);
  w.text(`Thường trực Hội đồng nhân dân ${unitInSentence(f.unitName)} trân trọng kính mời Ông/Bà tham dự ${sessionPhrase(f)}.`, PARA);
  sessionBody(w, f, link);
  w.text('Rất mong Ông/Bà tham dự đúng thời gian./.', PARA);
  return close(pdf, w, c, ['Như trên', 'Lưu: VT, VP'], seal);
}
