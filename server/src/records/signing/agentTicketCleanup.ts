import type { Types } from 'mongoose';
import type { Deps } from '../../app/deps.js';
import { deleteFromGridFS, filesBucket } from '../../platform/storage.js';

/** An hour past its expiry, a ticket's prepared PDF serves nobody: the signed minutes, if any, are a file of their own. */
const KEEP_AFTER_EXPIRY_MS = 60 * 60_000;

/**
 * Removes the prepared PDFs of tickets that expired more than an hour ago (used or not) and
 * marks them so (the ticket itself stays: its status still reads expired or done). Run when a
 * new ticket is made; a failure is logged and harms nothing.
 */
export async function forgetExpiredPrepared(deps: Deps, now = new Date()): Promise<number> {
  const old = await deps.models.SigningTicket.find({ expiresAt: { $lt: new Date(now.getTime() - KEEP_AFTER_EXPIRY_MS) }, preparedRemovedAt: null }, { preparedFileId: 1 })
    .lean<Array<{ _id: Types.ObjectId; preparedFileId: Types.ObjectId }>>();
  const bucket = filesBucket(deps.conn);
  for (const t of old) {
    await deleteFromGridFS(bucket, t.preparedFileId);
    await deps.models.SigningTicket.updateOne({ _id: t._id }, { $set: { preparedRemovedAt: now } });
  }
  return old.length;
}
