import argon2 from 'argon2';

/** OWASP's argon2id minimum: 19 MiB memory, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/**
 * Passwords are hashed in Unicode NFC (NIST SP 800-63B: normalise before hashing), the form
 * every input is put in at the boundary (shared/nfc.ts), so "mật khẩu" matches whether the
 * keyboard sent it precomposed or decomposed. ASCII is the same in every form.
 */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password.normalize('NFC'), ARGON2_OPTIONS);
}

// A real hash to verify against when the account does not exist, so a wrong login and a
// wrong password take the same time.
let decoy: Promise<string> | null = null;

/**
 * The NFC form first; then, for a password whose decomposed form differs, that form too: a
 * hash made from a decomposed password before passwords were normalised still matches.
 */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  const composed = password.normalize('NFC');
  const decomposed = password.normalize('NFD');
  const forms = decomposed === composed ? [composed] : [composed, decomposed];
  if (!hash) {
    decoy ??= hashPassword('decoy-password-for-timing');
    const against = await decoy;
    for (const form of forms) await argon2.verify(against, form).catch(() => false);
    return false;
  }
  for (const form of forms) {
    if (await argon2.verify(hash, form).catch(() => false)) return true;
  }
  return false;
}
