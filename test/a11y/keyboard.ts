import type { Locator, Page } from 'playwright-core';

/** Whether `target` has the focus now. */
export const isFocused = (target: Locator): Promise<boolean> =>
  // A function (a string would be evaluated, not called); the tests' tsconfig has no DOM types.
  target.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);

/** Presses `key` (Tab or Shift+Tab) until `target` has the focus; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 80): Promise<number> {
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(target)) return presses;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} ×${max} never reached ${String(target)}`);
}

/**
 * How the focused element shows its focus: its outline (style and width) and box shadow as
 * computed. Empty when nothing marks it.
 */
export async function focusRing(page: Page): Promise<string> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? s.outlineWidth + ' ' + s.outlineStyle + ' ' + s.outlineColor : '';
    const shadow = s.boxShadow !== 'none' ? s.boxShadow : '';
    return [outline, shadow].filter(Boolean).join(' | ');
  })()`)) as string;
}

/** The focused element, described (tag, role, name) for a failure message. */
export const focusedElement = (page: Page): Promise<string> =>
  page.evaluate("(() => { const el = document.activeElement; return el ? `${el.tagName.toLowerCase()}[role=${el.getAttribute('role') ?? ''}] ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}` : 'none'; })()") as Promise<string>;

/** Whether the focused element lies inside an element matching `selector`. */
export const focusInside = (page: Page, selector: string): Promise<boolean> =>
  page.evaluate(`!!document.activeElement && !!document.activeElement.closest(${JSON.stringify(selector)})`) as Promise<boolean>;

/**
 * Whether the sticky header covers the top of the focused element (WCAG 2.4.11, focus not
 * obscured): the element's top above the header's bottom while the header sticks.
 */
export const focusUnderHeader = (page: Page): Promise<boolean> =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    const header = document.querySelector('.app-header');
    if (!el || !header || getComputedStyle(header).position !== 'sticky') return false;
    return el.getBoundingClientRect().top < header.getBoundingClientRect().bottom - 1;
  })()`) as Promise<boolean>;
