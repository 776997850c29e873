import type { Types } from 'mongoose';
import type { Deps } from '../../app/deps.js';
import { deleteFromGridFS, filesBucket, uploadToGridFS } from '../../platform/storage.js';

/** A stored file's bytes, read whole from GridFS (records are small; dossier files up to DOCUMENT_MAX_BYTES). */
export async function readGridFile(deps: Deps, fileId: Types.ObjectId): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of filesBucket(deps.conn).openDownloadStream(fileId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Stores a file that one record (written once, by a unique _id) points to: the file is put in
 * GridFS, then `record(fileId)` writes the record. If that write fails the file is removed
 * again; when it failed because another process recorded first (duplicate key) the answer is
 * 'taken' and the caller reads the winner's, otherwise the error is thrown.
 */
export async function storeFileOnce(deps: Deps, file: { name: string; bytes: Buffer; metadata: Record<string, unknown> },
  record: (fileId: Types.ObjectId) => Promise<unknown>): Promise<'stored' | 'taken'> {
  const bucket = filesBucket(deps.conn);
  const fileId = await uploadToGridFS(bucket, file.name, file.bytes, file.metadata);
  try {
    await record(fileId);
    return 'stored';
  } catch (err) {
    await deleteFromGridFS(bucket, fileId);
    if ((err as { code?: number }).code !== 11000) throw err;
    return 'taken';
  }
}
