import type { MyDocument } from '../../../../contract/document.js';
import type { PublicCalendar } from '../../../../contract/portal.js';
import { api, type ApiResult } from '../api.js';
import { publicCalendar } from '../portal/api.js';

/** What the council granted me by name beyond the public documents (named and confidential ones I may read). */
export const grantedDocuments = () => api<MyDocument[]>('GET', '/api/me/documents?access=named,confidential');

/**
 * The public calendars of these councils, in their order. A council with nothing published
 * (`not_found`) is left out; any other failure is the answer.
 */
export async function calendarsOf(councilIds: readonly string[]): Promise<ApiResult<PublicCalendar[]>> {
  const results = await Promise.all(councilIds.map((id) => publicCalendar(id)));
  const failed = results.find((r) => !r.ok && r.error !== 'not_found');
  if (failed && !failed.ok) return failed;
  return { ok: true, data: results.flatMap((r) => (r.ok ? [r.data] : [])) };
}
