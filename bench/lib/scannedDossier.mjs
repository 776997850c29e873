// The realistic dossier of `bench:docs` (scanned case): a ~150 MB, 400-page PDF of scanned
// pages, one JPEG per page as a scanner makes them (A4 at 150 dpi, 1240 × 1754 px, greyscale
// text on off-white paper with scanner grain, a colour figure on every 7th page, ~380 kB per
// page), assembled with pdf-lib: NOT linearised, a classic xref table, no object streams (like
// an upload straight from a scanner). Generated once (ffmpeg draws the pages) and kept in
// ~/.cache/hdnd-paperless/bench/scanned-dossier-v1/; the content is deterministic (seeded
// text and noise), and manifest.json records its size and SHA-256.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { cacheDir } from '../../scripts/lib/util.mjs';

export const SCANNED_PAGES = 400;
const W = 1240; // A4 at 150 dpi
const H = 1754;
const TALL = 30_000; // one tall sheet of text; each page is a crop of it at another offset
const FONT_DIR = '/usr/share/fonts/truetype/dejavu';

const WORDS = ('hội đồng nhân dân xã nghị quyết kỳ họp thứ báo cáo tình hình kinh tế xã hội ngân sách đầu tư '
  + 'công trình giao thông nông thôn mới thẩm tra ban pháp chế văn hóa tổng hợp ý kiến cử tri đại biểu '
  + 'biểu quyết thông qua điều khoản dự toán thu chi năm chỉ tiêu kế hoạch phát triển ủy ban quyết toán').split(' ');

/** A small seeded PRNG (mulberry32): the same text on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bodyText() {
  const rnd = prng(20);
  const lines = [];
  for (let i = 0; i < 900; i++) {
    const n = 6 + Math.floor(rnd() * 9);
    const line = Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
    lines.push(line[0].toUpperCase() + line.slice(1) + (rnd() < 0.3 ? '.' : ','));
    if (rnd() < 0.08) lines.push('');
  }
  return lines.join('\n');
}

function ffmpeg(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', (e) => reject(new Error(`ffmpeg could not start (${e.message}); it is needed once to draw the scanned pages (apt-get install ffmpeg)`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${err.slice(-800)}`))));
  });
}

/** Draws the page JPEGs into `dir` (page-001.jpg …). */
async function drawPages(dir) {
  writeFileSync(join(dir, 'text.txt'), bodyText());
  // The text sheet once, as raw grey pixels (cheap to read again for every page).
  await ffmpeg(['-f', 'lavfi', '-i', `color=c=white:s=${W}x${TALL}`, '-frames:v', '1',
    '-vf', `drawtext=fontfile=${FONT_DIR}/DejaVuSerif.ttf:textfile=text.txt:fontsize=24:x=110:y=40:line_spacing=12:fontcolor=0x1a1a1a`,
    '-pix_fmt', 'gray', '-f', 'rawvideo', 'tall.gray'], dir);
  const filter = [
    `[0:v]crop=${W}:${H}:0:'mod(n*1531+17,${TALL - H})',colorlevels=romin=0.06:romax=0.96,format=rgb24[page]`,
    `[page][1:v]overlay=x=170:y=600:enable='eq(mod(n,7),3)',`
      + `drawtext=fontfile=${FONT_DIR}/DejaVuSans-Bold.ttf:text='HĐND XÃ — HỒ SƠ KỲ HỌP — Trang %{eif\\:n+1\\:d}':fontsize=30:x=110:y=60:fontcolor=0x202020,`
      + 'noise=alls=16:allf=t+u:all_seed=2020[out]',
  ].join(';');
  await ffmpeg(['-stream_loop', '-1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${W}x${TALL}`, '-framerate', '1', '-i', 'tall.gray',
    '-f', 'lavfi', '-i', 'testsrc2=s=900x600:r=1', '-filter_complex', filter, '-map', '[out]',
    '-frames:v', String(SCANNED_PAGES), '-q:v', '4', 'page-%03d.jpg'], dir);
}

/** One JPEG per A4 page, drawn over the whole page; saved without object streams (classic xref). */
async function assemble(dir) {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('Hồ sơ kỳ họp — bản quét (bench)');
  doc.setProducer('scanner (bench:docs)');
  const files = readdirSync(dir).filter((f) => /^page-\d+\.jpg$/.test(f)).sort();
  if (files.length !== SCANNED_PAGES) throw new Error(`ffmpeg drew ${files.length} pages, not ${SCANNED_PAGES}`);
  for (const f of files) {
    const image = await doc.embedJpg(readFileSync(join(dir, f)));
    const page = doc.addPage([595.28, 841.89]);
    page.drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
  }
  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}

/**
 * The scanned dossier, generated on first use: { path, bytes, pages, sha256, generatedSeconds }
 * (generatedSeconds is null when the cached copy was used).
 */
export async function ensureScannedDossier(log = console.log) {
  const dir = cacheDir('bench', 'scanned-dossier-v1');
  const path = join(dir, 'dossier.pdf');
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(path) && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    return { path, ...manifest, generatedSeconds: null };
  }
  log(`generating the scanned dossier (${SCANNED_PAGES} JPEG pages) into ${dir} — once`);
  const t0 = performance.now();
  const work = join(dir, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    await drawPages(work);
    const bytes = await assemble(work);
    const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
    if (head.includes('/Linearized')) throw new Error('the generated PDF is linearised; it must not be');
    const manifest = { bytes: bytes.length, pages: SCANNED_PAGES, sha256: createHash('sha256').update(bytes).digest('hex') };
    writeFileSync(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    const generatedSeconds = +((performance.now() - t0) / 1000).toFixed(1);
    log(`generated ${(manifest.bytes / 1024 ** 2).toFixed(1)} MB, ${manifest.pages} pages in ${generatedSeconds} s`);
    return { path, ...manifest, generatedSeconds };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await ensureScannedDossier()));
}
