import { PDFDocument, rgb } from 'pdf-lib';
import type { CommentView } from '../../../../contract/notes.js';
import { embedFonts } from '../../platform/pdf/fonts.js';
import { MUTED, ReportWriter } from '../../platform/pdf/writer.js';

/** What the consolidated report (báo cáo tổng hợp góp ý) is made of. */
export interface ReportInput {
  councilName: string;
  session: { title: string; startsAt: Date; endsAt: Date; venue: string };
  generatedAt: Date;
  generatedBy: string;
  /** In report order: by document, version, page (see sessionComments). */
  comments: CommentView[];
}

const HEADING = rgb(0.55, 0.08, 0.08);
const YIELD_EVERY = 25;
const OUTCOME = {
  accepted: { label: 'Tiếp thu:', color: rgb(0.08, 0.42, 0.18) },
  explained: { label: 'Giải trình:', color: rgb(0.1, 0.28, 0.6) },
} as const;

const VN_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const parts = (d: Date) => Object.fromEntries(VN_TIME.formatToParts(d).map((p) => [p.type, p.value]));
/** "15/07/2026" in Vietnam's time. */
export const vnDate = (d: Date) => { const p = parts(d); return `${p.day}/${p.month}/${p.year}`; };
/** "09:05 ngày 15/07/2026" in Vietnam's time. */
export const vnTime = (d: Date) => { const p = parts(d); return `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}`; };

/** Consecutive comments on the same document version, then on the same page. */
function groups(comments: CommentView[]) {
  const docs: Array<{ title: string; version: number; pages: Array<{ page: number; comments: CommentView[] }>; all: CommentView[] }> = [];
  for (const c of comments) {
    let doc = docs[docs.length - 1];
    if (!doc || doc.all[0]!.documentId !== c.documentId) docs.push((doc = { title: c.documentTitle, version: c.documentVersion, pages: [], all: [] }));
    doc.all.push(c);
    const page = doc.pages[doc.pages.length - 1];
    if (page?.page === c.page) page.comments.push(c);
    else doc.pages.push({ page: c.page, comments: [c] });
  }
  return docs;
}

/** "5 ý kiến · Tiếp thu: 2 · Giải trình: 1 · Chưa phản hồi: 2" */
function tally(comments: CommentView[]): string {
  const n = (o: 'accepted' | 'explained' | null) => comments.filter((c) => (c.response?.outcome ?? null) === o).length;
  return `${comments.length} ý kiến · Tiếp thu: ${n('accepted')} · Giải trình: ${n('explained')} · Chưa phản hồi: ${n(null)}`;
}

function header(w: ReportWriter, input: ReportInput, documents: number): void {
  w.text(input.councilName.toLocaleUpperCase('vi'), { bold: true, size: 11, align: 'center' });
  w.space(14);
  w.text('BÁO CÁO TỔNG HỢP Ý KIẾN GÓP Ý', { bold: true, size: 15, align: 'center', color: HEADING });
  w.text('DỰ THẢO NGHỊ QUYẾT', { bold: true, size: 15, align: 'center', color: HEADING });
  w.space(2);
  w.text(input.session.title, { bold: true, size: 12, align: 'center' });
  const when = `Thời gian: ${vnDate(input.session.startsAt)} – ${vnDate(input.session.endsAt)}`;
  w.text([when, input.session.venue].filter(Boolean).join(' · '), { size: 10, align: 'center', color: MUTED });
  w.space(12);
  w.labelled('Lập lúc:', `${vnTime(input.generatedAt)} (giờ Việt Nam), người lập: ${input.generatedBy}`, { size: 10 });
  w.labelled('Tổng hợp:', `${tally(input.comments)}, trên ${documents} dự thảo`, { size: 10 });
  w.rule();
}

function comment(w: ReportWriter, c: CommentView, n: number): void {
  w.keep(48);
  w.text(`(${n}) ${c.authorName} — ${vnTime(new Date(c.createdAt))}`, { bold: true, size: 10.5, indent: 12 });
  w.text(c.text, { indent: 12 });
  if (c.response) {
    const o = OUTCOME[c.response.outcome];
    w.space(2);
    w.labelled(o.label, c.response.text, { indent: 24, labelColor: o.color });
    w.text(`Ghi nhận: ${c.response.byName}, ${vnTime(new Date(c.response.at))}`, { indent: 24, size: 8.5, color: MUTED });
  } else {
    w.text('Chưa có phản hồi của cơ quan soạn thảo.', { indent: 24, size: 10, color: MUTED });
  }
  w.space(8);
}

/**
 * The consolidated report of a session's comments on drafts as a PDF: title, session and
 * time of writing, then each draft (by version) with its comments page by page — author,
 * text and response (Tiếp thu / Giải trình). DejaVu Sans is embedded, so every Vietnamese
 * letter renders on any reader.
 */
export async function buildCommentReport(input: ReportInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const title = `Báo cáo tổng hợp góp ý — ${input.session.title}`;
  pdf.setTitle(title, { showInWindowTitleBar: true });
  pdf.setLanguage('vi-VN');
  pdf.setAuthor(input.generatedBy);
  pdf.setCreator('HĐND số');
  pdf.setProducer('HĐND số (pdf-lib)');
  pdf.setCreationDate(input.generatedAt);
  pdf.setModificationDate(input.generatedAt);

  const w = new ReportWriter(pdf, await embedFonts(pdf));
  const docs = groups(input.comments);
  header(w, input, docs.length);
  if (docs.length === 0) w.text('Chưa có ý kiến góp ý nào đối với các dự thảo của kỳ họp.', { color: MUTED });
  let n = 0;
  for (const [i, doc] of docs.entries()) {
    const name = `${doc.title}${doc.version > 1 ? ` (phiên bản ${doc.version})` : ''}`;
    // A page begun for a heading repeats nothing: the heading itself says where we are.
    w.runningHead = '';
    w.keep(110);
    w.space(i === 0 ? 4 : 10);
    w.text(`${i + 1}. ${name}`, { bold: true, size: 12.5, color: HEADING });
    w.text(tally(doc.all), { size: 9.5, color: MUTED });
    for (const page of doc.pages) {
      w.runningHead = `${name} (tiếp theo)`;
      w.keep(70);
      w.space(6);
      w.text(`Trang ${page.page} của dự thảo`, { bold: true, size: 11 });
      w.runningHead = `${name} · trang ${page.page} (tiếp theo)`;
      for (const c of page.comments) {
        comment(w, c, ++n);
        // Layout is synchronous: let sockets and requests through now and then (~1 ms a comment).
        if (n % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
  w.finish(title);
  return pdf.save();
}
