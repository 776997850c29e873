import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hashOid, nodeHash, type HashName } from '../signer.js';
import { signingErrors } from '../errors.js';
import { readTimestampToken } from './timestampToken.js';

/** Where timestamps come from: a trust service's RFC 3161 endpoint (Decree 23/2025). */
export interface TsaSettings {
  url: string;
  /** The hash of the imprint sent; SHA-256 unless told. */
  hash?: HashName;
  /** Give up after this long (default 15 s): nothing is signed then. */
  timeoutMs?: number;
}

/**
 * Asks a timestamp authority (RFC 3161 over HTTP: POST application/timestamp-query) to
 * timestamp `data` (for CAdES-T, the signature value), and returns the TimeStampToken
 * (ContentInfo, DER) after checking that it answers this request: granted, the same imprint
 * and the same nonce. Throws a SigningError in Vietnamese when the authority is down,
 * refuses, or answers something else.
 */
export async function requestTimestamp(data: Buffer, settings: TsaSettings): Promise<Buffer> {
  const hash = settings.hash ?? 'SHA-256';
  const imprint = createHash(nodeHash(hash)).update(data).digest();
  const nonceBytes = randomBytes(8);
  nonceBytes[0] = (nonceBytes[0]! & 0x7f) | 0x40; // positive, and minimally encoded in 8 bytes
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: hashOid[hash] }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonceBytes }),
    certReq: true,
  });
  let response: Response;
  try {
    response = await fetch(settings.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: Buffer.from(request.toSchema().toBER()),
      signal: AbortSignal.timeout(settings.timeoutMs ?? 15_000),
    });
  } catch (err) {
    throw signingErrors.tsaUnavailable(settings.url, err);
  }
  if (!response.ok) throw signingErrors.tsaRefused(settings.url, `HTTP ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  let reply: pkijs.TimeStampResp;
  try {
    reply = pkijs.TimeStampResp.fromBER(body);
  } catch {
    throw signingErrors.tsaBadReply(settings.url, 'không phải TimeStampResp / not a TimeStampResp');
  }
  const status = reply.status.status;
  if (status !== 0 && status !== 1) {
    const text = reply.status.statusStrings?.map((s) => s.valueBlock.value).join('; ') ?? '';
    throw signingErrors.tsaRefused(settings.url, `PKIStatus ${status}${text ? ` (${text})` : ''}`);
  }
  if (!reply.timeStampToken) throw signingErrors.tsaBadReply(settings.url, 'không có token / no token');
  const token = Buffer.from(reply.timeStampToken.toSchema().toBER());
  const read = readTimestampToken(token);
  if (!read) throw signingErrors.tsaBadReply(settings.url, 'token không đọc được / unreadable token');
  if (!read.imprint.equals(imprint) || read.imprintHashOid !== hashOid[hash]) throw signingErrors.tsaBadReply(settings.url, 'dấu thời gian cho dữ liệu khác / imprint mismatch');
  if (read.nonce !== BigInt(`0x${nonceBytes.toString('hex')}`)) throw signingErrors.tsaBadReply(settings.url, 'nonce không khớp / nonce mismatch');
  return token;
}
