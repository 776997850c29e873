import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A one-time code to set a password, by the SHA-256 of the code as `_id`: the one lookup
 * FerretDB answers from an index, and a database reader cannot use a stored code.
 */
export const PasswordResetSchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  /** The administrator who issued it (null from the shell). */
  createdBy: { type: Schema.Types.ObjectId, default: null },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
}, { versionKey: false });

/**
 * A use of a code, `_id` the same hash: the unique `_id` is what makes a code single-use.
 * FerretDB does not make a conditional update atomic across connections, so two requests
 * "marking the code used" could both succeed; of two inserts of one `_id`, one fails.
 */
export const PasswordResetUseSchema = new Schema({
  _id: { type: String, required: true },
  usedAt: { type: Date, required: true },
}, { versionKey: false });

/**
 * The first-run marker: one document with a fixed `_id`, inserted before the first
 * administrator is created, so two concurrent first-run requests cannot both succeed.
 */
export const SetupMarkerSchema = new Schema({
  _id: { type: String, required: true },
  at: { type: Date, required: true },
}, { versionKey: false });

export type PasswordReset = InferSchemaType<typeof PasswordResetSchema>;
