import type { X509Certificate } from 'node:crypto';
import { SigningError } from '../errors.js';
import type { TsaSettings } from '../tsa/tsaClient.js';
import { appendDss } from '../pdf/dss.js';
import { appendDocumentTimestamp } from '../pdf/documentTimestamp.js';
import { validationDataFor } from './validationData.js';

/**
 * A PAdES B-T file made fit for the archive: B-LT (the paths' certificates and CRLs in a DSS
 * appended after the last signature), then B-LTA (a document timestamp over all of it). The
 * document timestamp comes from the same authority as the signatures' timestamps, whose chain
 * and CRLs the DSS already holds, so it too is validated from the file alone. A step the
 * network denies (a CRL, the authority) leaves the file at the level reached, said through
 * `warn`, unless `ltv` is `required`; a revoked certificate always fails.
 */
export interface LongTermOptions {
  tsa: TsaSettings;
  ltv: 'on' | 'required';
  /** Add the document timestamp (B-LTA) after B-LT. */
  lta: boolean;
  anchors: readonly X509Certificate[];
  /** A step skipped: the reason (Vietnamese) and what the file stays. */
  warn(reason: string, message: string): void;
}

const unavailable = (err: unknown, codes: string[]) => err instanceof SigningError && codes.includes(err.code);

export async function extendForArchive(signed: Buffer, options: LongTermOptions): Promise<Buffer> {
  const data = await validationDataFor(signed, options.anchors).catch((err: unknown) => {
    if (options.ltv === 'required' || !unavailable(err, ['revocation_unavailable'])) throw err;
    options.warn((err as Error).message, 'sealed without the archive\'s validation data (B-T, not B-LT)');
    return null;
  });
  // No distribution point anywhere (no CRL to keep): the file stays B-T.
  if (!data || data.crls.length === 0) return signed;
  const lt = await appendDss(signed, data);
  if (!options.lta) return lt;
  return appendDocumentTimestamp(lt, options.tsa).catch((err: unknown) => {
    if (options.ltv === 'required' || !unavailable(err, ['tsa_unavailable', 'tsa_refused', 'tsa_bad_reply'])) throw err;
    options.warn((err as Error).message, 'sealed without the archive timestamp (B-LT, not B-LTA)');
    return lt;
  });
}
