import type { PublicMinutes } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { signatureOf } from '../records/signing/sign.js';

/**
 * The minutes of a sitting as the public sees them: only once signed (a MinutesSignature
 * exists), and only the signed PDF. Drafts and revisions are never shown.
 */
export async function publicMinutesOf(deps: Deps, sittingId: string): Promise<PublicMinutes | null> {
  const signed = await signatureOf(deps, sittingId);
  if (!signed) return null;
  return { signedAt: new Date(signed.signedAt).toISOString(), fileName: signed.fileName, bytes: signed.bytes, sha256: signed.sha256, fileUrl: `/api/public/minutes/${sittingId}/file` };
}
