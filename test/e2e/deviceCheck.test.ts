import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openSignedIn, overflowsHorizontally, shotFromTop, smallTouchTargets, textOf, type Opened } from './browser.js';
import { startBriefingRig, type BriefingRig } from './briefingRig.js';

/**
 * A delegate attending from home on their own device (issue 15), in Chromium with a fake
 * camera and microphone over real mediasoup: the device check on the tablet page (the camera's
 * picture, the microphone's level, the speaker test, the link's quality from mediasoup's
 * scores, where from), the check-in, and the stage that follows — again by itself after a
 * reload. A browser that blocks the camera and the microphone is told so in plain words.
 * Screenshots: test-results/screenshots/remote-device-check-*.png, remote-stage-*.png.
 */
const SIZES = [[1024, 768], [1440, 900]] as const;
const PLACE = 'Nhà riêng, xã Tân Lập';

/**
 * Installed before the page loads: every track the page opens is kept in `window.__tracks`,
 * so a test can tell whether a microphone is still open (its device light on).
 */
const TRACK_SPY = `(() => {
  const md = navigator.mediaDevices;
  if (!md) return;
  const open = md.getUserMedia.bind(md);
  window.__tracks = [];
  md.getUserMedia = async (c) => { const s = await open(c); window.__tracks.push(...s.getTracks()); return s; };
})();`;
const liveMicTracks = (p: Page) => p.evaluate("window.__tracks.filter((t) => t.kind === 'audio' && t.readyState === 'live').length") as Promise<number>;

