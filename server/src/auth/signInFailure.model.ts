import { Schema, type InferSchemaType } from 'mongoose';

/** One failed sign-in, counted per account and per address for throttling. */
export const SignInFailureSchema = new Schema({
  /** `account:<login>` or `address:<ip>`. */
  key: { type: String, required: true },
  at: { type: Date, required: true },
});
SignInFailureSchema.index({ key: 1, at: 1 });

export type SignInFailure = InferSchemaType<typeof SignInFailureSchema>;
