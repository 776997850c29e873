import type { FileHandle } from 'node:fs/promises';

/** Reads of an uploaded file by position, never the whole file in memory. */
export interface FileBytes {
  readonly length: number;
  read(start: number, end: number): Promise<Buffer>;
}

export function fileBytes(file: FileHandle, length: number): FileBytes {
  return {
    length,
    async read(start, end) {
      const from = Math.max(0, Math.min(start, length));
      const to = Math.max(from, Math.min(end, length));
      const buf = Buffer.alloc(to - from);
      const { bytesRead } = await file.read(buf, 0, buf.length, from);
      return buf.subarray(0, bytesRead);
    },
  };
}

/** The same, over bytes in memory (tests, and a decoded object stream). */
export function memoryBytes(bytes: Uint8Array): FileBytes {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { length: buf.length, read: async (start, end) => buf.subarray(Math.max(0, start), Math.max(0, Math.min(end, buf.length))) };
}
