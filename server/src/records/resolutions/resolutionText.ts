import type { Deps } from '../../app/deps.js';
import type { Adoption } from './adoption.js';

/**
 * The generated draft of an adopted resolution, in the minutes' Markdown subset (`# ` centred
 * bold lines, `**bold**`, paragraphs), laid out as a People's Council resolution is: the
 * subject, the council and its session, the grounds (căn cứ) and what it considered (xét: the
 * item's submission and review report), "QUYẾT NGHỊ:", the articles, and the closing that says
 * when it was adopted. The heading (issuing body, number, place and date), "NGHỊ QUYẾT" and the
 * signature block are drawn by the PDF (resolutionPdf.ts). Article 1 holds what was adopted:
 * the secretariat writes it from the draft that was voted on.
 */

/** "Thông qua Nghị quyết về …" → "Về …": the subject (trích yếu) of the resolution. */
export function subjectOf(pollTitle: string): string {
  const m = /nghị quyết\s+(.*)$/iu.exec(pollTitle.trim());
  const rest = (m?.[1] ?? pollTitle).trim().replace(/[.;:]+$/, '');
  return /^về\s/iu.test(rest) ? `Về ${rest.replace(/^về\s+/iu, '')}` : `Về ${rest.charAt(0).toLocaleLowerCase('vi') + rest.slice(1)}`;
}

const upper = (s: string) => s.toLocaleUpperCase('vi');
/** "Khóa XVI (2021–2026)" or "2021-2026" → "khóa XVI (2021–2026)", "khóa 2021-2026". */
const termPhrase = (term: string) => `khóa ${term.trim().replace(/^khóa\s+/iu, '')}`;

/** "ngày 05 tháng 02 năm 2026" in Vietnam's time. */
function onDay(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: 'numeric', year: 'numeric' }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const month = Number(get('month'));
  return `ngày ${get('day')} tháng ${month <= 2 ? `0${month}` : month} năm ${get('year')}`;
}

/** The titles of what the item presented: its submissions (tờ trình) and review reports (báo cáo thẩm tra), in force. */
async function considered(deps: Deps, a: Adoption): Promise<string[]> {
  if (!a.agendaItemId) return [];
  const docs = await deps.models.Document.find({ agendaItemId: a.agendaItemId, kind: { $in: ['submission', 'review_report'] }, withdrawnAt: null, supersededBy: null }, { title: 1, kind: 1 })
    .sort({ kind: -1, createdAt: 1 }).lean<Array<{ title: string; kind: string }>>();
  return docs.map((d) => d.title.replace(/[.;]+$/, ''));
}

/** A unit's name inside a sentence: its type in lower case ("Tỉnh Ninh Bình" → "tỉnh Ninh Bình"). */
const inSentence = (unitName: string) => unitName.replace(/^(Tỉnh|Thành phố|Xã|Phường|Đặc khu|Huyện|Quận|Thị xã|Thị trấn)(?=\s)/u, (t) => t.toLocaleLowerCase('vi'));

export async function resolutionText(deps: Deps, a: Adoption): Promise<string> {
  const unit = a.unitName ? inSentence(a.unitName) : '';
  const council = a.unitName ? `Hội đồng nhân dân ${unit}` : a.council.name;
  const grounds = await considered(deps, a);
  const seen = [...grounds, 'ý kiến thảo luận của đại biểu Hội đồng nhân dân tại kỳ họp'];
  return [
    `# ${subjectOf(a.title)}`,
    '',
    `# ${upper(council)}`,
    `# ${upper(termPhrase(a.council.term))}, ${upper(a.sessionTitle)}`,
    '',
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;',
    'Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;',
    `Xét ${seen.join('; ')}.`,
    '',
    '# QUYẾT NGHỊ:',
    '',
    `**Điều 1.** ${a.title.replace(/[.;]+$/, '')}.`,
    '(Văn phòng HĐND ghi tại đây nội dung đã được thông qua, theo dự thảo nghị quyết đã biểu quyết và các ý kiến đã được tiếp thu.)',
    '',
    '**Điều 2.** Tổ chức thực hiện',
    `1. Giao Ủy ban nhân dân ${unit} tổ chức thực hiện Nghị quyết này.`.replace('  ', ' '),
    `2. Giao Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân, các Tổ đại biểu và đại biểu ${council} giám sát việc thực hiện Nghị quyết này.`,
    '',
    `Nghị quyết này đã được ${council} ${termPhrase(a.council.term)}, ${a.sessionTitle} thông qua ${onDay(a.view.adoptedAt)} và có hiệu lực từ ngày thông qua.`,
  ].join('\n');
}
