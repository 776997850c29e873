import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byLabel, byRole, byTestId, byText, ENGINES, inside, type Query, type Tab } from './driver.js';
import { Types } from 'mongoose';
import { CANVAS_INK, CANVAS_RED, docRow, DRAFT_TITLE, drawnPage, fileConfidentialBook, fileDossier, overallComplete, REVIEW_TITLE, rowUnder, SECRET_TITLE, STORED_PATHS, type Filed } from './dossierScreens.js';
import { textBecomes } from './flowScreens.js';
import { servingPerFile, startEngineRig, type EngineRig } from './rig.js';

/**
 * The delegate's tablet with the session dossier, one test body in Chromium, Firefox and
 * WebKit against a real server: the dossier by agenda item, downloaded for offline reading;
 * the viewer draws and turns pages, searches without diacritics and keeps a private note.
 * The 500-page document and the network cut stay in test/e2e/viewer.test.ts (Playwright only).
 */
const serving = servingPerFile();

const TABLET = { width: 1024, height: 768 };
const NOTE = 'Đề nghị làm rõ chỉ tiêu 95% hồ sơ xử lý trên môi trường mạng.';
const noteShown = (text: string): Query => ({ ...byTestId('note'), has: byText(text) });

describe.each(ENGINES)('the session dossier and the document viewer in %s', (engine) => {
  let rig: EngineRig;
  let f: EngineRig['f'];
  let ids: Filed;
  let tablet: Tab;
  let started = 0;
  /** The page the chosen search hit led to, where the note goes. */
  let notePage = 0;
  const shot = (name: string) => tablet.screenshot(`browsers-${engine}-${name}.png`);

  beforeAll(async () => {
    started = Date.now();
    rig = await startEngineRig(serving.server(), engine);
    f = rig.f;
    ids = await fileDossier(serving.server().url, f);
  }, 120_000);
  afterAll(async () => {
    await rig?.stop();
    const starts = rig?.engine.sessionStartMs ? ` · WebDriver sessions started in ${rig.engine.sessionStartMs.join(', ')} ms` : '';
    console.info(`[browsers] dossier ${engine}: ${((Date.now() - started) / 1000).toFixed(1)} s${starts}`);
  });

  it('the delegate follows "Tài liệu kỳ họp" from the session page to the dossier: documents listed by agenda item, each non-confidential one kept on the tablet for offline reading', async () => {
    tablet = await rig.open(f.delegate.id, `/ky-hop/${f.sessionId}`, TABLET);
    await tablet.click(byRole('link', 'Tài liệu kỳ họp'));
    await tablet.waitFor(byRole('heading', 'Hồ sơ tài liệu kỳ họp'));
    await tablet.waitFor(rowUnder('2.1. Báo cáo thẩm tra của Ban Kinh tế – Ngân sách', ids.review));
    await tablet.waitFor(rowUnder('4. Biểu quyết thông qua các nghị quyết', ids.draft));
    await tablet.waitFor(rowUnder('Tài liệu chung của kỳ họp', ids.secret));
    expect(await tablet.textOf(docRow(ids.draft))).toMatch(/Dự thảo nghị quyết.*Bản 1.*6 trang.*Công khai/i);
    expect(await tablet.textOf(docRow(ids.review))).toContain(REVIEW_TITLE);

    for (const id of [ids.draft, ids.review]) await tablet.waitFor(docRow(id, 'stored'));
    await tablet.waitFor(overallComplete);
    expect(await tablet.textOf(byTestId('dossier-overall'))).toContain('Đã lưu đủ 2 tài liệu trên máy');
    for (const id of [ids.draft, ids.review]) expect(await tablet.attributeOf(inside(docRow(id), byTestId('doc-progress')), 'data-value')).toBe('100');
    expect(await tablet.attributeOf(docRow(ids.secret), 'data-state')).toBe('not_stored');
    expect(await tablet.textOf(docRow(ids.secret))).toContain(SECRET_TITLE);
    expect(await tablet.textOf(docRow(ids.secret))).toContain('Tài liệu mật: chỉ đọc trực tuyến, không lưu trên máy');
    // The copies are in Cache Storage under the file URLs; the confidential one is not.
    expect(await tablet.evaluate<string[]>(STORED_PATHS)).toEqual([ids.draft, ids.review].map((id) => `/api/documents/${id}/file`).sort());
    expect(await tablet.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await shot('dossier');
  });

  it('opens the draft in the viewer: the first page is drawn in ink, and "Trang sau" turns to page 2', async () => {
    await tablet.click(byRole('link', `Đọc “${DRAFT_TITLE}”`));
    await tablet.waitFor(drawnPage(1));
    expect(await tablet.evaluate<number>(CANVAS_INK)).toBeGreaterThan(0.01);
    expect(await tablet.textOf(byTestId('page-status'))).toBe('trên 6');
    await tablet.click(byRole('button', 'Trang sau'));
    await tablet.waitFor(drawnPage(2));
    expect(await tablet.evaluate<string>("document.querySelector('[data-testid=page-input]').value")).toBe('2');
    expect(await tablet.evaluate<number>(CANVAS_INK)).toBeGreaterThan(0.01);
  });

  it('a search for "nghi quyet" typed without diacritics lists the hits for "nghị quyết"; choosing one opens its page', async () => {
    await tablet.fill(byLabel('Tìm trong tài liệu'), 'nghi quyet');
    await tablet.press('Enter');
    await textBecomes(tablet, byTestId('search-count'), /\d+/);
    const hits = byTestId('search-hit');
    const n = await tablet.count(hits);
    expect(n).toBeGreaterThan(2);
    expect(await tablet.textOf({ ...hits, nth: 0 })).toMatch(/nghị quyết/i);
    // A hit on another page than the one shown.
    const pages: number[] = [];
    for (let i = 0; i < n; i++) pages.push(Number(await tablet.attributeOf({ ...hits, nth: i }, 'data-page')));
    const choice = pages.findIndex((p) => p !== 2);
    expect(choice).toBeGreaterThanOrEqual(0);
    notePage = pages[choice]!;
    await tablet.click({ ...hits, nth: choice });
    await tablet.waitFor(drawnPage(notePage));
    expect(await tablet.evaluate<string>("document.querySelector('[data-testid=page-input]').value")).toBe(String(notePage));
    await textBecomes(tablet, byTestId('page-status'), 'trên 6');
    await shot('viewer');
  });

  it('a private note added on that page is still there when the document is opened again', async () => {
    await tablet.click(byRole('tab', 'Ghi chú'));
    await tablet.fill(byLabel(`Ghi chú cho trang ${notePage}`), NOTE);
    await tablet.click(byRole('button', 'Thêm ghi chú'));
    await tablet.waitFor(noteShown(NOTE));
    // The same document's address without the page mark: a load of its own, not a jump within the page.
    const path = await tablet.evaluate<string>('location.pathname');
    expect(path).toBe(`/tai-lieu/${f.sessionId}/${ids.draft}`);
    await tablet.evaluate<boolean>('(window.__beforeReopen = true)');
    await tablet.goto(path);
    await tablet.waitFor(drawnPage(1));
    expect(await tablet.evaluate<string>('typeof window.__beforeReopen')).toBe('undefined');
    await tablet.click(byRole('tab', 'Ghi chú'));
    await tablet.click(byRole('button', `Trang ${notePage} (1)`));
    await tablet.waitFor(drawnPage(notePage));
    await tablet.waitFor(noteShown(NOTE));
    await shot('viewer-notes');
  });

  it('a confidential 500-page document is read by byte ranges: page 250 drawn with the watermark, every read a logged range, nothing stored', async () => {
    const server = serving.server();
    const id = await fileConfidentialBook(server.url, f);
    await tablet.goto(`/tai-lieu/${f.sessionId}/${id}#trang=250`);
    await tablet.waitFor(drawnPage(250));
    expect(await tablet.evaluate<number>(CANVAS_INK)).toBeGreaterThan(0.01);
    expect(await tablet.evaluate<number>(CANVAS_RED)).toBeGreaterThan(0.005);
    expect(await tablet.evaluate<string[]>(STORED_PATHS)).not.toContain(`/api/documents/${id}/file`);
    const reads = await server.deps.conn.collection('audit_entries').find({ action: 'document:read', 'subject.id': new Types.ObjectId(id) }).toArray();
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.filter((r) => r.data.status !== 206 || !String(r.data.range).startsWith('bytes='))).toEqual([]);
  });

  it('no page had an uncaught error', async () => {
    expect(await tablet.problems()).toEqual([]);
  });
});
