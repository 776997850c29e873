import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { firefox } from 'playwright-firefox';
import type { Deps } from '../../server/src/app/deps.js';
import { cookieFor } from '../helpers/sockets.js';
import { launchChromiumWithFakeMedia } from './mediaBrowser.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOT_DIR = join(repoRoot, 'test-results', 'screenshots');

/** Builds the client with its own Vite config into a fresh temporary directory. */
export async function buildClient(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'hdnd-client-'));
  await build({
    configFile: join(repoRoot, 'client', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/**
 * One client build for a test file whose engines each start a server of their own: built on
 * first use, removed after the file. Call at the file's top level.
 */
export function clientBuildPerFile(): () => Promise<string> {
  let dir: Promise<string> | undefined;
  afterAll(async () => {
    if (dir) rmSync(await dir, { recursive: true, force: true });
  });
  return () => (dir ??= buildClient());
}

/** The browser engines the main flows run in. */
export type Engine = 'chromium' | 'firefox';
/** Chromium first: its screenshots keep the plain names, the others' carry a suffix. */
export const ENGINES: readonly Engine[] = ['chromium', 'firefox'];

/** A screenshot's file name for the engine: `name.png` in Chromium, `name-firefox.png` in Firefox. */
export const shotNameFor = (engine: Engine, name: string) => (engine === 'chromium' ? name : name.replace(/(\.png)?$/, `-${engine}$1`));

/** The engine a page runs in. */
export const engineOf = (page: Page): Engine => (page.context().browser()?.browserType().name() === 'firefox' ? 'firefox' : 'chromium');

/** The system Chromium, headless; playwright gives it its own user-data-dir. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Debian's Firefox ESR, headless, over WebDriver BiDi through playwright-core 1.64 (the npm
 * alias `playwright-firefox`: 1.65 sends a BiDi command this Firefox does not know). With
 * `fakeMedia`, a fake camera and microphone granted without a prompt, and sound that may
 * start without a click (as Chromium's flags in mediaBrowser.ts).
 */
export async function launchFirefox(opts: { fakeMedia?: boolean } = {}): Promise<Browser> {
  const media: Record<string, boolean | number> = opts.fakeMedia ? { 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true, 'media.autoplay.default': 0, 'media.autoplay.blocking_policy': 0 } : {};
  const browser = await firefox.launch({
    channel: 'moz-firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    firefoxUserPrefs: { 'browser.shell.checkDefaultBrowser': false, 'datareporting.policy.dataSubmissionEnabled': false, ...media },
  });
  // The same client a minor version older: its types differ from playwright-core's only nominally.
  return browser as unknown as Browser;
}

/**
 * The address the media workers listen on and announce for a test in `engine`. Chromium reaches
 * loopback. Firefox ESR 153 gathers no loopback candidate whatever its prefs say
 * (`media.peerconnection.ice.loopback` and `…force_interface: 'lo'` both tried: its candidates
 * stay the eth0 IPv4 and IPv6 addresses, no pair forms, ICE fails), so its tests use this
 * machine's first routable IPv4 address — as a deployment announces one.
 */
export function mediaListenIpFor(engine: Engine): string {
  if (engine === 'chromium') return '127.0.0.1';
  const routable = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!routable) throw new Error('Firefox WebRTC tests need a non-loopback IPv4 address on this machine (Firefox gathers no loopback ICE candidate)');
  return routable.address;
}

/** The engine launched headless; `fakeMedia` for the meeting room's camera and microphone (`talking`: see talkingMic.ts; Chromium only). */
export function launchBrowser(engine: Engine, opts: { fakeMedia?: boolean; talking?: boolean } = {}): Promise<Browser> {
  if (engine === 'firefox') return launchFirefox(opts);
  return opts.fakeMedia ? launchChromiumWithFakeMedia({ talking: opts.talking }) : launchChromium();
}

/** A full-page screenshot, named for the page's engine (`shotNameFor`). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, shotNameFor(engineOf(page), name)), fullPage: true });
}

/**
 * A full-page screenshot from the top (the page and its inner lists), so a sticky header sits
 * where it belongs.
 */
export async function shotFromTop(page: Page, name: string): Promise<void> {
  // A string: the tests' tsconfig has no DOM types.
  await page.evaluate("window.scrollTo(0, 0); for (const el of document.querySelectorAll('ul')) el.scrollTop = 0;");
  await screenshot(page, name);
}

/**
 * Screenshots at the tablet and desktop sizes (1024x768, 1440x900) into `dir` as
 * `name-WxH.png`, checking the page does not scroll sideways at either, then back to 1280x900.
 * `fullPage` from the top; otherwise the viewport as it is (an open dialog).
 */
export async function shotsAtBothSizes(page: Page, dir: string, name: string, opts: { fullPage: boolean }): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [width, height] of [[1024, 768], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    if (opts.fullPage) await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(dir, `${name}-${width}x${height}.png`), fullPage: opts.fullPage });
    if (await overflowsHorizontally(page)) throw new Error(`${name} scrolls sideways at ${width}x${height}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Text with every run of white space as one space (innerText spaces blocks by their margins). */
export const textOf = async (l: { innerText(): Promise<string> }) => (await l.innerText()).replace(/\s+/g, ' ');

/**
 * Visible buttons, links and inputs smaller than a 44 px touch target, described. A visually
 * hidden control (the `.visually-hidden` file input behind a styled label) is not a target:
 * its label is, and is measured as a button or link.
 */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  // One evaluation in the page: a round trip per control takes seconds a page in Firefox over BiDi.
  return (await page.evaluate(SMALL_TARGETS)) as string[];
}

/** What smallTouchTargets runs in the page (a string: the tests' tsconfig has no DOM types). */
const SMALL_TARGETS = `(() => {
  const small = [];
  for (const el of document.querySelectorAll('button, a, input, select, textarea, [role="button"]')) {
    if (el.classList.contains('visually-hidden')) continue;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility !== 'visible') continue;
    if (r.height >= 44 && r.width >= 44) continue;
    const label = el.getAttribute('aria-label') ?? (el.innerText || '').trim();
    small.push((label || el.id || '?') + ': ' + Math.round(r.width) + '×' + Math.round(r.height));
  }
  return small;
})()`;

/** The page's own CSP violations, as console errors naming the script. */
const CSP_VIOLATIONS_TO_CONSOLE = "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' by ' + (e.sourceFile || e.blockedURI) + ':' + e.lineNumber));";

/** Page errors and CSP violations (either fails the test at the end); sets a 20 s step timeout. */
export function watchProblems(page: Page): string[] {
  // A step that cannot happen fails in 20 s naming its locator, not at the test's own timeout.
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  // Firefox files a CSP "blocked a JavaScript eval" page error when Playwright (over WebDriver
  // BiDi) evaluates its own injected script: the harness's, not the page's, and worded the same.
  // The page's own violations are caught instead by the event the page itself receives.
  const harness = engineOf(page) === 'firefox' ? /blocked a JavaScript eval \(script-src\)/ : null;
  if (harness) void page.addInitScript(CSP_VIOLATIONS_TO_CONSOLE);
  page.on('pageerror', (err) => {
    if (!harness?.test(err.message)) problems.push(`pageerror: ${err.message}`);
  });
  page.on('console', (msg) => {
    // A 401 from the start-up "who am I" is expected and logged by Chromium itself.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`console: ${msg.text()}`);
  });
  return problems;
}

/** Whether the page scrolls sideways (a layout that does not fit the viewport). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  const widths = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
  return widths[0] > widths[1];
}

export interface Opened { context: BrowserContext; page: Page; problems: string[] }

/**
 * A new browser context signed in as `userId` by a session cookie of its own, opened at
 * `path`; `prepare` runs on the page before it navigates (listeners that must see the load).
 */
export async function openSignedIn(browser: Browser, server: { url: string; deps: Deps }, userId: string, path: string, opts: Parameters<Browser['newContext']>[0] = {}, prepare?: (page: Page) => void): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
  const cookie = await cookieFor(server.deps, userId);
  const eq = cookie.indexOf('=');
  await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: server.url }]);
  const page = await context.newPage();
  const problems = watchProblems(page);
  prepare?.(page);
  await page.goto(server.url + path);
  return { context, page, problems };
}
