import type { PDFDocument } from 'pdf-lib';
import { embedSerifFonts } from './fonts.js';
import { MM, ReportWriter, type ColumnLine, type PlacedLine } from './writer.js';

/**
 * The parts of an official document in the administrative format of Decree 30/2020/NĐ-CP
 * (Phụ lục I): the two-column heading (issuing body, number and symbol | Quốc hiệu, Tiêu
 * ngữ, place and date), the title, the signature blocks and "Nơi nhận". Plain data in, so
 * any document (minutes, convening notices, invitations) can use it; it knows no domain.
 *
 * Face: Liberation Serif, with Times New Roman's metrics (the decree's templates are set in
 * Times New Roman) and every Vietnamese letter. Sizes as the decree gives them: body 13–14
 * (we use 13), Quốc hiệu 12–13, "Nơi nhận:" 12, its list 11.
 */

export const SIZE = { body: 13, quocHieu: 12.5, issuer: 12.5, recipientsHead: 12, recipients: 11 };

/** Margins of the decree (top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm): the smaller values. */
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };

/** A writer on A4 in the decree's layout: its margins, 13 pt body, page numbers centred at the top from page 2. */
export async function officialWriter(pdf: PDFDocument): Promise<ReportWriter> {
  return new ReportWriter(pdf, await embedSerifFonts(pdf), { margins: MARGINS, pageNumbers: 'top', size: SIZE.body, leading: 1.3 });
}

export interface OfficialHeading {
  /** The issuing body, one string per line, e.g. ['Hội đồng nhân dân', 'tỉnh Sông Hồng']: drawn in bold capitals with a short rule under it. */
  issuer: string[];
  /** The body it belongs to, above it in regular capitals (none for a council). */
  parent?: string[];
  /** The number in the issuer's yearly series; null while the document has none (a draft): "Số:      /BB-HĐND". */
  number: number | null;
  /** The symbol after the number: "BB-HĐND". */
  symbol: string;
  /** The place name (địa danh): "Sông Hồng". */
  place: string;
  /** The date; null leaves "ngày … tháng … năm …" to be filled. */
  date: Date | null;
}

/** Day, month and year in Vietnam (a document signed at 23:30 UTC is dated the next day there). */
function vnDate(date: Date): { day: number; month: number; year: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { day: get('day'), month: get('month'), year: get('year') };
}

/** The year of `date` in Vietnam: the yearly numbering series a document joins. */
export const vnYear = (date: Date) => vnDate(date).year;

/** "Số: 05/BB-HĐND" (numbers under 10 with a leading zero, as the decree writes them), or "Số:      /BB-HĐND". */
export function numberAndSymbol(number: number | null, symbol: string): string {
  return `Số: ${number === null ? '\u2002\u2002\u2002\u2002' : String(number).padStart(2, '0')}/${symbol}`;
}

/**
 * "Sông Hồng, ngày 05 tháng 02 năm 2026": a day under 10 and the months January and February
 * with a leading zero (the decree's rule, so nobody can add a digit in front later).
 */
export function placeAndDate(place: string, date: Date | null): string {
  if (!date) return `${place}, ngày \u2026 tháng \u2026 năm \u2026`;
  const { day, month, year } = vnDate(date);
  return `${place}, ngày ${String(day).padStart(2, '0')} tháng ${month <= 2 ? `0${month}` : month} năm ${year}`;
}

const upper = (s: string) => s.toLocaleUpperCase('vi');

/**
 * The heading: left column (about 2/5 of the measure) the issuing body in bold capitals with
 * a rule of 1/3 its width under it, then the number and symbol; right column the Quốc hiệu in
 * bold capitals, the Tiêu ngữ in bold with a rule as wide as it, then the place and date in italics.
 */
export function drawHeading(w: ReportWriter, h: OfficialHeading): void {
  const leftWidth = w.measure * 0.4;
  const gap = 6;
  const issuer: ColumnLine[] = [
    ...(h.parent ?? []).map((text) => ({ text: upper(text), size: SIZE.issuer })),
    ...h.issuer.map((text, i) => ({ text: upper(text), bold: true, size: SIZE.issuer, ruleUnder: i === h.issuer.length - 1 ? 0.4 : undefined })),
    { text: numberAndSymbol(h.number, h.symbol), size: SIZE.body, before: 6 },
  ];
  const state: ColumnLine[] = [
    { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, size: SIZE.quocHieu },
    { text: 'Độc lập - Tự do - Hạnh phúc', bold: true, size: SIZE.body, ruleUnder: 1 },
  ];
  // The place and date sit under the Tiêu ngữ, level with the number in the left column.
  const issuerHeight = issuer.length - 1;
  state.push({ text: placeAndDate(h.place, h.date), italic: true, size: SIZE.body, before: 6 + Math.max(0, issuerHeight - state.length) * SIZE.issuer * 1.25 });
  w.columns([
    { left: 0, width: leftWidth - gap, lines: issuer },
    { left: leftWidth, width: w.measure - leftWidth, lines: state },
  ]);
}

