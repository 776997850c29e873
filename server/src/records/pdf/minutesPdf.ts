import { PDFDocument, rgb } from 'pdf-lib';
import { MUTED, type ReportWriter } from '../../platform/pdf/writer.js';
import { drawHeading, drawRecipients, drawSignatures, drawTitle, numberAndSymbol, officialWriter, type Signatory, type SignatureRoom } from '../../platform/pdf/official.js';
import { atTime } from '../format.js';
import { markupBody } from './markupBody.js';
import type { MinutesHeading } from '../minutes/heading.js';

const DRAFT = rgb(0.75, 0.1, 0.1);
/** The symbol of a People's Council's minutes (Decree 30/2020/NĐ-CP, Phụ lục III: BB = biên bản). */
export const MINUTES_SYMBOL = 'BB-HĐND';

/** Where each signature block's room landed: a visible signature goes there. */
export interface SignatureRooms { secretary: SignatureRoom; chair: SignatureRoom }

export interface MinutesPdfInput {
  /** The minutes text in its Markdown subset (see minutes/minutesText.ts). */
  text: string;
  title: string;
  revision: number;
  generatedAt: Date;
  sittingId: string;
  heading: MinutesHeading;
  /** Null for a draft: the PDF then has no number and says DỰ THẢO on every page. */
  signed: { number: number; signerName: string; signerRole: string; councilName: string; signedAt: Date; fingerprint: string; pdfCertificate?: string } | null;
}

const ROLE: Record<string, string> = { secretariat: 'Văn phòng HĐND', chair: 'Chủ tọa' };

/** The two signature blocks: the secretary on the left, the chair on the right; whoever signed digitally carries the mark (its look is the signature field's, drawn in the block's room). */
function signatures(w: ReportWriter, input: MinutesPdfInput): SignatureRooms {
  const s = input.signed;
  const digital = s ? { kind: 'digital' as const } : null;
  const secretaryDigital = s?.signerRole === 'secretariat';
  const secretary: Signatory = { position: 'Thư ký', mark: digital && secretaryDigital ? digital : { kind: 'handwritten' }, name: (secretaryDigital ? s?.signerName : null) ?? input.heading.secretary ?? '' };
  const chairDigital = s?.signerRole === 'chair';
  const chair: Signatory = { position: 'Chủ tọa', mark: digital && chairDigital ? digital : { kind: 'handwritten' }, name: (chairDigital ? s?.signerName : null) ?? input.heading.chair ?? '' };
  const rooms = drawSignatures(w, secretary, chair);
  return { secretary: rooms.left!, chair: rooms.right! };
}

/** For a reader of the file: what the signature is and where to check it (Vietnamese, then English). */
function howToVerify(w: ReportWriter, input: MinutesPdfInput): void {
  const s = input.signed;
  w.space(14);
  w.keep(120);
  w.rule(MUTED);
  const small = { size: 10, align: 'justify' as const, color: MUTED };
  if (!s) {
    w.text('Bản dự thảo, chưa ký số: chưa có giá trị pháp lý. Draft, not signed: it has no legal effect.', { ...small, bold: true, color: DRAFT });
    return;
  }
  const page = `/bien-ban/${input.sittingId}`;
  w.text('Xác thực văn bản', { bold: true, size: 10.5, color: MUTED });
  w.text(`Văn bản này được ${ROLE[s.signerRole] ?? s.signerRole} (${s.signerName}) ký số thay mặt ${s.councilName} lúc ${atTime(s.signedAt)}. `
    + 'Chữ ký số nhúng trong tệp PDF (chứng thư số của hội đồng'
    + `${s.pdfCertificate ? `, dấu vân tay SHA-256 ${s.pdfCertificate}` : ''}) và tệp chữ ký .sig.json đi kèm (khóa Ed25519 của hội đồng, dấu vân tay SHA-256 ${s.fingerprint}) `
    + `đều bao trùm toàn bộ tệp: sửa một ký tự, chữ ký không còn hợp lệ. Để kiểm tra: đăng nhập hệ thống HĐND số, mở trang Biên bản của phiên họp (${page}), `
    + 'mục "Kiểm tra biên bản hoặc gói lưu trữ", chọn tệp PDF này (kèm tệp .sig.json nếu có) và bấm "Kiểm tra": hệ thống cho biết tệp còn nguyên vẹn, ai đã ký và khóa có phải khóa đã đăng ký của hội đồng không. '
    + 'Phần mềm đọc PDF cũng hiển thị chữ ký nhúng; nếu chứng thư do hội đồng tự cấp (bản cài đặt thử nghiệm), phần mềm báo người ký "chưa xác định" cho đến khi chứng thư đó được tin cậy trên máy.', small);
  w.space(4);
  w.text(`How to verify: this file was digitally signed for ${s.councilName} by ${s.signerName} at ${atTime(s.signedAt)} (Vietnam time). `
    + 'The signature embedded in the PDF (the council\'s certificate) and the accompanying .sig.json (the council\'s Ed25519 key, fingerprint above) cover the whole file. '
    + `To check it, sign in to HĐND số, open the sitting's minutes page (${page}), and under "Kiểm tra biên bản hoặc gói lưu trữ" choose this PDF (and its .sig.json) and press "Kiểm tra". `
    + 'A PDF reader also shows the embedded signature; with a self-signed certificate (a trial installation) it names the signer "unknown" until that certificate is trusted on the computer.', small);
}

/**
 * The minutes as an official document (Decree 30/2020/NĐ-CP) on A4 with Liberation Serif
 * embedded: the heading with the number (none on a draft), place and date; the title; the
 * numbered body; the secretary's and the chair's signature blocks; the recipients; and, for a
 * reader, how to verify the signature. A draft is marked DỰ THẢO at the top and on every page.
 * `beforeSave` may add to the finished document (the signing adds its signature field there, in the signer's room).
 */
export async function buildMinutesPdf(input: MinutesPdfInput, beforeSave?: (pdf: PDFDocument, rooms: SignatureRooms) => void | Promise<void>): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const number = input.signed ? numberAndSymbol(input.signed.number, MINUTES_SYMBOL) : '';
  const title = `Biên bản ${input.title}${number ? ` (${number})` : ''}`;
  pdf.setTitle(title, { showInWindowTitleBar: true });
  pdf.setLanguage('vi-VN');
  pdf.setCreator('HĐND số');
  pdf.setProducer('HĐND số (pdf-lib)');
  pdf.setCreationDate(input.signed?.signedAt ?? input.generatedAt);
  pdf.setModificationDate(input.signed?.signedAt ?? input.generatedAt);
  const w = await officialWriter(pdf);
  if (!input.signed) {
    w.text(`DỰ THẢO — bản số ${input.revision}, chưa ký`, { bold: true, size: 11, align: 'center', color: DRAFT });
    w.space(4);
  }
  const h = input.heading;
  drawHeading(w, { issuer: h.issuer, number: input.signed?.number ?? null, symbol: MINUTES_SYMBOL, place: h.place, date: h.date });
  drawTitle(w, 'Biên bản', h.subject);
  markupBody(w, input.text);
  const rooms = signatures(w, input);
  drawRecipients(w, ['Thường trực HĐND', 'Các đại biểu HĐND', 'Lưu: VT, hồ sơ kỳ họp']);
  howToVerify(w, input);
  w.finish(input.signed ? '' : `DỰ THẢO — bản số ${input.revision}, chưa ký · ${input.title}`);
  await beforeSave?.(pdf, rooms);
  // A cross-reference table, not a stream: a later signature (the seal after the chair's) is appended to it.
  return pdf.save({ useObjectStreams: false });
}
