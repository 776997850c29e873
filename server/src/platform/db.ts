import mongoose, { type Connection } from 'mongoose';
import type { Logger } from './log.js';

/** Logs database commands slower than `ms` (DB_SLOW_MS): which command on which collection, how long, how many documents back. */
export interface SlowCommands { ms: number; log: Logger }

/**
 * Opens a dedicated mongoose connection (not the global one), so tests can hold several
 * isolated databases in one process. Writes default to majority + journal: FerretDB
 * accepts and ignores them, a MongoDB replica set honours them.
 */
export async function connectDb(uri: string, dbName?: string, slow?: SlowCommands): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    ...(dbName ? { dbName } : {}),
    ...(slow?.ms ? { monitorCommands: true } : {}),
    serverSelectionTimeoutMS: 10_000,
    writeConcern: { w: 'majority', journal: true },
    autoIndex: true,
  });
  if (slow?.ms) watchSlowCommands(conn, slow);
  await conn.asPromise();
  return conn;
}

/**
 * The driver's command monitoring, kept to what an operator needs to find a slow query: the
 * command's name, its collection, the keys of its filter (never their values: a filter can hold
 * a voter's id), its duration and the size of its first batch.
 */
function watchSlowCommands(conn: Connection, slow: SlowCommands): void {
  const started = new Map<number, { command: string; collection: unknown; filterKeys: string[] }>();
  const client = conn.getClient();
  client.on('commandStarted', (e) => {
    const body = e.command as Record<string, unknown>;
    const filter = (body.filter ?? (Array.isArray(body.updates) ? (body.updates[0] as { q?: object })?.q : undefined) ?? (Array.isArray(body.deletes) ? (body.deletes[0] as { q?: object })?.q : undefined)) as object | undefined;
    // getMore names its cursor where other commands name their collection.
    const collection = e.commandName === 'getMore' ? body.collection : body[e.commandName];
    started.set(e.requestId, { command: e.commandName, collection, filterKeys: filter ? Object.keys(filter) : [] });
  });
  const done = (e: { requestId: number; duration: number; reply?: unknown }, failed: boolean) => {
    const s = started.get(e.requestId);
    started.delete(e.requestId);
    if (!s || e.duration < slow.ms) return;
    const batch = (e.reply as { cursor?: { firstBatch?: unknown[] } } | undefined)?.cursor?.firstBatch;
    slow.log.warn({ ...s, ms: Math.round(e.duration), ...(batch ? { docs: batch.length } : {}), ...(failed ? { failed } : {}) }, 'database: slow command');
  };
  client.on('commandSucceeded', (e) => done(e, false));
  client.on('commandFailed', (e) => done(e, true));
}

/** True when the connection answers a ping now. */
export async function pingDb(conn: Connection): Promise<boolean> {
  try {
    if (conn.readyState !== 1 || !conn.db) return false;
    await conn.db.admin().command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}
