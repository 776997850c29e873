import type { Types } from 'mongoose';
import type { Deps } from '../../app/deps.js';
import { filesBucket } from '../../platform/storage.js';

/** A stored file's bytes, read whole from GridFS (records are small; dossier files up to DOCUMENT_MAX_BYTES). */
export async function readGridFile(deps: Deps, fileId: Types.ObjectId): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of filesBucket(deps.conn).openDownloadStream(fileId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
