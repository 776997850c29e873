import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { mongo, Types, type Connection } from 'mongoose';

/** The GridFS bucket that holds every document's bytes: the source of truth for files. */
export const FILES_BUCKET = 'files';

export function filesBucket(conn: Connection): mongo.GridFSBucket {
  if (!conn.db) throw new Error('the database connection is not open');
  return new mongo.GridFSBucket(conn.db, { bucketName: FILES_BUCKET });
}

/**
 * Creates the bucket's two collections and their indexes now, not at the first upload: a
 * cluster's other FerretDB processes read the list of collections once (README, "Running a
 * cluster"), so every collection must exist before they start.
 */
export async function ensureFilesBucket(conn: Connection): Promise<void> {
  const db = conn.db;
  if (!db) throw new Error('the database connection is not open');
  const have = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  if (have.has(`${FILES_BUCKET}.files`) && have.has(`${FILES_BUCKET}.chunks`)) return;
  try {
    for (const name of [`${FILES_BUCKET}.files`, `${FILES_BUCKET}.chunks`]) if (!have.has(name)) await db.createCollection(name).catch(() => undefined);
    await db.collection(`${FILES_BUCKET}.files`).createIndex({ filename: 1, uploadDate: 1 });
    await db.collection(`${FILES_BUCKET}.chunks`).createIndex({ files_id: 1, n: 1 }, { unique: true });
  } catch (err) {
    // Another process created them at the same moment (several servers starting at once): theirs will do.
    if (!/already exists/.test((err as Error).message)) throw err;
  }
}

/** What every stored file carries in its GridFS metadata. */
export interface FileMetadata extends Record<string, unknown> {
  contentType: 'application/pdf';
  sha256: string;
}

/** Streams bytes into GridFS and resolves with the new file's id once every chunk is written. */
export function uploadToGridFS(bucket: mongo.GridFSBucket, fileName: string, bytes: Buffer, metadata: Record<string, unknown>): Promise<Types.ObjectId> {
  return new Promise((resolve, reject) => {
    const upload = bucket.openUploadStream(fileName, { metadata });
    upload.once('finish', () => resolve(upload.id as Types.ObjectId));
    upload.once('error', reject);
    upload.end(bytes);
  });
}

/**
 * Streams a file on disk into GridFS. On failure the chunks written so far are removed
 * (no transactions: the bucket would otherwise keep an orphan partial file).
 */
export async function uploadFileToGridFS(bucket: mongo.GridFSBucket, path: string, fileName: string, metadata: FileMetadata): Promise<Types.ObjectId> {
  const upload = bucket.openUploadStream(fileName, { metadata });
  try {
    await pipeline(createReadStream(path), upload);
  } catch (err) {
    await upload.abort().catch(() => {});
    throw err;
  }
  return upload.id as Types.ObjectId;
}

/** Removes a stored file; a file already gone is not an error. */
export async function deleteFromGridFS(bucket: mongo.GridFSBucket, fileId: Types.ObjectId): Promise<void> {
  await bucket.delete(fileId).catch((err: unknown) => {
    if (!(err instanceof mongo.MongoRuntimeError) || !/File not found/i.test(err.message)) throw err;
  });
}
