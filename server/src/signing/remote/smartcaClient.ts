import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { scrub } from './cscErrors.js';
import { smartcaErrors } from './smartcaErrors.js';

/**
 * A small client for VNPT SmartCA's own API ("SmartCA 769", `{base}/v1/…`, base e.g.
 * https://gwsca.vnpt.vn/sca/sp769): the integrator (service provider) authenticates each call
 * with sp_id and sp_password; a user is their user_id (CCCD number or SmartCA account). Only
 * the SHA-256 hash goes out (hex); the user approves the transaction in the VNPT SmartCA phone
 * app; the signature comes back on the status call. Every answer is checked with zod.
 *
 * Field names from VNPT's published integration samples (C#, Java) and public integrations
 * (NestJS, .NET, TypeScript), read and compared; where they disagree:
 *  - chain_data is an object {ca_cert, root_cert} in VNPT's samples, an array in the
 *    national (NEAC) API it follows: both are read;
 *  - the sign reply's data has transaction_id (polled in VNPT's samples and most
 *    integrations) and tran_code (polled in one): transaction_id is polled, else tran_code;
 *  - the status call's body is empty in VNPT's samples, sp_id/sp_password in others: they
 *    are sent (ignored where not read);
 *  - the status has no documented code for "refused" or "expired": integrations read the
 *    message (REJECTED, EXPIRED…) and treat a 200 without signatures as pending, as here.
 */

export interface SmartcaClientSettings {
  /** The service's address before `/v1`, e.g. https://gwsca.vnpt.vn/sca/sp769. */
  baseUrl: string;
  spId: string;
  /** Never logged; scrubbed from any text the service sends back. */
  spPassword: string;
  /** Give up on one request after this long (default 15 s). */
  timeoutMs?: number;
}

const Envelope = z.object({ status_code: z.number().int(), message: z.string().nullish(), data: z.unknown().optional() });
const UserCertificate = z.object({
  cert_id: z.string().nullish(),
  cert_status: z.union([z.string(), z.number()]).nullish(),
  serial_number: z.string().min(1),
  cert_subject: z.string().nullish(),
  cert_valid_to: z.string().nullish(),
  cert_data: z.string().min(1),
  chain_data: z.union([z.array(z.string()), z.object({ ca_cert: z.string().nullish(), root_cert: z.string().nullish() })]).nullish(),
});
const CertificatesData = z.object({ user_certificates: z.array(UserCertificate).nullish() }).nullish();
const SignData = z.object({ transaction_id: z.string().nullish(), tran_code: z.string().nullish() });
const StatusData = z.object({
  transaction_id: z.string().nullish(),
  signatures: z.array(z.object({ doc_id: z.string().nullish(), signature_value: z.string().nullish() })).nullish(),
}).nullish();

export type SmartcaCertificate = z.infer<typeof UserCertificate>;
/** Where a transaction is: waiting for the user, signed, declined on the phone, or expired at the service. */
export type SmartcaStatus =
  | { state: 'pending' }
  | { state: 'approved'; signatures: Array<{ docId: string | null; value: Buffer }> }
  | { state: 'declined' }
  | { state: 'expired' };

