import type { Types } from 'mongoose';
import type { DocumentPageReads } from '../../../contract/document.js';
import type { Deps } from '../app/deps.js';
import type { PageReads } from './structure/pageReads.js';

const packed = (xs: number[]) => {
  const b = Buffer.alloc(xs.length * 4);
  xs.forEach((x, i) => b.writeUInt32LE(x, i * 4));
  return b;
};
const unpacked = (b: Buffer) => Array.from({ length: Math.floor(b.length / 4) }, (_, i) => b.readUInt32LE(i * 4));

/** Keeps a version's page reads (a file past 4 GiB has none: uint32 offsets). */
export async function keepPageReads(deps: Deps, documentId: Types.ObjectId, reads: PageReads | null): Promise<void> {
  if (!reads || reads.spans.some((x) => x > 0xffffffff)) return;
  await deps.models.DocumentPages.create({ documentId, chunk: reads.chunk, index: packed(reads.index), spans: packed(reads.spans) });
}

export async function pageReadsOf(deps: Deps, documentId: Types.ObjectId): Promise<DocumentPageReads> {
  const found = await deps.models.DocumentPages.findOne({ documentId }).lean();
  if (!found) return null;
  return { chunk: found.chunk, index: unpacked(Buffer.from(found.index.buffer ?? found.index)), spans: unpacked(Buffer.from(found.spans.buffer ?? found.spans)) };
}
