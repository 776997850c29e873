import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { filesBucket } from '../platform/storage.js';

/** What the cache needs to know of a stored file. */
export interface StoredFile {
  fileId: Types.ObjectId;
  sha256: string;
  bytes: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Local copies of document files, named by their SHA-256, so reads are served from the
 * disk instead of GridFS chunk queries (FerretDB answers each with a scan of the whole
 * chunks collection). GridFS stays the source of truth: a missing, short or altered copy
 * is fetched again, and the directory can be deleted at any time. A copy's hash is checked
 * when it is written and the first time this process serves it.
 */
export class DocumentCache {
  readonly dir: string;
  readonly #deps: Pick<Deps, 'conn'>;
  readonly #filling = new Map<string, Promise<string>>();
  readonly #verified = new Set<string>();

  constructor(deps: Pick<Deps, 'conn'>, dir: string) {
    this.#deps = deps;
    this.dir = resolve(dir);
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.dir, `${sha256}.pdf`);
  }

  /** Where uploads are staged (same filesystem, so adopting one is a rename). */
  get incomingDir(): string {
    return join(this.dir, 'incoming');
  }

  /** Removes staged files a crashed process left behind (older than a day: never one in progress). */
  async sweepIncoming(now = Date.now()): Promise<void> {
    const names = await readdir(this.incomingDir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.part'))) {
      const path = join(this.incomingDir, name);
      const s = await stat(path).catch(() => null);
      if (s && now - s.mtimeMs > 24 * 3600 * 1000) await rm(path, { force: true });
    }
  }

  /** Takes an upload already hashed while staged and stored in GridFS. */
  async adopt(stagedPath: string, sha256: string): Promise<void> {
    await rename(stagedPath, this.pathOf(sha256));
    this.#verified.add(sha256);
  }

  /** The path of a verified local copy, fetched from GridFS first if need be. */
  async ensure(file: StoredFile): Promise<string> {
    const path = this.pathOf(file.sha256);
    if (this.#verified.has(file.sha256) && (await sizeOf(path)) === file.bytes) return path;
    let filling = this.#filling.get(file.sha256);
    if (!filling) {
      filling = this.#check(file, path).finally(() => this.#filling.delete(file.sha256));
      this.#filling.set(file.sha256, filling);
    }
    return filling;
  }

  async #check(file: StoredFile, path: string): Promise<string> {
    if ((await sizeOf(path)) === file.bytes && (await hashOf(createReadStream(path))) === file.sha256) {
      this.#verified.add(file.sha256);
      return path;
    }
    this.#verified.delete(file.sha256);
    await this.#fill(file, path);
    this.#verified.add(file.sha256);
    return path;
  }

  async #fill(file: StoredFile, path: string): Promise<void> {
    await mkdir(this.incomingDir, { recursive: true });
    const part = join(this.incomingDir, `fill-${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    const tap = new Transform({ transform(chunk: Buffer, _enc, done) { hash.update(chunk); done(null, chunk); } });
    try {
      await pipeline(filesBucket(this.#deps.conn).openDownloadStream(file.fileId), tap, createWriteStream(part));
      const sha = hash.digest('hex');
      if (sha !== file.sha256) throw new Error(`GridFS file ${String(file.fileId)} has SHA-256 ${sha}, the record says ${file.sha256}`);
      await rename(part, path);
    } finally {
      await rm(part, { force: true });
    }
  }
}

async function sizeOf(path: string): Promise<number | null> {
  return stat(path).then((s) => s.size, () => null);
}

async function hashOf(stream: NodeJS.ReadableStream): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const caches = new WeakMap<Deps, DocumentCache>();

/** The cache of this server (one per Deps: tests run several servers in one process). */
export function documentCache(deps: Deps): DocumentCache {
  let cache = caches.get(deps);
  if (!cache) {
    caches.set(deps, (cache = new DocumentCache(deps, deps.config.DOCUMENT_CACHE_DIR)));
    cache.sweepIncoming().catch((err: unknown) => deps.log.warn({ err }, 'document cache: could not sweep staged uploads'));
  }
  return cache;
}
