import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A signed-in session (phiên đăng nhập), not to be confused with a council session (kỳ họp).
 * Only the SHA-256 of the token is stored: a database reader cannot sign in with it.
 */
export const LoginSessionSchema = new Schema({
  tokenHash: { type: String, required: true, unique: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  createdAt: { type: Date, required: true },
  lastSeenAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  endedAt: { type: Date, default: null },
  endReason: { type: String, default: null },
});

export type LoginSession = InferSchemaType<typeof LoginSessionSchema>;
