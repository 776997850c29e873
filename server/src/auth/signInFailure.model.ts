import { Schema, type InferSchemaType } from 'mongoose';

/**
 * Sign-in throttling state, one document per key, always read and written by `_id` (the one
 * lookup FerretDB answers from an index; any other filter scans the collection):
 *
 * - `account:<login>`: the account's recent failed sign-ins (`at`), from any address;
 * - `address:<ip>`: recent failed sign-ins from that address, for any account;
 * - `known:<ip> <login>`: the account signed in successfully from that address (`at` holds
 *   the time of that success), which exempts it from the address's limit.
 *
 * `n` counts pushes, so a trim of `at` can be made conditional on no push having happened
 * since it was read. `expiresAt` says when the document may be pruned (no TTL index: FerretDB
 * does not honour them everywhere, so throttle.ts prunes by hand).
 */
export const SignInFailureSchema = new Schema({
  _id: { type: String, required: true },
  at: { type: [{ type: Date }], default: [] },
  n: { type: Number, default: 0 },
  expiresAt: { type: Date, required: true },
}, { versionKey: false });

export type SignInFailure = InferSchemaType<typeof SignInFailureSchema>;
