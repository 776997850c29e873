import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** A PDF of the demo seed (server/src/seed/pdfs), with Vietnamese text in embedded fonts. */
export function seedPdf(name: string): Buffer {
  return readFileSync(new URL(`../../server/src/seed/pdfs/${name}`, import.meta.url));
}

/**
 * The share of the page canvas's pixels that carry ink: anything not near-white, or (with
 * 'red') pixels clearly redder than they are green and blue — the watermark's colour.
 */
export async function canvasInk(page: Page, kind: 'any' | 'red' = 'any'): Promise<number> {
  // A string: the tests' tsconfig has no DOM types.
  return (await page.evaluate(`(() => {
    const c = document.querySelector('[data-testid="page-canvas"]');
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (${kind === 'red' ? 'r - g > 25 && r - b > 25' : 'r < 200 || g < 200 || b < 200'}) n++;
    }
    return n / (data.length / 4);
  })()`)) as number;
}

/** Waits until each document's offline copy is complete on the dossier page. */
export async function waitStored(page: Page, ids: readonly string[], timeout = 30_000): Promise<void> {
  for (const id of ids) await page.locator(`[data-document-id="${id}"][data-state="stored"]`).waitFor({ timeout });
}
