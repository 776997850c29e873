import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCREENSHOTS = new URL('../../test-results/screenshots/', import.meta.url);

/** A page as poppler renders it (annotations' appearances included) at 72 dpi: one pixel per point, rows from the top. */
export interface RenderedPage { width: number; height: number; rgb: Buffer }

/** Renders page `page` (1-based) of `pdf` with pdftoppm; also saves it as test-results/screenshots/<shot>.png (100 dpi) when named. */
export function renderPdfPage(pdf: Buffer, page: number, shot?: string): RenderedPage {
  const dir = mkdtempSync(join(tmpdir(), 'hdnd-page-'));
  try {
    const path = join(dir, 'doc.pdf');
    writeFileSync(path, pdf);
    const range = ['-f', String(page), '-l', String(page), '-singlefile'];
    execFileSync('pdftoppm', ['-r', '72', ...range, path, join(dir, 'page')]);
    const ppm = readFileSync(join(dir, 'page.ppm'));
    // P6 <width> <height> <max>\n then RGB bytes.
    const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 40).toString('latin1'));
    if (!header) throw new Error('pdftoppm did not write a binary PPM');
    if (shot) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      execFileSync('pdftoppm', ['-png', '-r', '100', ...range, path, join(dir, shot)]);
      renameSync(join(dir, `${shot}.png`), new URL(`${shot}.png`, SCREENSHOTS));
    }
    return { width: Number(header[1]), height: Number(header[2]), rgb: ppm.subarray(header[0].length) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many pixels inside a rectangle given in PDF points (origin bottom left) are of a colour: red ink, blue ink. */
export function inkIn(page: RenderedPage, rect: { x: number; y: number; width: number; height: number }, ink: 'red' | 'blue'): number {
  let n = 0;
  const top = Math.max(0, Math.round(page.height - rect.y - rect.height));
  const bottom = Math.min(page.height, Math.round(page.height - rect.y));
  for (let row = top; row < bottom; row++) {
    for (let col = Math.max(0, Math.round(rect.x)); col < Math.min(page.width, Math.round(rect.x + rect.width)); col++) {
      const i = (row * page.width + col) * 3;
      const [r, g, b] = [page.rgb[i]!, page.rgb[i + 1]!, page.rgb[i + 2]!];
      if (ink === 'red' ? r > 150 && g < 110 && b < 110 : b > 110 && r < 90 && g < 120) n++;
    }
  }
  return n;
}
