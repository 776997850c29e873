import { PDFDocument, rgb } from 'pdf-lib';
import { MUTED } from '../../platform/pdf/writer.js';
import { drawHeading, drawRecipients, drawSignatures, drawTitle, numberAndSymbol, officialWriter, type SignatureRoom } from '../../platform/pdf/official.js';
import { atTime } from '../format.js';
import { markupBody } from '../pdf/markupBody.js';
import { placeName } from '../minutes/heading.js';

const DRAFT = rgb(0.75, 0.1, 0.1);
/** The symbol of a People's Council's resolution (Decree 30/2020/NĐ-CP, Phụ lục III: NQ = nghị quyết). */
export const RESOLUTION_SYMBOL = 'NQ-HĐND';

export interface ResolutionPdfInput {
  /** The text in the minutes' Markdown subset (resolutionText.ts). */
  text: string;
  /** The poll's title: the document's title in the file's properties. */
  title: string;
  revision: number;
  pollId: string;
  /** The council's unit ("Tỉnh Sông Hồng"), or null (then the council's name heads the page). */
  unitName: string | null;
  councilName: string;
  /** The day it was adopted: a resolution is dated the day the council passed it. */
  adoptedAt: Date;
  /** Null for a draft: no number, DỰ THẢO on every page. */
  signed: { number: number; signerName: string; signedAt: Date } | null;
}

/** For a reader of the file: who signed and how to check it (Vietnamese, then English). */
function howToVerify(w: Awaited<ReturnType<typeof officialWriter>>, input: ResolutionPdfInput): void {
  w.space(14);
  w.keep(90);
  w.rule(MUTED);
  const small = { size: 10, align: 'justify' as const, color: MUTED };
  const s = input.signed;
  if (!s) {
    w.text('Bản dự thảo, chưa ký ban hành: chưa có giá trị pháp lý. Draft, not signed: it has no legal effect.', { ...small, bold: true, color: DRAFT });
    return;
  }
  w.text(`Văn bản này được ${s.signerName}, Chủ tịch, ký số thay mặt ${input.councilName} lúc ${atTime(s.signedAt)}, sau đó đóng dấu số của hội đồng. `
    + 'Các chữ ký số nhúng trong tệp bao trùm toàn bộ tệp: sửa một ký tự, chữ ký không còn hợp lệ. Để kiểm tra, mở mục "Kiểm tra" của hệ thống HĐND số và chọn tệp này, hoặc dùng phần mềm đọc PDF. '
    + `Signed for ${input.councilName} by its chair ${s.signerName} at ${atTime(s.signedAt)} (Vietnam time), then sealed; the embedded signatures cover the whole file.`, small);
}

/**
 * A resolution as an official document (Decree 30/2020/NĐ-CP): the heading with its number
 * in the council's NQ-HĐND series (none on a draft), the place and the day it was adopted;
 * "NGHỊ QUYẾT"; the text; the signature block "TM. HỘI ĐỒNG NHÂN DÂN / CHỦ TỊCH"; the
 * recipients. `beforeSave` gets the chair's room (the signing adds its field there).
 */
export async function buildResolutionPdf(input: ResolutionPdfInput, beforeSave?: (pdf: PDFDocument, room: SignatureRoom) => void | Promise<void>): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const number = input.signed ? numberAndSymbol(input.signed.number, RESOLUTION_SYMBOL) : '';
  pdf.setTitle(`Nghị quyết: ${input.title}${number ? ` (${number})` : ''}`, { showInWindowTitleBar: true });
  pdf.setLanguage('vi-VN');
  pdf.setCreator('HĐND số');
  pdf.setProducer('HĐND số (pdf-lib)');
  pdf.setCreationDate(input.signed?.signedAt ?? input.adoptedAt);
  pdf.setModificationDate(input.signed?.signedAt ?? input.adoptedAt);
  const w = await officialWriter(pdf);
  if (!input.signed) {
    w.text(`DỰ THẢO — bản số ${input.revision}, chưa ký ban hành`, { bold: true, size: 11, align: 'center', color: DRAFT });
    w.space(4);
  }
  drawHeading(w, {
    issuer: input.unitName ? ['Hội đồng nhân dân', input.unitName] : [input.councilName],
    number: input.signed?.number ?? null, symbol: RESOLUTION_SYMBOL, place: input.unitName ? placeName(input.unitName) : '', date: input.adoptedAt,
  });
  drawTitle(w, 'Nghị quyết', []);
  markupBody(w, input.text);
  const mark = input.signed ? { kind: 'digital' as const } : { kind: 'handwritten' as const };
  const rooms = drawSignatures(w, null, { onBehalf: 'TM. Hội đồng nhân dân', position: 'Chủ tịch', mark, name: input.signed?.signerName ?? '' });
  const unit = input.unitName ?? '';
  drawRecipients(w, [`Thường trực HĐND, UBND ${unit}`.trim(), 'Các đại biểu HĐND', 'Các cơ quan, đơn vị liên quan', 'Lưu: VT, hồ sơ kỳ họp']);
  howToVerify(w, input);
  w.finish(input.signed ? '' : `DỰ THẢO — bản số ${input.revision}, chưa ký ban hành · ${input.title}`);
  await beforeSave?.(pdf, rooms.right!);
  // A cross-reference table, not a stream: the seal after the chair's signature is appended to it.
  return pdf.save({ useObjectStreams: false });
}
