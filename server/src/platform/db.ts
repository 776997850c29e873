import mongoose, { type Connection } from 'mongoose';

/**
 * Opens a dedicated mongoose connection (not the global one), so tests can hold several
 * isolated databases in one process. Writes default to majority + journal: FerretDB
 * accepts and ignores them, a MongoDB replica set honours them.
 */
export async function connectDb(uri: string, dbName?: string): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    ...(dbName ? { dbName } : {}),
    serverSelectionTimeoutMS: 10_000,
    writeConcern: { w: 'majority', journal: true },
    autoIndex: true,
  });
  await conn.asPromise();
  return conn;
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
