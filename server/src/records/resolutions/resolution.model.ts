import { Schema } from 'mongoose';

/**
 * Adopted resolutions (nghị quyết). As for the minutes, integrity rests on unique indexes:
 * - ResolutionRevision {pollId, revision} unique: the generated text and every edit kept, two
 *   edits on the same base cannot both become the next revision.
 * - ResolutionSignature _id = pollId: a resolution is signed once.
 * - ResolutionNumber _id `councilId:year:number`, pollId unique: the council's yearly series.
 */
export const ResolutionRevisionSchema = new Schema({
  pollId: { type: String, required: true },
  revision: { type: Number, required: true, min: 1 },
  kind: { type: String, enum: ['generated', 'edited'], required: true },
  text: { type: String, required: true },
  textSha256: { type: String, required: true },
  by: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
}, { versionKey: false });
ResolutionRevisionSchema.index({ pollId: 1, revision: 1 }, { unique: true });

export const ResolutionSignatureSchema = new Schema({
  _id: { type: String, required: true },
  councilId: { type: String, required: true },
  sessionId: { type: String, required: true, index: true },
  sittingId: { type: String, required: true },
  revision: { type: Number, required: true },
  number: { type: Number, required: true },
  fileId: { type: Schema.Types.ObjectId, required: true },
  fileName: { type: String, required: true },
  sha256: { type: String, required: true },
  bytes: { type: Number, required: true },
  /** The Ed25519 signature record (contract/records.ts SignatureRecord). */
  record: { type: Schema.Types.Mixed, required: true },
  signedAt: { type: Date, required: true },
  signedBy: { type: Schema.Types.ObjectId, required: true },
}, { versionKey: false });

export const ResolutionNumberSchema = new Schema({
  _id: { type: String, required: true },
  councilId: { type: String, required: true },
  year: { type: Number, required: true },
  number: { type: Number, required: true, min: 1 },
  subjectId: { type: String, required: true, unique: true },
  at: { type: Date, required: true },
}, { versionKey: false });
ResolutionNumberSchema.index({ councilId: 1, year: 1, number: -1 });
