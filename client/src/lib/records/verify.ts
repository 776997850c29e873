import type { VerifyResult } from '../../../../contract/records.js';
import type { ApiResult } from '../api.js';

/** base64 of a small file (a signature file is about 1 KB). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * Sends a minutes PDF (with its .sig.json if given) or an archive bundle to
 * POST /api/records/verify as the raw body; never throws.
 */
export async function verifyFile(file: File, signature: File | null): Promise<ApiResult<VerifyResult>> {
  const isZip = /\.zip$/i.test(file.name) || file.type.includes('zip');
  const headers: Record<string, string> = { 'content-type': isZip ? 'application/zip' : 'application/pdf', accept: 'application/json' };
  if (signature && !isZip) headers['x-hdnd-signature'] = await base64Of(signature);
  try {
    const res = await fetch(`/api/records/verify?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers, body: file, credentials: 'same-origin' });
    const json = (await res.json().catch(() => null)) as ApiResult<VerifyResult> | null;
    return json ?? { ok: false, error: 'internal_error', message: '' };
  } catch {
    return { ok: false, error: 'network_error', message: '' };
  }
}
