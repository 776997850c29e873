import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOT_DIR } from '../e2e/browser.js';
import { describeQuery, STEP_TIMEOUT_MS, type Query, type Tab, type Text } from './driver.js';
import { WebDriverError, type ElementRef, type WebDriverSession } from './webdriver.js';

const file = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
/**
 * @testing-library/dom (roles and accessible names, labels) and the Query resolver, run in
 * the page by WebDriver's execute script. The page's CSP (no 'unsafe-eval') does not apply to
 * execute script itself in WebKit; it does to eval and new Function inside it (measured), and
 * neither script uses them.
 */
const INJECT = `${file('../../node_modules/@testing-library/dom/dist/@testing-library/dom.umd.min.js')};\n${file('./pageQuery.browser.js')}`;

/** A Query as JSON: a RegExp becomes { re, flags }, a string { s }. */
function wire(q: Query): unknown {
  const text = (t: Text | undefined) => (t === undefined ? undefined : typeof t === 'string' ? { s: t } : { re: t.source, flags: t.flags });
  return { ...q, name: text(q.name), label: text(q.label), text: text(q.text), within: q.within && wire(q.within), has: q.has && wire(q.has) };
}

/** Answers worth another try: the page re-rendered, or something covers the element a moment. */
const RETRY = new Set(['stale element reference', 'element click intercepted', 'element not interactable', 'no such element']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Found = { el?: ElementRef; disabled?: boolean; missing?: string; error?: string };

/** A WebKit window driven over WebDriver; queries run in the page, actions are WebDriver's real input. */
export class WebDriverTab implements Tab {
  readonly engine = 'webkit' as const;
  private readonly seen: string[] = [];
  private lastMissing = '';

  constructor(private readonly session: WebDriverSession, private readonly origin: string, private readonly onClose: () => Promise<void>) {}

  /** Runs `body` with the resolver present (injected again after every page load). */
  private async run<T>(body: string, args: unknown[] = []): Promise<T> {
    const script = `if (!window.__hdndq) return { __inject: true };\n${body}`;
    const first = await this.session.execute<T & { __inject?: true }>(script, args);
    if (!first || !(first as { __inject?: true }).__inject) return first;
    await this.session.execute(`${INJECT}\nreturn null;`);
    return this.session.execute<T>(script, args);
  }

  /** Retries `attempt` until it gives a value, for the step timeout; a strict-mode violation fails at once. */
  private async until<T>(what: string, q: Query, attempt: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    let last = '';
    this.lastMissing = '';
    for (;;) {
      try {
        const got = await attempt();
        if (got !== undefined) return got;
      } catch (err) {
        if (!(err instanceof WebDriverError && RETRY.has(err.error))) throw new Error(`${what} ${describeQuery(q)}: ${(err as Error).message}`);
        last = err.message;
      }
      if (Date.now() > deadline) throw new Error(`${what} ${describeQuery(q)}: timed out after ${STEP_TIMEOUT_MS / 1000} s (${last || this.lastMissing || 'none'})${await this.whereNow()}`);
      await sleep(100);
    }
  }

  /** For a step that timed out: the page's address and a screenshot of it, to see where it stood. */
  private async whereNow(): Promise<string> {
    try {
      const href = await this.session.execute<string>('return location.href;');
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = join(SCREENSHOT_DIR, `timeout-webkit-${Date.now()}.png`);
      writeFileSync(file, await this.session.screenshot());
      return ` at ${href}; screenshot ${file}`;
    } catch {
      return '';
    }
  }

  /** The one visible (and, for actions, enabled) match; else why not, for the timeout's message. */
  private async found(q: Query, enabled: boolean): Promise<ElementRef | undefined> {
    const r = await this.run<Found>('return window.__hdndq.one(arguments[0]);', [wire(q)]);
    if (r.error) throw new Error(r.error);
    this.lastMissing = r.missing ?? (enabled && r.disabled ? 'disabled' : '');
    return this.lastMissing ? undefined : r.el;
  }

  /**
   * The one match, enabled and scrolled into view: WebKitWebDriver's element click does not
   * scroll (measured: a link 45 px below a 768 px viewport stays at scrollY 0 and the click
   * answers "element not interactable" with no message), so it is done here, as Playwright does.
   */
  private async actionable(q: Query): Promise<ElementRef | undefined> {
    const el = await this.found(q, true);
    if (!el) return undefined;
    await this.session.execute("arguments[0].scrollIntoView({ block: 'nearest', inline: 'nearest' });", [el]);
    // As Playwright does before a click: the element has stopped moving (a page still laying
    // out what it loaded shifts it) and is what a pointer at its centre hits (nothing covers
    // it); else another try. WebKitWebDriver clicks whatever is at that point, without a word.
    const at = await this.session.executeAsync<{ stable: boolean; hit: boolean; top: string }>(`
      const el = arguments[0], done = arguments[arguments.length - 1];
      const a = el.getBoundingClientRect();
      setTimeout(() => {
        const b = el.getBoundingClientRect();
        const top = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
        done({ stable: a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height, hit: !!top && (top === el || el.contains(top)), top: top ? top.outerHTML.slice(0, 80) : 'nothing' });
      }, 50);`, [el]);
    if (!at.stable) this.lastMissing = 'still moving';
    else if (!at.hit) this.lastMissing = `covered by ${at.top}`;
    return at.stable && at.hit ? el : undefined;
  }

  async goto(path: string) {
    this.seen.push(...(await this.pageProblems()));
    await this.session.navigate(this.origin + path);
  }

  async click(q: Query) {
    await this.until('click', q, async () => {
      const el = await this.actionable(q);
      return el && (await this.session.click(el), true);
    });
  }

  async fill(q: Query, value: string) {
    await this.until('fill', q, async () => {
      const el = await this.actionable(q);
      if (!el) return undefined;
      await this.session.clear(el);
      // WebKit's clear fires no input event: typing does, and an empty value is announced here.
      // WebKitWebDriver types a "\n" as nothing (measured: a textarea's lines ran together);
      // a line break is the Enter key, as a user types it.
      if (value) await this.session.type(el, value.replace(/\r?\n/g, '\uE007'));
      else await this.session.execute("arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", [el]);
      return true;
    });
  }

  async select(q: Query, optionLabel: string) {
    await this.until('select', q, async () => {
      const el = await this.actionable(q);
      if (!el) return undefined;
      const option = await this.session.execute<ElementRef | null>("return Array.from(arguments[0].options).find((o) => o.label.trim() === arguments[1]) || null;", [el, optionLabel]);
      if (!option) throw new Error(`no option labelled ${JSON.stringify(optionLabel)}`);
      // Clicking an <option> selects it (WebDriver's element click): the change event fires as for a user.
      await this.session.click(option);
      return true;
    });
  }

  async press(key: string) { await this.session.press(key); }

  waitFor(q: Query, state: 'visible' | 'gone' = 'visible') {
    if (state === 'visible') return this.until('wait for', q, () => this.found(q, false)).then(() => undefined);
    return this.until('wait for gone:', q, async () => ((await this.run<boolean>('return window.__hdndq.all(arguments[0]).some(window.__hdndq.visible);', [wire(q)])) ? undefined : true)).then(() => undefined);
  }

  /** A property of the one element matching `q` (visible or not), once there is one. */
  private of<T>(what: string, q: Query, expression: string, arg?: unknown): Promise<T> {
    return this.until(what, q, async () => {
      const r = await this.run<{ v?: T; n: number }>(`const all = window.__hdndq.all(arguments[0]); if (all.length !== 1) return { n: all.length }; const el = all[0]; return { n: 1, v: ${expression} };`, [wire(q), arg]);
      if (r.n > 1) throw new Error(`strict: ${r.n} elements match`);
      return r.n === 1 ? ({ v: r.v } as { v: T }) : undefined;
    }).then((r) => r.v);
  }

  async textOf(q: Query) { return (await this.of<string>('text of', q, 'el.innerText')).replace(/\s+/g, ' ').trim(); }
  attributeOf(q: Query, name: string) { return this.of<string | null>('attribute of', q, 'el.getAttribute(arguments[1])', name); }
  count(q: Query) { return this.run<number>('return window.__hdndq.all(arguments[0]).length;', [wire(q)]); }
  evaluate<T>(expression: string) { return this.session.execute<T>(`return (${expression});`); }

  async screenshot(name: string, around?: Query) {
    if (around) {
      const el = await this.until('scroll to', around, () => this.found(around, false));
      await this.session.execute("arguments[0].scrollIntoView({ block: 'nearest' });", [el]);
    }
    // A frame first, so what the last step changed is painted.
    await this.session.executeAsync('const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(null)));');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, name);
    writeFileSync(path, await this.session.screenshot());
    return path;
  }

  private pageProblems() { return this.session.execute<string[] | null>('return window.__hdndProblems || [];').then((p) => p ?? [], () => []); }
  async problems() { return [...this.seen, ...(await this.pageProblems())]; }

  async close() {
    await this.session.end().catch(() => undefined);
    await this.onClose();
  }
}
