import { createHash, randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import type { OneTimeCode } from '../../../contract/account.js';
import type { Deps } from '../app/deps.js';
import { isDuplicateKey } from '../org/dbErrors.js';
import { accountErrors } from './errors.js';

/** A code lives this long: long enough to hand over on paper or by phone over a weekend. */
export const CODE_TTL_HOURS = 72;
// No 0/O, 1/I/L: a code is read aloud and typed from paper. 31 signs, 12 of them: about 59 bits.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 12;

/** Upper-case letters and digits only: dashes and spaces typed with the code do not count. */
export const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const hashCode = (code: string) => createHash('sha256').update(normaliseCode(code)).digest('hex');

function newCode(): string {
  let s = '';
  for (let i = 0; i < LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/**
 * Issues a one-time code for the user; earlier unused codes of the user stop working (the
 * admin hands over the newest). Only the code's hash is stored; the code itself is returned
 * once, to be shown once.
 */
export async function issueCode(deps: Deps, userId: Types.ObjectId, createdBy: Types.ObjectId | null): Promise<OneTimeCode> {
  const { PasswordReset } = deps.models;
  await PasswordReset.deleteMany({ userId });
  const code = newCode();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + CODE_TTL_HOURS * 3600_000);
  await PasswordReset.create({ _id: hashCode(code), userId, createdBy, createdAt: now, expiresAt });
  return { code, link: `/dat-mat-khau#${normaliseCode(code)}`, expiresAt: expiresAt.toISOString() };
}

/**
 * Spends a code: returns its user's id, or refuses a wrong, used or expired code (and one
 * that belongs to another login than the one typed). Single use rests on a unique `_id`
 * (see passwordReset.model.ts): of two requests spending one code, one insert fails.
 */
export async function spendCode(deps: Deps, code: string, login: string | undefined): Promise<Types.ObjectId> {
  const { PasswordReset, PasswordResetUse, User } = deps.models;
  const _id = hashCode(code);
  const reset = await PasswordReset.findById(_id).lean();
  if (!reset || reset.expiresAt.getTime() <= Date.now()) throw accountErrors.badCode();
  const user = await User.findById(reset.userId, { login: 1, disabled: 1 }).lean();
  if (!user || (login && user.login !== login.trim().toLowerCase())) throw accountErrors.badCode();
  if (user.disabled) throw accountErrors.disabled();
  try {
    await PasswordResetUse.create({ _id, usedAt: new Date() });
  } catch (err) {
    if (isDuplicateKey(err)) throw accountErrors.badCode();
    throw err;
  }
  await PasswordReset.deleteOne({ _id });
  return reset.userId;
}