/** The kind of document in bold capitals ("BIÊN BẢN"), then its subject (trích yếu) in bold, centred. */
export function drawTitle(w: ReportWriter, kind: string, subject: string[]): void {
  w.space(20);
  w.keep(60);
  w.text(upper(kind), { bold: true, size: 14, align: 'center' });
  for (const line of subject) w.text(line, { bold: true, size: SIZE.body, align: 'center' });
  w.space(12);
}

/** How a signatory signed: by hand on the printed copy, or digitally in this file (the time and a note printed under the mark, if given). */
export type SignatureMark = { kind: 'handwritten' } | { kind: 'digital'; at?: string; note?: string };

export interface Signatory {
  /** Acting for (TM., KT., TL. …): "TM. HỘI ĐỒNG NHÂN DÂN"; optional. */
  onBehalf?: string;
  /** The position: "CHỦ TỌA", "THƯ KÝ" (drawn in bold capitals). */
  position: string;
  mark: SignatureMark;
  /** The full name (bold); empty leaves a line to write it on. */
  name: string;
}

/** The blank room of a signature block, between its mark and the name: where a handwritten signature goes, or a visible digital one. */
export type SignatureRoom = PlacedLine;

/** A block's lines and which of them is the room. */
function block(s: Signatory): { lines: ColumnLine[]; room: number } {
  // Both kinds take the same height (room for a handwritten signature), so names line up.
  const room = 56;
  const notes = s.mark.kind === 'digital' ? [...(s.mark.at ? [s.mark.at] : []), ...(s.mark.note ? [s.mark.note] : [])] : [];
  const mark: ColumnLine[] = s.mark.kind === 'digital'
    ? [{ text: '(Đã ký số)', italic: true, size: 12, before: 4 }, ...notes.map((text) => ({ text, italic: true, size: 11 })), { text: '', size: 1, before: Math.max(4, room - notes.length * 11 * 1.25) }]
    : [{ text: '(Ký, ghi rõ họ tên)', italic: true, size: 12, before: 4 }, { text: '', size: 1, before: room }];
  const head: ColumnLine[] = [
    ...(s.onBehalf ? [{ text: upper(s.onBehalf), bold: true, size: SIZE.body }] : []),
    { text: upper(s.position), bold: true, size: SIZE.body },
  ];
  return { lines: [...head, ...mark, { text: s.name || '……………………………', bold: true, size: SIZE.body }], room: head.length + mark.length - 1 };
}

/**
 * Signature blocks side by side (left: the secretary of minutes, right: the chair), each
 * centred in half the measure. Returns each block's room (null for a missing block).
 */
export function drawSignatures(w: ReportWriter, left: Signatory | null, right: Signatory | null): { left: SignatureRoom | null; right: SignatureRoom | null } {
  w.space(16);
  const half = w.measure / 2;
  const blocks = [...(left ? [{ at: 0, b: block(left) }] : []), ...(right ? [{ at: half, b: block(right) }] : [])];
  const placed = w.columns(blocks.map(({ at, b }) => ({ left: at, width: half, lines: b.lines })));
  const roomOf = (i: number) => placed[i]![blocks[i]!.b.room]!;
  return { left: left ? roomOf(0) : null, right: right ? roomOf(blocks.length - 1) : null };
}

/** "Nơi nhận:" in bold italics (12 pt) and its list (11 pt), each line "- …;" and the last "- Lưu: …". */
export function drawRecipients(w: ReportWriter, recipients: string[]): void {
  if (recipients.length === 0) return;
  w.space(14);
  w.keep(SIZE.recipientsHead * 1.3 + recipients.length * SIZE.recipients * 1.3);
  w.text('Nơi nhận:', { bold: true, italic: true, size: SIZE.recipientsHead });
  recipients.forEach((r, i) => w.text(`- ${r.replace(/[;.]\s*$/, '')}${i === recipients.length - 1 ? '.' : ';'}`, { size: SIZE.recipients }));
}
