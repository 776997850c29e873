import { PDFDocument, rgb } from 'pdf-lib';
import { embedFonts } from '../../platform/pdf/fonts.js';
import { MUTED, ReportWriter } from '../../platform/pdf/writer.js';
import { atTime } from '../format.js';

const HEADING = rgb(0.55, 0.08, 0.08);
const DRAFT = rgb(0.75, 0.1, 0.1);

export interface MinutesPdfInput {
  /** The minutes text with its light markup (see minutesText.ts). */
  text: string;
  title: string;
  revision: number;
  generatedAt: Date;
  /** Null for a draft: the PDF then says DỰ THẢO on every page. */
  signed: { signerName: string; signerRole: string; councilName: string; signedAt: Date; fingerprint: string; pdfCertificate?: string } | null;
}

const ROLE: Record<string, string> = { secretariat: 'Văn phòng HĐND', chair: 'Chủ tọa' };

/** Draws the marked-up text: titles centred, sections in colour, items indented. */
function body(w: ReportWriter, text: string): void {
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) w.text(line.slice(2), { bold: true, size: 14, align: 'center', color: HEADING });
    else if (line.startsWith('## ')) { w.keep(60); w.space(8); w.text(line.slice(3), { bold: true, size: 12, color: HEADING }); w.space(2); }
    else if (line.startsWith('### ')) { w.keep(48); w.space(4); w.text(line.slice(4), { bold: true, size: 11 }); }
    else if (line.startsWith('- ')) w.text(`• ${line.slice(2)}`, { indent: 10, size: 10 });
    else if (line.startsWith('  ')) w.text(line.trim(), { indent: 22, size: 9.5 });
    else if (line.trim() === '') w.space(6);
    else w.text(line, { size: 10.5 });
  }
}

function signatureBlock(w: ReportWriter, s: NonNullable<MinutesPdfInput['signed']>): void {
  w.keep(90);
  w.rule();
  w.text('XÁC NHẬN KÝ SỐ', { bold: true, size: 11, color: HEADING });
  w.labelled('Người ký:', `${s.signerName} (${ROLE[s.signerRole] ?? s.signerRole}), thay mặt ${s.councilName}`, { size: 10 });
  w.labelled('Thời điểm ký:', `${atTime(s.signedAt)} (giờ Việt Nam)`, { size: 10 });
  w.labelled('Khóa ký Ed25519, dấu vân tay SHA-256:', s.fingerprint, { size: 9 });
  if (s.pdfCertificate) w.labelled('Chứng thư ký PDF của hội đồng (tự cấp), dấu vân tay SHA-256:', s.pdfCertificate, { size: 9 });
  w.text(s.pdfCertificate
    ? 'Chữ ký số được nhúng trong tệp PDF này và nằm trong tệp .sig.json đi kèm; kiểm tra bằng lệnh "npm run records:verify" hoặc chức năng Kiểm tra biên bản.'
    : 'Chữ ký nằm trong tệp .sig.json đi kèm; kiểm tra bằng lệnh "npm run records:verify" hoặc chức năng Kiểm tra biên bản.', { size: 9, color: MUTED });
}

/**
 * The minutes as an A4 PDF with DejaVu Sans embedded (every Vietnamese letter, extractable
 * as text). A draft is marked DỰ THẢO on every page; the signed one closes with who signed
 * for which council, when, and the key's fingerprint. `beforeSave` may add to the finished
 * document (the signing adds its signature field there).
 */
export async function buildMinutesPdf(input: MinutesPdfInput, beforeSave?: (pdf: PDFDocument) => void): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const title = `Biên bản ${input.title}`;
  pdf.setTitle(title, { showInWindowTitleBar: true });
  pdf.setLanguage('vi-VN');
  pdf.setCreator('HĐND số');
  pdf.setProducer('HĐND số (pdf-lib)');
  pdf.setCreationDate(input.signed?.signedAt ?? input.generatedAt);
  pdf.setModificationDate(input.signed?.signedAt ?? input.generatedAt);
  const w = new ReportWriter(pdf, await embedFonts(pdf));
  if (!input.signed) {
    w.text(`DỰ THẢO — bản số ${input.revision}, chưa ký`, { bold: true, size: 10, align: 'center', color: DRAFT });
    w.space(4);
  }
  w.runningHead = `${title}${input.signed ? '' : ' — DỰ THẢO'} (tiếp theo)`;
  body(w, input.text);
  if (input.signed) signatureBlock(w, input.signed);
  w.finish(`${title}${input.signed ? '' : ' — DỰ THẢO'} · bản số ${input.revision}`);
  beforeSave?.(pdf);
  return pdf.save();
}
