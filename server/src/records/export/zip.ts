import { unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * The archive bundle's container: a ZIP written by fflate with every entry stored (level 0:
 * PDFs are compressed already) and one fixed time, so the same files always give the same
 * bytes. Verification relies on that: it rebuilds the ZIP from the files it read and compares,
 * so a changed byte in a header or the directory is found too, and located in an entry.
 */

export interface ZipFile { name: string; bytes: Uint8Array }

/**
 * DOS times are local time: a Date whose local fields are `at`'s UTC date at noon writes the
 * same bytes in every time zone (noon is never skipped by a daylight-saving change). The
 * exact time is in the manifest.
 */
const dosTime = (at: Date) => new Date(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), 12, 0, 0);

export function buildZip(files: readonly ZipFile[], at: Date): Uint8Array {
  const input: Zippable = {};
  const mtime = dosTime(at);
  for (const f of files) input[f.name] = [f.bytes, { level: 0, mtime }];
  return zipSync(input);
}

/**
 * The entries of a ZIP, tolerating damage to one of its two indexes: the local headers walked
 * from the start (a damaged directory or end record does not matter then), else fflate's
 * reader through the central directory (when a local header is damaged). Never throws.
 */
export function readZipEntries(zip: Uint8Array, required: readonly string[] = []): Map<string, Uint8Array> {
  const local = walkLocalHeaders(zip);
  if (local.size > 0 && required.every((name) => local.has(name))) return local;
  try {
    const files = unzipSync(zip);
    if (Object.keys(files).length > 0) return new Map(Object.entries(files));
  } catch { /* keep what the local headers gave */ }
  return local;
}

const u16 = (b: Uint8Array, o: number) => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, o: number) => (u16(b, o) | (u16(b, o + 2) << 16)) >>> 0;

function walkLocalHeaders(zip: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let o = 0;
  while (o + 30 <= zip.length && u32(zip, o) === 0x04034b50) {
    const size = u32(zip, o + 18);
    const nameLen = u16(zip, o + 26);
    const extraLen = u16(zip, o + 28);
    const start = o + 30 + nameLen + extraLen;
    if (start + size > zip.length) break;
    out.set(Buffer.from(zip.subarray(o + 30, o + 30 + nameLen)).toString('utf8'), zip.subarray(start, start + size));
    o = start + size;
  }
  return out;
}

/** Where each entry's bytes lie in a ZIP this module built: its local header and data, its directory record. */
export interface ZipRegion { name: string; part: 'header_or_data' | 'directory' | 'end'; start: number; end: number }

export function regionsOf(zip: Uint8Array): ZipRegion[] {
  const regions: ZipRegion[] = [];
  let o = 0;
  while (o + 30 <= zip.length && u32(zip, o) === 0x04034b50) {
    const nameLen = u16(zip, o + 26);
    const end = o + 30 + nameLen + u16(zip, o + 28) + u32(zip, o + 18);
    regions.push({ name: Buffer.from(zip.subarray(o + 30, o + 30 + nameLen)).toString('utf8'), part: 'header_or_data', start: o, end });
    o = end;
  }
  while (o + 46 <= zip.length && u32(zip, o) === 0x02014b50) {
    const nameLen = u16(zip, o + 28);
    const end = o + 46 + nameLen + u16(zip, o + 30) + u16(zip, o + 32);
    regions.push({ name: Buffer.from(zip.subarray(o + 46, o + 46 + nameLen)).toString('utf8'), part: 'directory', start: o, end });
    o = end;
  }
  regions.push({ name: '(ZIP end record)', part: 'end', start: o, end: zip.length });
  return regions;
}

/** The first offset where two byte strings differ, or -1 when equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
