import { Schema } from 'mongoose';

/**
 * The claim on each version of a sitting, in cluster mode (sitting/store.ts): `_id` is
 * `<sittingId>:<version>`, so of two processes producing the same version only one insert
 * succeeds — FerretDB keeps unique indexes across connections, while its conditional update
 * does not (it reads, then writes by `_id`). The claim carries what the version sets, so a
 * process that dies between the claim and the sitting's update is rolled forward by the next
 * writer, and the owner's fencing token, so an old owner finds it was superseded.
 */
export const SittingVersionSchema = new Schema({
  _id: { type: String, required: true },
  sittingId: { type: String, required: true },
  version: { type: Number, required: true },
  fence: { type: Number, default: 0 },
  set: { type: Schema.Types.Mixed, required: true },
  recent: { type: Schema.Types.Mixed, default: null },
  at: { type: Date, default: () => new Date() },
}, { versionKey: false });
// Pruning old claims (versionClaim.ts, pruneClaims) by sitting and version.
SittingVersionSchema.index({ sittingId: 1, version: 1 });
