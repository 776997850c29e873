import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { engineOf, SCREENSHOT_DIR, shotNameFor } from '../e2e/browser.js';

/**
 * The user's text size doubled, as WCAG 1.4.4 (Resize Text) means it: the root font size
 * twice what the page sets (the app's 106.25 % of the browser default, so 212.5 %), the
 * viewport unchanged. Every rem and em grows with it, as with a browser's "very large" text
 * setting; a size fixed in px would not, and would show here as text that did not grow.
 */
export async function doubleTextSize(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const root = document.documentElement;
    root.dataset.textBase = root.dataset.textBase || getComputedStyle(root).fontSize;
    root.style.fontSize = (2 * parseFloat(root.dataset.textBase)) + 'px';
  })()`);
}

/**
 * Text inside `main` that the reader cannot see whole: a box that clips its own text
 * (overflow not visible, content wider or taller than the box, or an ellipsis), or a line
 * that runs past the viewport's right edge. Each as `tag.class: text`.
 */
export async function clippedTexts(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const out = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const el = node.parentElement;
      if (!text || !el || seen.has(el) || el.closest('.visually-hidden, [hidden], dialog:not([open])')) continue;
      const s = getComputedStyle(el);
      if (s.display === 'none' || s.visibility === 'hidden') continue;
      const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ': ' + text.slice(0, 50);
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      const clips = s.overflowX !== 'visible' || s.overflowY !== 'visible';
      if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) { out.push('clipped ' + name); seen.add(el); }
      else if (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) { out.push('ellipsis ' + name); seen.add(el); }
      else if (r.width > 0 && (r.right > innerWidth + 1 || r.left < -1)) { out.push('off-screen ' + name); seen.add(el); }
    }
    return out;
  })()`)) as string[];
}

/**
 * Whether `target` can be scrolled into view and then lies wholly inside the viewport, its
 * centre not covered by anything else (a sticky header, say).
 */
export async function reachable(page: Page, target: Locator): Promise<boolean> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  const view = page.viewportSize()!;
  if (!box || box.x < 0 || box.y < 0 || box.x + box.width > view.width + 0.5 || box.y + box.height > view.height + 0.5) return false;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  return target.evaluate((el, [px, py]) => {
    const top = (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): unknown } }).document.elementFromPoint(px!, py!);
    return !!top && (el === top || (el as unknown as { contains(n: unknown): boolean }).contains(top));
  }, [x, y]);
}

/** A screenshot of the viewport only (what the reader sees, sticky header where it sits). */
export async function viewportShot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, shotNameFor(engineOf(page), name)) });
}

/** A computed style property of the first element matched. */
export const computed = (target: Locator, property: string): Promise<string> =>
  target.first().evaluate((el, p) => (globalThis as unknown as { getComputedStyle(e: unknown): { getPropertyValue(p: string): string } }).getComputedStyle(el).getPropertyValue(p), property);

/** The computed font size, in CSS px, of the first element matched. */
export const fontPx = async (target: Locator): Promise<number> => parseFloat(await computed(target, 'font-size'));
