import type { Deps } from '../app/deps.js';
import { AppError } from '../platform/errors.js';
import { tokenOf } from '../signing/settings.js';
import { unwrapSecret, wrapSecret, type WrappedSecret } from '../signing/pkcs11Secret.js';

/**
 * A poll's receipt key as the `poll_keys` document holds it. Without a PKCS#11 token the 32
 * bytes in clear (`key`, hex), as always. With one (SIGNING_PKCS11_MODULE), only `wrapped`:
 * the key encrypted by the token's AES key (SIGNING_PKCS11_POLL_KEY_LABEL), bound to the poll
 * id, so a copy of the database alone cannot recompute a nonce. A clear key written before
 * the token was configured (a poll open during the upgrade) keeps working.
 */
export interface PollKeyDoc { _id: string; key?: string | null; wrapped?: WrappedSecret | null }

const aadOf = (pollId: string) => Buffer.from(`hdnd-poll-key/1|${pollId}`, 'utf8');

/** The token is down, the PIN wrong or the key absent: said plainly, with nothing secret in it; nothing was written. */
export const pollKeyUnavailable = (cause: unknown) => {
  const detail = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0];
  return new AppError('not_ready', `Không dùng được khóa phiếu biểu quyết trên thiết bị HSM (${detail}); chưa có gì được ghi, hãy kiểm tra thiết bị và mã PIN rồi thử lại. / The poll's key on the HSM cannot be used; nothing was recorded: check the token and its PIN, then retry.`);
};

/** Whether receipt keys are wrapped by a token here. */
export const wrapsPollKeys = (deps: Deps) => tokenOf(deps.config) !== null;

export async function sealPollKey(deps: Deps, pollId: string, key: Buffer): Promise<PollKeyDoc> {
  const token = tokenOf(deps.config);
  if (!token) return { _id: pollId, key: key.toString('hex') };
  try {
    return { _id: pollId, wrapped: await wrapSecret(token, deps.config.SIGNING_PKCS11_POLL_KEY_LABEL, key, aadOf(pollId)) };
  } catch (err) {
    throw pollKeyUnavailable(err);
  }
}

export async function openPollKey(deps: Deps, doc: PollKeyDoc): Promise<Buffer> {
  if (!doc.wrapped) return Buffer.from(doc.key!, 'hex');
  const token = tokenOf(deps.config);
  if (!token) throw pollKeyUnavailable('SIGNING_PKCS11_MODULE chưa được đặt / is not set');
  try {
    return await unwrapSecret(token, doc.wrapped, aadOf(doc._id));
  } catch (err) {
    throw pollKeyUnavailable(err);
  }
}
