import type { CommentView } from '../../../../contract/notes.js';
import { intlLocale } from '../i18n/index.js';

/** The comments on one page of one document version. */
export interface PageGroup {
  page: number;
  comments: CommentView[];
}

/** One document version with its comments, page by page. */
export interface DocumentGroup {
  documentId: string;
  title: string;
  version: number;
  pages: PageGroup[];
  count: number;
}

/**
 * Groups comments already in report order (the server sorts them by document, version,
 * page and time) into documents and pages, keeping that order.
 */
export function groupComments(list: readonly CommentView[]): DocumentGroup[] {
  const docs: DocumentGroup[] = [];
  for (const c of list) {
    let doc = docs[docs.length - 1];
    if (doc?.documentId !== c.documentId) docs.push((doc = { documentId: c.documentId, title: c.documentTitle, version: c.documentVersion, pages: [], count: 0 }));
    doc.count++;
    const page = doc.pages[doc.pages.length - 1];
    if (page?.page === c.page) page.comments.push(c);
    else doc.pages.push({ page: c.page, comments: [c] });
  }
  return docs;
}

export interface Tally {
  total: number;
  accepted: number;
  explained: number;
  pending: number;
}

export function tally(list: readonly CommentView[]): Tally {
  const accepted = list.filter((c) => c.response?.outcome === 'accepted').length;
  const explained = list.filter((c) => c.response?.outcome === 'explained').length;
  return { total: list.length, accepted, explained, pending: list.length - accepted - explained };
}

/** "09:15 15/07/2026" (vi) or "07/15/2026, 09:15" (en), in the council's time zone. */
export function formatWhen(iso: string): string {
  return new Intl.DateTimeFormat(intlLocale(), {
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh',
  }).format(new Date(iso));
}
