import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Deps } from '../../server/src/app/deps.js';
import { cookieFor } from '../helpers/sockets.js';

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

/** The system Chromium, headless; playwright gives it its own user-data-dir. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true });
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

/** Text with every run of white space as one space (innerText spaces blocks by their margins). */
export const textOf = async (l: { innerText(): Promise<string> }) => (await l.innerText()).replace(/\s+/g, ' ');

/**
 * Visible buttons, links and inputs smaller than a 44 px touch target, described. A visually
 * hidden control (the `.visually-hidden` file input behind a styled label) is not a target:
 * its label is, and is measured as a button or link.
 */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  const visible = ':visible:not(.visually-hidden)';
  const targets = page.locator(['button', 'a', 'input', 'select', 'textarea', '[role="button"]'].map((s) => s + visible).join(', '));
  const small: string[] = [];
  for (const el of await targets.all()) {
    const box = await el.boundingBox();
    if (!box || (box.height >= 44 && box.width >= 44)) continue;
    const label = (await el.getAttribute('aria-label')) ?? (await el.innerText()).trim() ?? '';
    small.push(`${label || (await el.getAttribute('id')) || '?'}: ${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  return small;
}

/** Page errors and CSP violations (either fails the test at the end); sets a 20 s step timeout. */
export function watchProblems(page: Page): string[] {
  // A step that cannot happen fails in 20 s naming its locator, not at the test's own timeout.
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
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
