import { TestClient } from '../helpers/http.js';
import { TEST_PASSWORD } from '../helpers/factories.js';
import { fixture, uploadPdf } from '../helpers/documentFixtures.js';
import { seedPdf } from '../e2e/viewerHelpers.js';
import { byCss, byRole, inside, type Query } from './driver.js';
import type { EngineRig } from './rig.js';

/** The session's dossier as the secretariat files it: two seed PDFs by agenda item, one confidential document for the delegate alone. */
export interface Filed { draft: string; review: string; secret: string }
export const DRAFT_TITLE = 'Dự thảo Nghị quyết về kế hoạch chuyển đổi số năm 2027';
export const REVIEW_TITLE = 'Báo cáo thẩm tra của Ban Kinh tế – Ngân sách';
export const SECRET_TITLE = 'Báo cáo mật về công tác cán bộ';

/** Uploads through the real API, signed in as the fixture's secretary; answers the documents' ids. */
export async function fileDossier(url: string, f: EngineRig['f']): Promise<Filed> {
  const clerk = new TestClient(url);
  await clerk.signIn(f.secretary.login, TEST_PASSWORD);
  const up = async (name: string, query: Record<string, string>) => {
    const res = await uploadPdf(clerk, f.sessionId, seedPdf(name), query);
    if (res.status !== 200) throw new Error(`upload of ${name} failed: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.data.document.id as string;
  };
  return {
    review: await up('bao-cao-tham-tra.pdf', { title: REVIEW_TITLE, kind: 'review_report', agendaItemId: String(f.items.review._id), access: 'council' }),
    draft: await up('du-thao-nghi-quyet.pdf', { title: DRAFT_TITLE, kind: 'draft_resolution', agendaItemId: String(f.items.votes._id), access: 'public' }),
    secret: await up('bao-cao-tham-tra.pdf', { title: SECRET_TITLE, kind: 'other', access: 'confidential', allowedUserIds: f.delegate.id }),
  };
}

/** The 500-page fixture (769 kB) filed as a confidential document for the delegate: too big to come in one answer, so the viewer reads it by ranges. */
export async function fileConfidentialBook(url: string, f: EngineRig['f']): Promise<string> {
  const clerk = new TestClient(url);
  await clerk.signIn(f.secretary.login, TEST_PASSWORD);
  const res = await uploadPdf(clerk, f.sessionId, fixture('tap-tai-lieu-500-trang.pdf'), { title: 'Tập tài liệu mật 500 trang', kind: 'other', access: 'confidential', allowedUserIds: f.delegate.id });
  if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.data.document.id as string;
}

/** A document's row on the dossier page, and its row inside the section headed `heading`. */
export const docRow = (id: string, state?: string): Query => byCss(`[data-document-id="${id}"]${state ? `[data-state="${state}"]` : ''}`);
export const sectionOf = (heading: string): Query => ({ ...byCss('section'), has: byRole('heading', heading) });
export const rowUnder = (heading: string, id: string): Query => inside(sectionOf(heading), docRow(id));
/** The whole dossier kept on the tablet. */
export const overallComplete: Query = byCss('[data-testid="dossier-overall"][data-complete="true"]');
/** The viewer's page canvas once page `n` is drawn. */
export const drawnPage = (n: number): Query => byCss(`[data-testid="page-canvas"][data-page="${n}"]`);

/** The file paths kept in the offline copy (Cache Storage), sorted; the page's answer as a string (no DOM types here). */
export const STORED_PATHS = "caches.open('hdnd-docs-v1').then((c) => c.keys()).then((ks) => ks.map((k) => new URL(k.url).pathname).sort())";

/** The share of the page canvas's pixels that are not near-white (as test/e2e/viewerHelpers' canvasInk). */
export const CANVAS_INK = `(() => {
  const c = document.querySelector('[data-testid="page-canvas"]');
  const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) n++;
  return n / (data.length / 4);
})()`;

/** The share of the page canvas's pixels clearly redder than green and blue: the watermark's colour. */
export const CANVAS_RED = CANVAS_INK.replace('data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200', 'data[i] - data[i + 1] > 25 && data[i] - data[i + 2] > 25');

/** What the page can keep offline: Cache Storage and a service worker, as the page sees them. */
export const STORAGE_PROBE = "({ secure: window.isSecureContext, caches: typeof caches, serviceWorker: typeof navigator.serviceWorker })";
