import { Schema } from 'mongoose';

/**
 * Minutes (biên bản) of a sitting. Integrity rests on unique indexes, as elsewhere (FerretDB
 * has no transactions and its conditional updates are not atomic across connections):
 * - MinutesRevision {sittingId, revision} unique: the generated text and every edit are kept,
 *   each a new revision; two edits made on the same base cannot both become the next one.
 * - MinutesSignature _id = sittingId: the minutes of a sitting are signed once.
 * The current draft is the revision with the highest number.
 */
export const MinutesRevisionSchema = new Schema({
  sittingId: { type: String, required: true },
  revision: { type: Number, required: true, min: 1 },
  kind: { type: String, enum: ['generated', 'edited'], required: true },
  text: { type: String, required: true },
  textSha256: { type: String, required: true },
  /** For generated revisions: the facts the text was generated from (MinutesData). */
  data: { type: Schema.Types.Mixed, default: null },
  by: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
  note: { type: String, default: '' },
}, { versionKey: false });
MinutesRevisionSchema.index({ sittingId: 1, revision: 1 }, { unique: true });

/** The signed minutes: which revision, the PDF that was signed (in GridFS) and its signature file. */
export const MinutesSignatureSchema = new Schema({
  _id: { type: String, required: true },
  sessionId: { type: String, required: true },
  councilId: { type: String, required: true },
  revision: { type: Number, required: true },
  fileId: { type: Schema.Types.ObjectId, required: true },
  fileName: { type: String, required: true },
  sha256: { type: String, required: true },
  bytes: { type: Number, required: true },
  /** The signature record (contract/records.ts SignatureRecord), as written to `….sig.json`. */
  record: { type: Schema.Types.Mixed, required: true },
  signedAt: { type: Date, required: true },
  signedBy: { type: Schema.Types.ObjectId, required: true },
}, { versionKey: false });

/**
 * The public half of a council's signing key, and whose it is. The private half is a file in
 * SIGNING_KEY_DIR, never in the database. _id = councilId: one key per council.
 */
export const SigningKeySchema = new Schema({
  _id: { type: String, required: true },
  councilName: { type: String, required: true },
  algorithm: { type: String, enum: ['Ed25519'], required: true },
  /** base64 of the SPKI DER. */
  publicKey: { type: String, required: true },
  fingerprint: { type: String, required: true, unique: true },
  createdAt: { type: Date, required: true },
  /**
   * The certificate of the council's PDF-signing identity (RSA key in a PKCS#12 file in
   * SIGNING_KEY_DIR, added on the first signing after this field existed): PEM and SHA-256 of its DER.
   */
  pdfCertificate: {
    type: new Schema({ pem: { type: String, required: true }, fingerprint: { type: String, required: true }, createdAt: { type: Date, required: true } }, { _id: false }),
    default: null,
  },
}, { versionKey: false });

/**
 * The number of signed minutes in their council's yearly series ("Số: 05/BB-HĐND"; Decree
 * 30/2020/NĐ-CP numbers a body's documents from 01 each year). _id = `councilId:year:number`
 * and the unique sittingId are the arbiters without transactions: two signings racing for
 * one number cannot both get it, and a sitting keeps the number it first got.
 */
export const MinutesNumberSchema = new Schema({
  _id: { type: String, required: true },
  councilId: { type: String, required: true },
  year: { type: Number, required: true },
  number: { type: Number, required: true, min: 1 },
  sittingId: { type: String, required: true, unique: true },
  at: { type: Date, required: true },
}, { versionKey: false });
MinutesNumberSchema.index({ councilId: 1, year: 1, number: -1 });

/**
 * A paper sealed once, on its first use, the same bytes served ever after (signing/sealOnce.ts):
 * a closed poll round's tally record (`sealed_tallies`, _id = `pollId:round`), a convening
 * notice or invitation (`sealed_papers`, _id = what and of which content). The unique _id is
 * the arbiter between two first uses.
 */
export const SealedFileSchema = new Schema({
  _id: { type: String, required: true },
  councilId: { type: String, required: true },
  fileId: { type: Schema.Types.ObjectId, required: true },
  sha256: { type: String, required: true },
  sealedAt: { type: Date, required: true },
}, { versionKey: false });
