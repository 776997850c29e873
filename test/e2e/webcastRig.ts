import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildBriefingFixture } from '../helpers/briefingFixture.js';
import { MediaService } from '../../media/src/MediaService.js';
import { WorkerPool } from '../../media/src/WorkerPool.js';
import { buildClient } from './browser.js';
import { launchChromiumWithFakeMedia } from './mediaBrowser.js';

export interface WebcastRig {
  server: TestServer;
  media: MediaService;
  browser: Browser;
  f: Awaited<ReturnType<typeof buildBriefingFixture>>;
  /** Where the server's webcasts write (live lists and recordings). */
  webcastDir: string;
  stop(): Promise<void>;
}

/**
 * The briefing rig (briefingRig.ts) with webcasting on: the client built, real mediasoup
 * workers on their own port range, a real server running ffmpeg for public open sittings, the
 * briefing fixture, and Chromium with a fake camera and microphone.
 */
export async function startWebcastRig(opts: { workers: number; ports: { min: number; max: number } }): Promise<WebcastRig> {
  const distDir = await buildClient();
  const webcastDir = mkdtempSync(join(tmpdir(), 'hdnd-webcast-e2e-'));
  const pool = await WorkerPool.create({ size: opts.workers, listen: { ip: '127.0.0.1', portRange: opts.ports }, respawnDelayMs: 200 });
  const media = MediaService.withPool(pool, { transport: { initialAvailableOutgoingBitrate: 1_000_000, maxIncomingBitrate: 3_000_000 }, consumerBudget: 500 });
  const server = await startTestServer({ env: { CLIENT_DIST: distDir, WEBCAST: 'true', WEBCAST_DIR: webcastDir }, media });
  const f = await buildBriefingFixture(server.deps);
  const browser = await launchChromiumWithFakeMedia();
  return {
    server, media, browser, f, webcastDir,
    async stop() {
      await browser.close();
      await server.stop();
      media.close();
      rmSync(distDir, { recursive: true, force: true });
      rmSync(webcastDir, { recursive: true, force: true });
    },
  };
}

/** The clock pattern: 24 bits of Date.now() (ms, wrapping every 4.6 h), 8 cells a row. */
export const CLOCK_BITS = 24;
const COLS = 8;

/**
 * An init script for the hall's page: the camera the page asks for is replaced by a 1280×720
 * canvas (25 fps) that paints, each frame, the wall clock in ms as black and white cells —
 * three rows of bits and, under them, the same bits inverted (a read is valid only when each
 * pair differs) — and the time as text below. The microphone stays Chromium's fake one (a
 * beep). A string: the tests' tsconfig has no DOM types.
 */
export const CLOCK_CAMERA = `(() => {
  const md = navigator.mediaDevices;
  if (!md) return;
  const own = md.getUserMedia.bind(md);
  md.getUserMedia = async (c) => {
    const s = await own(c);
    const cam = s.getVideoTracks()[0];
    if (!cam) return s;
    const canvas = document.createElement('canvas');
    canvas.width = 1280; canvas.height = 720;
    const g = canvas.getContext('2d');
    const rows = ${CLOCK_BITS / COLS}, cols = ${COLS}, cw = 1280 / cols, ch = 90;
    let n = 0;
    const paint = () => {
      const now = Date.now();
      const v = now % ${2 ** CLOCK_BITS};
      g.fillStyle = '#203a5c'; g.fillRect(0, 0, 1280, 720);
      for (let i = 0; i < ${CLOCK_BITS}; i++) {
        const bit = (v >> i) & 1, x = (i % cols) * cw, y = Math.floor(i / cols) * ch;
        g.fillStyle = bit ? '#fff' : '#000'; g.fillRect(x, y, cw, ch);
        g.fillStyle = bit ? '#000' : '#fff'; g.fillRect(x, y + rows * ch, cw, ch);
      }
      g.fillStyle = '#fff'; g.font = 'bold 64px sans-serif';
      g.fillText('Hội trường · ' + new Date(now).toISOString().slice(11, 23) + ' · #' + (n++), 40, 640);
      g.fillStyle = '#e0a800'; g.fillRect((n * 16) % 1280, 690, 120, 24);
    };
    paint();
    setInterval(paint, 20);
    const track = canvas.captureStream(25).getVideoTracks()[0];
    cam.stop();
    return new MediaStream([...s.getAudioTracks(), track]);
  };
})();`;

/**
 * Starts, in the page, a reader of the portal's <video>: on each frame presented it reads
 * the clock cells and records (its own Date.now() − the painted time) in `window.g2g`.
 */
export async function readClockFrames(page: Page, selector: string): Promise<void> {
  await page.evaluate(`(() => {
    const v = document.querySelector(${JSON.stringify(selector)});
    const c = document.createElement('canvas');
    c.width = 640; c.height = 360;
    const g = c.getContext('2d', { willReadFrequently: true });
    const rows = ${CLOCK_BITS / COLS}, cols = ${COLS}, cw = 640 / cols, ch = 45;
    window.g2g = [];
    window.g2gBad = 0;
    const luma = (x, y) => {
      const d = g.getImageData(x - 6, y - 6, 12, 12).data;
      let sum = 0;
      for (let i = 0; i < d.length; i += 4) sum += d[i] * 0.299 + d[i + 1] * 0.587 + d[i + 2] * 0.114;
      return sum / (d.length / 4);
    };
    const onFrame = () => {
      const now = Date.now();
      if (v.videoWidth) {
        g.drawImage(v, 0, 0, 640, 360);
        let value = 0, ok = true;
        for (let i = 0; i < ${CLOCK_BITS}; i++) {
          const x = (i % cols) * cw + cw / 2, y = Math.floor(i / cols) * ch + ch / 2;
          const a = luma(x, y) > 128, b = luma(x, y + rows * ch) > 128;
          if (a === b) { ok = false; break; }
          if (a) value += 2 ** i;
        }
        if (ok) window.g2g.push(((now % ${2 ** CLOCK_BITS}) - value + ${2 ** CLOCK_BITS}) % ${2 ** CLOCK_BITS});
        else window.g2gBad += 1;
      }
      v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
  })()`);
}

/**
 * Samples, in the page, the <video>'s sound through an AnalyserNode for `ms` (every 20 ms,
 * each window 43 ms: nothing between two samples is missed); returns the peak amplitude
 * (0…1). The element must be unmuted (a muted element feeds the graph silence).
 */
export async function soundPeak(page: Page, selector: string, ms: number): Promise<number> {
  return (await page.evaluate(`new Promise((resolve) => {
    const v = document.querySelector(${JSON.stringify(selector)});
    const ctx = window.__webcastAudio ??= new AudioContext();
    const src = window.__webcastSource ??= ctx.createMediaElementSource(v);
    const an = ctx.createAnalyser();
    an.fftSize = 2048;
    src.connect(an);
    an.connect(ctx.destination);
    const buf = new Float32Array(an.fftSize);
    let peak = 0;
    void ctx.resume();
    const t = setInterval(() => {
      an.getFloatTimeDomainData(buf);
      for (const x of buf) peak = Math.max(peak, Math.abs(x));
    }, 20);
    setTimeout(() => { clearInterval(t); an.disconnect(); resolve(peak); }, ${ms});
  })`)) as number;
}

/**
 * Waits until `expression` is truthy in the page, polled by page.evaluate (the product's CSP
 * forbids the eval that waitForFunction's polling of a string needs).
 */
export async function until(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`not true within ${timeoutMs} ms: ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