const WHAT = {
  certificate: 'lấy chứng thư (credentials/get_certificate)',
  sign: 'gửi yêu cầu ký (signatures/sign)',
  status: 'xem trạng thái giao dịch ký (signatures/sign/…/status)',
};
const DECLINED = /reject|denied|declin|cancel|từ chối|hủy/i;
const EXPIRED = /expire|time.?out|hết hạn/i;
const NOT_FOUND = /not.?found|not.?exist|không tìm thấy|không tồn tại/i;
const SP_REJECTED = /sp_id|sp_password|service provider|client_id|client_secret/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export class SmartcaClient {
  readonly host: string;
  readonly #base: string;
  readonly #sp: { sp_id: string; sp_password: string };
  readonly #timeoutMs: number;

  constructor(settings: SmartcaClientSettings) {
    this.#base = settings.baseUrl.replace(/\/+$/, '');
    this.host = new URL(this.#base).host;
    this.#sp = { sp_id: settings.spId, sp_password: settings.spPassword };
    this.#timeoutMs = settings.timeoutMs ?? 15_000;
  }

  /** The user's certificates (one per SmartCA service they subscribe to); an unknown user is an error. */
  async certificates(userId: string): Promise<SmartcaCertificate[]> {
    const reply = await this.#post('credentials/get_certificate', { user_id: userId, serial_number: '', transaction_id: randomUUID() }, WHAT.certificate);
    if (reply.status_code !== 200) {
      if (NOT_FOUND.test(reply.message ?? '')) throw smartcaErrors.userNotFound(this.host, userId);
      throw this.#refused(WHAT.certificate, reply);
    }
    const list = this.#parse(CertificatesData, reply.data, WHAT.certificate)?.user_certificates ?? [];
    if (list.length === 0) throw smartcaErrors.userNotFound(this.host, userId);
    return list;
  }

  /** Submits one hash for the user to approve on their phone; the id to poll. */
  async sign(args: { userId: string; serialNumber: string; hash: Buffer; docId: string; description: string }): Promise<string> {
    const transactionId = randomUUID();
    const body = {
      user_id: args.userId, transaction_id: transactionId, transaction_desc: args.description, serial_number: args.serialNumber,
      sign_files: [{ data_to_be_signed: args.hash.toString('hex'), doc_id: args.docId, file_type: 'pdf', sign_type: 'hash' }],
    };
    const reply = await this.#post('signatures/sign', body, WHAT.sign);
    if (reply.status_code !== 200) throw this.#refused(WHAT.sign, reply);
    const data = this.#parse(SignData, reply.data, WHAT.sign);
    return data.transaction_id || data.tran_code || transactionId;
  }

  /** Where the transaction is now. */
  async status(tranId: string): Promise<SmartcaStatus> {
    const reply = await this.#post(`signatures/sign/${encodeURIComponent(tranId)}/status`, {}, WHAT.status);
    const data = this.#parse(StatusData, reply.data, WHAT.status);
    const signed = (data?.signatures ?? []).filter((s) => s.signature_value);
    if (signed.length > 0) {
      const values = signed.map((s) => ({ docId: s.doc_id ?? null, text: s.signature_value!.replace(/\s+/g, '') }));
      if (values.some((v) => !BASE64.test(v.text))) throw smartcaErrors.badReply(this.host, WHAT.status, 'signatures.signature_value: không phải base64 / not base64');
      return { state: 'approved', signatures: values.map((v) => ({ docId: v.docId, value: Buffer.from(v.text, 'base64') })) };
    }
    const message = reply.message ?? '';
    if (DECLINED.test(message)) return { state: 'declined' };
    if (EXPIRED.test(message)) return { state: 'expired' };
    if (reply.status_code === 200) return { state: 'pending' };
    throw this.#refused(WHAT.status, reply);
  }

  /** POST {base}/v1/{path} with the integrator's credentials; the envelope, or why there is none. */
  async #post(path: string, body: object, what: string): Promise<z.infer<typeof Envelope>> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.#base}/v1/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ ...this.#sp, ...body }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw smartcaErrors.timeout(this.host, this.#timeoutMs);
      throw smartcaErrors.unreachable(this.host, err);
    }
    const envelope = Envelope.safeParse(parseJson(text));
    const reply = envelope.success ? envelope.data : null;
    if (response.status === 401 || response.status === 403) throw smartcaErrors.spRejected(this.host);
    if (reply && reply.status_code !== 200 && (reply.status_code === 401 || reply.status_code === 403 || SP_REJECTED.test(reply.message ?? ''))) throw smartcaErrors.spRejected(this.host);
    if (!reply) {
      if (response.status >= 500) throw smartcaErrors.unreachable(this.host, new Error(`HTTP ${response.status}`));
      if (!response.ok) throw smartcaErrors.refused(this.host, what, `HTTP ${response.status}`);
      throw smartcaErrors.badReply(this.host, what, text ? 'không phải trả lời JSON {status_code, message, data} / not a SmartCA answer' : 'trả lời rỗng / empty answer');
    }
    return reply;
  }

  #parse<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw smartcaErrors.badReply(this.host, what, scrub(`${issue?.path.join('.') || 'data'}: ${issue?.message ?? '?'}`, [this.#sp.sp_password]));
  }

  #refused(what: string, reply: z.infer<typeof Envelope>): Error {
    const detail = `${reply.status_code}${reply.message ? ` (${reply.message})` : ''}`;
    return smartcaErrors.refused(this.host, what, scrub(detail, [this.#sp.sp_password]));
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