describe('a delegate at home: the device check, the check-in and the stage', () => {
  let rig: BriefingRig;
  let f: BriefingRig['f'];
  let home: Opened;
  let hall: Opened;
  let denied: Browser | null = null;
  let blocked: Opened;

  beforeAll(async () => {
    rig = await startBriefingRig({ workers: 1, ports: { min: 51000, max: 51999 }, homeDelegates: true });
    f = rig.f;
  }, 180_000);
  afterAll(async () => {
    for (const o of [home, hall, blocked]) if (o) expect(o.problems).toEqual([]);
    await denied?.close();
    await rig?.stop();
  });

  const open = (browser: Browser, userId: string, path: string, width = 1024, height = 768) =>
    openSignedIn(browser, rig.server, userId, path, { viewport: { width, height }, locale: 'vi-VN' }, (p) => void p.addInitScript(TRACK_SPY));

  /** The page at both sizes: a screenshot each, no sideways scrolling, no touch target under 44 px. */
  async function atSizes(page: Page, name: string) {
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await shotFromTop(page, `${name}-${width}x${height}.png`);
      expect(await overflowsHorizontally(page), `${name} at ${width}`).toBe(false);
      expect(await smallTouchTargets(page), `${name} at ${width}`).toEqual([]);
    }
    await page.setViewportSize({ width: 1024, height: 768 });
  }

  /** The server's view of delegate A's media: the kinds of their producers in the briefing. */
  async function producersOfA(): Promise<string[]> {
    const room = await rig.media.existing(f.sittingId);
    return (room?.peers() ?? []).filter((p) => p.userId === f.homeA.id && p.role === 'remote').flatMap((p) => p.producers()).map((p) => p.kind).sort();
  }

  const videoWidth = (p: Page, testId: string) => p.evaluate(`document.querySelector('[data-testid="${testId}"] video')?.videoWidth ?? 0`) as Promise<number>;

  it('the device check shows the camera, the microphone level and the link quality; the microphone is not sent', async () => {
    home = await open(rig.browser, f.homeA.id, `/phien-hop/${f.sittingId}`);
    const card = home.page.getByTestId('checkin');
    await card.getByRole('button', { name: 'Tôi có mặt' }).waitFor();
    // The delegate's meeting point takes no part: the hall, or this device.
    expect(await card.getByRole('button').allInnerTexts()).toEqual(['Tôi có mặt', 'Tham dự trực tuyến từ thiết bị này']);
    await card.getByRole('button', { name: 'Tham dự trực tuyến từ thiết bị này' }).click();
    const check = home.page.getByTestId('device-check');
    await check.waitFor();

    await expect.poll(() => videoWidth(home.page, 'device-preview'), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(async () => Number(await check.getByTestId('mic-level').getAttribute('data-level')), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => check.getByTestId('link-quality').getAttribute('data-quality'), { timeout: 15_000 }).not.toBe('unknown');
    // Already in the briefing: the camera is on the server, the microphone is not (only measured here).
    expect(await producersOfA()).toEqual(['video']);
    expect(await liveMicTracks(home.page)).toBe(1);

    await check.getByRole('button', { name: 'Thử loa' }).click();
    await check.getByText('Bạn có nghe thấy tiếng chuông không?').waitFor();
    await check.getByRole('button', { name: 'Có, nghe rõ' }).click();
    await check.getByText('Loa hoạt động tốt.').waitFor();
    expect(await check.getByRole('combobox', { name: 'Camera' }).count()).toBe(1);
    expect(await check.getByRole('combobox', { name: 'Micrô' }).count()).toBe(1);
    await check.getByLabel('Nơi tham dự (không bắt buộc)').fill(PLACE);
    expect(await check.getByTestId('device-error').count()).toBe(0);
    await atSizes(home.page, 'remote-device-check');
  }, 90_000);

  it('checks in from this device: the stage goes live with the microphone off and released; a reload brings it back', async () => {
    hall = await open(rig.browser, f.chair.id, `/hop-truc-tuyen/${f.sittingId}`, 1440, 900);
    await hall.page.locator('[data-testid="media-status"][data-status="live"]').waitFor({ timeout: 30_000 });
    // The chair's grid shows the delegate at home by name, before she has even checked in.
    await hall.page.getByTestId('room-thumbnail').getByText(f.homeA.displayName).waitFor({ timeout: 15_000 });

    await home.page.getByTestId('device-check').getByRole('button', { name: 'Điểm danh và vào họp trực tuyến' }).click();
    const stage = home.page.locator('[data-testid="remote-stage"][data-status="live"]');
    await stage.waitFor({ timeout: 30_000 });
    await home.page.getByTestId('device-check').waitFor({ state: 'detached' });
    expect(await textOf(home.page.getByTestId('checkin'))).toMatch(new RegExp(`Trực tuyến · Thiết bị cá nhân \\(${PLACE}\\) · lúc \\d\\d:\\d\\d`));
    const mic = stage.getByTestId('mic-state');
    expect(await mic.getAttribute('data-on')).toBe('false');
    expect(await textOf(mic)).toBe('Micrô tắt — chỉ bật khi chủ tọa mời bạn phát biểu');
    expect(await stage.getByTestId('floor-banner').count()).toBe(0);
    // The device check's microphone was released; nothing but the camera goes to the server.
    await expect.poll(() => liveMicTracks(home.page)).toBe(0);
    expect(await producersOfA()).toEqual(['video']);
    // The hall is the large picture; the link is measured.
    await expect.poll(() => videoWidth(home.page, 'main-video'), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await textOf(stage.getByTestId('main-video').locator('figcaption'))).toContain(`Hội trường chính · ${f.chair.displayName}`);
    await expect.poll(() => stage.getByTestId('my-link').getAttribute('data-quality'), { timeout: 15_000 }).not.toBe('unknown');
    await expect.poll(() => videoWidth(home.page, 'self-view'), { timeout: 10_000 }).toBeGreaterThan(0);
    // The rest of the tablet stays at hand beside the stage.
    await home.page.getByRole('button', { name: 'Đăng ký phát biểu' }).waitFor();
    await atSizes(home.page, 'remote-stage');

    // Reloaded while checked in from this device: the stage starts again by itself.
    await home.page.reload();
    await home.page.locator('[data-testid="remote-stage"][data-status="live"]').waitFor({ timeout: 30_000 });
    expect(await home.page.getByTestId('device-check').count()).toBe(0);
    expect(await home.page.evaluate('typeof window.hdndMedia?.stats')).toBe('function');
    await expect.poll(() => videoWidth(home.page, 'main-video'), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await liveMicTracks(home.page)).toBe(0);
  }, 120_000);

  it('a browser that blocks the camera and the microphone: the delegate is told where to allow them, and may try again', async () => {
    // Chromium as a delegate's would be after "Block": no fake permission UI, every prompt denied.
    denied = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--deny-permission-prompts',
      ],
    });
    blocked = await open(denied, f.homeB.id, `/phien-hop/${f.sittingId}`);
    // It really refuses.
    expect(await blocked.page.evaluate("navigator.mediaDevices.getUserMedia({ video: true, audio: true }).then((s) => { s.getTracks().forEach((t) => t.stop()); return 'granted'; }, (e) => e.name)")).toBe('NotAllowedError');

    await blocked.page.getByTestId('checkin').getByRole('button', { name: 'Tham dự trực tuyến từ thiết bị này' }).click();
    const check = blocked.page.getByTestId('device-check');
    const error = check.getByTestId('device-error');
    await error.getByText('Trình duyệt đang chặn camera và micrô cho trang này.').waitFor({ timeout: 20_000 });
    expect(await textOf(error)).toContain('bấm vào biểu tượng ổ khóa (hoặc biểu tượng camera) ở bên trái thanh địa chỉ, chọn “Cho phép” cho Camera và Micrô, rồi bấm “Thử lại”');
    // Announced at once to a screen reader.
    expect(await error.getByRole('alert').filter({ hasText: 'Trình duyệt đang chặn camera và micrô' }).count()).toBe(1);
    await atSizes(blocked.page, 'remote-device-check-blocked');
    // "Thử lại" asks the browser again; still blocked, the message stays.
    await error.getByRole('button', { name: 'Thử lại' }).click();
    await new Promise((r) => setTimeout(r, 500));
    await error.getByText('Trình duyệt đang chặn camera và micrô cho trang này.').waitFor();
    expect(await videoWidth(blocked.page, 'device-preview')).toBe(0);
    expect(await check.getByRole('button', { name: 'Điểm danh và vào họp trực tuyến' }).isEnabled()).toBe(true);
  }, 90_000);
});
