// bench:public: the "live encoder" during the load, without encoding. A child process that
// replays the pre-encoded segments (encode.ts) in real time into a live directory, as the
// product's ffmpeg would write it (media/src/webcast/ffmpegArgs.ts): seg-%05d.ts, a sliding
// index.m3u8 of `liveListSize` (6) segments, rewritten atomically (temp + rename) after each
// new segment, the segment that left the window deleted (delete_segments, threshold 1). The
// source loops; each wrap is marked #EXT-X-DISCONTINUITY. Segment k is written at t0 + the
// sum of the durations before it (absolute schedule, no drift). On SIGTERM it prints one JSON
// line: segments written and how late the writes were (timer lateness of this process).
// Usage: node --import tsx bench/public/replay.ts <outDir> (BENCH_SOURCE_SECONDS as the parent).
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ENCODE, LIVE_PLAYLIST } from '../../media/src/webcast/ffmpegArgs.js';
import { preEncode } from './encode.js';

const outDir = process.argv[2]!;
const src = preEncode(Number(process.env.BENCH_SOURCE_SECONDS || 90));
const n = src.segments.length;
const W = DEFAULT_ENCODE.liveListSize;
mkdirSync(outDir, { recursive: true });
const name = (k: number) => `seg-${String(k).padStart(5, '0')}.ts`;
const late: number[] = [];
let k = 0;
let due = performance.now();

function writeNext(): void {
  const s = src.segments[k % n]!;
  copyFileSync(s.path, join(outDir, name(k)));
  const first = Math.max(0, k - W + 1);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', `#EXT-X-TARGETDURATION:${Math.ceil(Math.max(...src.segments.map((x) => x.duration)))}`, `#EXT-X-MEDIA-SEQUENCE:${first}`];
  const discBefore = first >= 1 ? Math.floor((first - 1) / n) : 0;
  if (discBefore > 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${discBefore}`);
  lines.push('#EXT-X-INDEPENDENT-SEGMENTS');
  for (let j = first; j <= k; j++) {
    if (j > 0 && j % n === 0) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXTINF:${src.segments[j % n]!.duration.toFixed(6)},`, name(j));
  }
  const tmp = join(outDir, `${LIVE_PLAYLIST}.tmp`);
  writeFileSync(tmp, lines.join('\n') + '\n');
  renameSync(tmp, join(outDir, LIVE_PLAYLIST));
  if (k - W - 1 >= 0) rmSync(join(outDir, name(k - W - 1)), { force: true });
  due += s.duration * 1000;
  k++;
}

function tick(): void {
  late.push(performance.now() - due);
  writeNext();
  setTimeout(tick, Math.max(0, due - performance.now()));
}
tick();

process.once('SIGTERM', () => {
  const sorted = late.slice(1).sort((a, b) => a - b);
  const p = (q: number) => sorted.length ? +sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1) : 0;
  console.log(JSON.stringify({ written: k, sourceSegments: n, lateMs: { p50: p(0.5), p99: p(0.99), max: p(1) } }));
  process.exit(0);
});
