import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
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

/**
 * A scanner's PDF: `pages` pages, each one greyscale JPEG over the whole A4 page (~150 kB:
 * ffmpeg's test pattern with grain), a classic cross-reference table, no object streams, not
 * linearised — each page's dictionary sits beside its image, spread through the file.
 */
export async function scannedPdf(pages: number): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'hdnd-scan-'));
  try {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=800x1130:r=1,noise=alls=12:allf=t,format=gray', '-frames:v', String(pages), '-q:v', '6', join(dir, 'p-%03d.jpg')]);
    const doc = await PDFDocument.create({ updateMetadata: false });
    for (let i = 1; i <= pages; i++) {
      const image = await doc.embedJpg(readFileSync(join(dir, `p-${String(i).padStart(3, '0')}.jpg`)));
      doc.addPage([595.28, 841.89]).drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
    }
    return Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the server wrote for each file request (path, Range header, bytes, when), for tests that count what crossed the network. */
export interface FileTraffic {
  requests: { path: string; range: string | null; at: number; bytes: number }[];
  /** Bytes of `path` written before `until` (ms since the epoch). */
  bytesBefore(path: string, until: number): number;
  bytesOf(path: string): number;
}

/** Counts the body bytes the server writes for document files (every request, every range). */
export function watchFileTraffic(http: HttpServer): FileTraffic {
  const requests: FileTraffic['requests'] = [];
  const writes: { path: string; at: number; bytes: number }[] = [];
  http.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (!/^\/api\/documents\/[0-9a-f]{24}\/file$/.test(path)) return;
    const entry = { path, range: req.headers.range ?? null, at: Date.now(), bytes: 0 };
    requests.push(entry);
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    res.write = ((chunk: Buffer | string, ...rest: unknown[]) => {
      const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      entry.bytes += bytes;
      writes.push({ path, at: Date.now(), bytes });
      return write(chunk, ...rest);
    }) as ServerResponse['write'];
  });
  const sum = (path: string, until = Infinity) => writes.filter((w) => w.path === path && w.at <= until).reduce((n, w) => n + w.bytes, 0);
  return { requests, bytesBefore: sum, bytesOf: (path) => sum(path) };
}
