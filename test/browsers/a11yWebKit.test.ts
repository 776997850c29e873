import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../helpers/acks.js';
import { chairCommand, createAndOpen } from '../e2e/votingScreens.js';
import { axeReport, describeViolations } from '../a11y/axe.js';
import { byCss, type Tab } from './driver.js';
import { fileDossier, type Filed } from './dossierScreens.js';
import { servingPerFile, startEngineRig, type EngineRig } from './rig.js';

/**
 * axe-core (WCAG 2.1 A and AA) in WebKit, through the WebDriver seam, on the pages a delegate,
 * the chair and the secretariat open and the signed-out ones: no serious or critical
 * violation. Chromium and Firefox check every page state in depth (test/a11y/pages.test.ts);
 * this covers the same pages as they first open, in the engine of the iPads.
 */
const serving = servingPerFile();
const TABLET = { width: 1024, height: 768 };

describe('every page as it opens passes axe (WCAG 2.1 AA, serious and critical) in webkit', () => {
  let rig: EngineRig;
  let f: EngineRig['f'];
  let ids: Filed;
  const tabs = new Map<string, Tab>();
  const counts: Array<[string, number]> = [];

  beforeAll(async () => {
    rig = await startEngineRig(serving.server(), 'webkit');
    f = rig.f;
    ids = await fileDossier(serving.server().url, f);
  }, 120_000);
  afterAll(async () => {
    console.log(['axe in webkit — elements in serious or critical violations per page', ...counts.map(([n, c]) => `${String(c).padStart(4)}  ${n}`)].join('\n'));
    await rig?.stop();
  });

  /** Opens `path` as `who` (one tab each, navigated from then on), waits for it to settle, and runs axe. */
  async function check(name: string, who: 'delegate' | 'chair' | 'secretary' | 'anonymous', path: string, viewport = TABLET, ready?: string) {
    let tab = tabs.get(`${who}:${viewport.width}`);
    if (!tab) {
      tab = await rig.open(who === 'anonymous' ? null : f[who].id, path, viewport);
      tabs.set(`${who}:${viewport.width}`, tab);
    } else await tab.goto(path);
    await tab.waitFor(byCss('main h1, body > #app h1'));
    await tab.waitFor(byCss('[aria-busy="true"]'), 'gone');
    if (ready) await tab.waitFor(byCss(ready));
    const { serious } = await axeReport((expr) => tab.evaluate(expr));
    counts.push([name, serious.reduce((n, v) => n + v.targets.length, 0)]);
    expect.soft(describeViolations(serious), name).toEqual([]);
  }

  it('axe runs in WebKit through the WebDriver seam and finds a button without a name', async () => {
    await check('Đăng nhập', 'anonymous', '/');
    const tab = tabs.get(`anonymous:${TABLET.width}`)!;
    await tab.evaluate("document.querySelector('main').appendChild(Object.assign(document.createElement('button'), { id: 'axe-probe' })) && true");
    const { serious } = await axeReport((expr) => tab.evaluate(expr));
    await tab.evaluate("document.getElementById('axe-probe').remove() || true");
    expect(serious.map((v) => [v.rule, v.targets])).toContainEqual(['button-name', ['#axe-probe']]);
  });

  it('the set-password page, and a page that does not exist', async () => {
    await check('Đặt mật khẩu', 'anonymous', '/dat-mat-khau');
    await check('Không tìm thấy trang (delegate)', 'delegate', '/khong-co-trang-nay');
  });

  it('the home page and the session page in each role', async () => {
    for (const who of ['delegate', 'chair', 'secretary'] as const) {
      await check(`Trang chủ (${who})`, who, '/');
      await check(`Kỳ họp (${who})`, who, `/ky-hop/${f.sessionId}`);
    }
  });

  it('the dossier, the viewer and the tablet', async () => {
    await check('Tài liệu kỳ họp (delegate)', 'delegate', '/tai-lieu');
    await check('Hồ sơ kỳ họp (delegate)', 'delegate', `/tai-lieu/${f.sessionId}`);
    await check('Đọc tài liệu (delegate)', 'delegate', `/tai-lieu/${f.sessionId}/${ids.draft}`);
    await check('Máy tính bảng (delegate)', 'delegate', `/phien-hop/${f.sittingId}`);
  });

  it('the chair\'s console, the secretariat\'s pages and the hall screen', async () => {
    await check('Bàn điều hành (chair)', 'chair', `/dieu-hanh/${f.sittingId}`);
    await check('Văn phòng: chuẩn bị (secretary)', 'secretary', `/chuan-bi/${f.sessionId}`);
    await check('Triệu tập kỳ họp (secretary)', 'secretary', `/trieu-tap/${f.sessionId}`);
    await check('Biên bản phiên họp (secretary)', 'secretary', `/bien-ban/${f.sittingId}`);
    await check('Màn hình hội trường', 'secretary', `/man-hinh/${f.sittingId}`, { width: 1920, height: 1080 });
  });

  it('in the sitting: a secret vote open on the tablet, the chair\'s console and the hall screen, then its published result', async () => {
    const chair = await rig.joined(f.chair.id);
    const secretary = await rig.joined(f.secretary.id);
    ok(await (await rig.joined(f.delegate.id))('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), status: 'hall' }));
    ok(await (await rig.joined(f.absent[0]!.id))('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), status: 'online' }));
    const poll = await createAndOpen(secretary, chair, f.sittingId, { title: 'Nghị quyết về kế hoạch đầu tư công năm 2027', kind: 'resolution', secret: true });
    await check('Máy tính bảng: phiếu biểu quyết kín đang mở (delegate)', 'delegate', `/phien-hop/${f.sittingId}`, TABLET, '[data-testid="ballot"]');
    await check('Bàn điều hành: đang biểu quyết (chair)', 'chair', `/dieu-hanh/${f.sittingId}`, TABLET, '[data-testid="poll-control"]');
    await check('Màn hình hội trường: đang biểu quyết', 'secretary', `/man-hinh/${f.sittingId}`, { width: 1920, height: 1080 }, '[data-testid="hall-poll"]');
    await chairCommand(chair, 'poll:close', poll.id);
    await chairCommand(chair, 'poll:publish', poll.id);
    await check('Màn hình hội trường: kết quả', 'secretary', `/man-hinh/${f.sittingId}`, { width: 1920, height: 1080 }, '[data-testid="hall-poll"] [data-testid="poll-results"]');
    await check('Máy tính bảng: kết quả (delegate)', 'delegate', `/phien-hop/${f.sittingId}`);
  });

  it('the public portal', async () => {
    await check('Cổng công khai', 'anonymous', '/cong-khai');
  });
});
