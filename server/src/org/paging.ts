import type { Context } from 'koa';
import type { PageInfo } from '../../../contract/org.js';
import { foldLabel } from './roleLabels.js';

/** The search and paging part of a list query (contract PageQueryFields). */
export interface PageQuery { q?: string | undefined; page: number; pageSize?: number | undefined }

/**
 * Filters `items` by `q` and cuts one page. Folding (no case, no diacritics: "ha noi" finds
 * "Hà Nội") is done here rather than in the database: Mongo has no diacritic-insensitive
 * regex, and the lists an admin pages through (a province's units, a council's members) are
 * a few thousand rows at most. Without `pageSize` the page is the whole (filtered) list.
 */
export function pageOf<T>(items: readonly T[], query: PageQuery, texts: (item: T) => ReadonlyArray<string | null | undefined>): { items: T[]; paging: PageInfo } {
  const needle = query.q ? foldLabel(query.q) : '';
  const found = needle ? items.filter((it) => texts(it).some((s) => s && foldLabel(s).includes(needle))) : [...items];
  const pageSize = query.pageSize ?? Math.max(found.length, 1);
  const start = (query.page - 1) * pageSize;
  return { items: found.slice(start, start + pageSize), paging: { total: found.length, page: query.page, pageSize } };
}

/** Answers a paged list: `data` stays the array old callers read, `paging` says where it sits. */
export function sendPage<T>(ctx: Context, page: { items: T[]; paging: PageInfo }): void {
  ctx.body = { ok: true, data: page.items, paging: page.paging };
}
