import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { SCREENSHOT_DIR } from '../e2e/browser.js';
import { STEP_TIMEOUT_MS, type Engine, type EngineName, type Query, type Tab, type TabOptions } from './driver.js';

/** The Query as a Playwright locator: strings exact, as the WebDriver side matches them. */
export function locate(page: Page, q: Query): Locator {
  const scope: Page | Locator = q.within ? locate(page, q.within) : page;
  let l: Locator;
  if (q.role !== undefined) l = scope.getByRole(q.role as Parameters<Page['getByRole']>[0], q.name === undefined ? {} : { name: q.name, exact: true });
  else if (q.label !== undefined) l = scope.getByLabel(q.label, { exact: true });
  else if (q.text !== undefined) l = scope.getByText(q.text, { exact: true });
  else if (q.testId !== undefined) l = scope.getByTestId(q.testId);
  else l = scope.locator(q.css!);
  if (q.has) l = l.filter({ has: locate(page, q.has) });
  return q.nth === undefined ? l : l.nth(q.nth);
}

class PlaywrightTab implements Tab {
  private readonly seen: string[] = [];

  constructor(readonly engine: EngineName, private readonly page: Page, private readonly origin: string) {
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('pageerror', (err) => this.seen.push(`pageerror at ${new URL(page.url()).pathname}: ${err.message}`));
    page.on('console', (msg) => {
      // A 401 from the start-up "who am I" is expected, and logged by the browser itself.
      if (msg.type() === 'error' && !/^Failed to load resource|401 \(Unauthorized\)|status of 401/.test(msg.text())) this.seen.push(`console: ${msg.text()}`);
    });
  }

  async goto(path: string) { await this.page.goto(this.origin + path); }
  click(q: Query) { return locate(this.page, q).click(); }
  fill(q: Query, value: string) { return locate(this.page, q).fill(value); }
  async select(q: Query, optionLabel: string) { await locate(this.page, q).selectOption({ label: optionLabel }); }
  press(key: string) { return this.page.keyboard.press(key); }
  waitFor(q: Query, state: 'visible' | 'gone' = 'visible') { return locate(this.page, q).waitFor({ state: state === 'gone' ? 'hidden' : 'visible' }); }
  async textOf(q: Query) { return (await locate(this.page, q).innerText()).replace(/\s+/g, ' ').trim(); }
  attributeOf(q: Query, name: string) { return locate(this.page, q).getAttribute(name); }
  count(q: Query) { return locate(this.page, q).count(); }
  evaluate<T>(expression: string) { return this.page.evaluate(expression) as Promise<T>; }
  async screenshot(name: string, around?: Query) {
    if (around) await locate(this.page, around).scrollIntoViewIfNeeded();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, name);
    await this.page.screenshot({ path });
    return path;
  }
  async problems() { return [...this.seen]; }
  close() { return this.page.context().close(); }
}

/** Chromium or Firefox, launched by `launch`; each tab a browser context of its own. */
export function playwrightEngine(name: EngineName, browser: Browser): Engine {
  return {
    name,
    async open({ origin, viewport, cookie }: TabOptions) {
      const context = await browser.newContext({ viewport });
      if (cookie) {
        const eq = cookie.indexOf('=');
        await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: origin }]);
      }
      return new PlaywrightTab(name, await context.newPage(), origin);
    },
    close: () => browser.close(),
  };
}
