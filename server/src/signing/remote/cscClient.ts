import { z } from 'zod';
import { cscErrors, scrub } from './cscErrors.js';

/**
 * A small client for the Cloud Signature Consortium API v1.0.4.0 (`{base}/csc/v1/…`), the
 * remote signing API of Viettel MySign and VNPT SmartCA: only hashes are sent, only
 * signatures come back. Every answer is checked with zod before use, so a service that
 * changes its answers fails here, in words, not deep inside the CMS. The bearer token is
 * given (the OAuth2 client-credentials exchange that yields it is outside this client).
 */

export interface CscClientSettings {
  /** The service's address before `/csc/v1`, e.g. https://remotesigning.example.vn. */
  baseUrl: string;
  /** The OAuth2 access token (bearer): never logged. */
  accessToken: string;
  /** Give up on one request after this long (default 15 s). */
  timeoutMs?: number;
}

const b64 = z.base64();
const presence = z.enum(['true', 'false', 'optional']);

const ErrorBody = z.object({ error: z.string(), error_description: z.string().optional() });
const ListReply = z.object({ credentialIDs: z.array(z.string()), nextPageToken: z.string().optional() });
const InfoReply = z.object({
  description: z.string().optional(),
  key: z.object({ status: z.enum(['enabled', 'disabled']), algo: z.array(z.string()), len: z.number().int().positive(), curve: z.string().optional() }),
  cert: z.object({
    status: z.string().optional(), certificates: z.array(b64).min(1),
    issuerDN: z.string().optional(), serialNumber: z.string().optional(), subjectDN: z.string().optional(),
    validFrom: z.string().optional(), validTo: z.string().optional(),
  }),
  authMode: z.enum(['implicit', 'explicit', 'oauth2code']),
  SCAL: z.enum(['1', '2']).optional(),
  PIN: z.object({ presence, format: z.string().optional(), label: z.string().optional(), description: z.string().optional() }).optional(),
  OTP: z.object({
    presence, type: z.enum(['offline', 'online']).optional(), format: z.string().optional(),
    label: z.string().optional(), description: z.string().optional(), ID: z.string().optional(), provider: z.string().optional(),
  }).optional(),
  multisign: z.number().int().optional(),
});
const AuthorizeReply = z.object({ SAD: z.string().min(1), expiresIn: z.number().optional() });
const SignHashReply = z.object({ signatures: z.array(b64).min(1) });
const NoReply = z.unknown();

export type CscCredentialInfo = z.infer<typeof InfoReply>;

/** What each call is, for the secretary's message. */
const WHAT: Record<string, string> = {
  'credentials/list': 'liệt kê chứng thư (credentials/list)',
  'credentials/info': 'đọc chứng thư (credentials/info)',
  'credentials/sendOTP': 'gửi mã OTP (credentials/sendOTP)',
  'credentials/authorize': 'xác thực ký bằng PIN/OTP (credentials/authorize)',
  'signatures/signHash': 'ký giá trị băm (signatures/signHash)',
};

export class CscClient {
  readonly host: string;
  readonly #base: string;
  readonly #token: string;
  readonly #timeoutMs: number;

  constructor(settings: CscClientSettings) {
    this.#base = settings.baseUrl.replace(/\/+$/, '');
    this.host = new URL(this.#base).host;
    this.#token = settings.accessToken;
    this.#timeoutMs = settings.timeoutMs ?? 15_000;
  }

  async listCredentials(userID?: string): Promise<string[]> {
    return (await this.#post('credentials/list', { ...(userID ? { userID } : {}), maxResults: 100 }, ListReply)).credentialIDs;
  }

  /** The credential's key, its certificate chain (signer's first) and how signing is authorized. */
  credentialInfo(credentialID: string): Promise<CscCredentialInfo> {
    return this.#post('credentials/info', { credentialID, certificates: 'chain', certInfo: true, authInfo: true }, InfoReply);
  }

  /** Asks the service to send the holder an online OTP (SMS or app) before authorize. */
  async sendOtp(credentialID: string): Promise<void> {
    await this.#post('credentials/sendOTP', { credentialID }, NoReply);
  }

  /**
   * The Signature Activation Data for exactly these hashes (SCAL2 services bind it to them),
   * given the PIN and/or OTP the holder typed. With implicit authorization the service asks
   * the holder itself (a confirmation on the phone), so this can take minutes: `timeoutMs`.
   */
  async authorize(args: { credentialID: string; hashes: Buffer[]; pin?: string; otp?: string; timeoutMs?: number }): Promise<string> {
    const body = {
      credentialID: args.credentialID, numSignatures: args.hashes.length, hash: args.hashes.map((h) => h.toString('base64')),
      ...(args.pin !== undefined ? { PIN: args.pin } : {}), ...(args.otp !== undefined ? { OTP: args.otp } : {}),
    };
    return (await this.#post('credentials/authorize', body, AuthorizeReply, [args.pin, args.otp], args.timeoutMs)).SAD;
  }

  /** Signs the hashes with the credential's key; one signature per hash, in order. */
  async signHash(args: { credentialID: string; sad: string; hashes: Buffer[]; hashAlgo: string; signAlgo: string; signAlgoParams?: Buffer }): Promise<Buffer[]> {
    const body = {
      credentialID: args.credentialID, SAD: args.sad, hash: args.hashes.map((h) => h.toString('base64')),
      hashAlgo: args.hashAlgo, signAlgo: args.signAlgo, ...(args.signAlgoParams ? { signAlgoParams: args.signAlgoParams.toString('base64') } : {}),
    };
    const { signatures } = await this.#post('signatures/signHash', body, SignHashReply, [args.sad]);
    if (signatures.length !== args.hashes.length) throw cscErrors.badReply(this.host, WHAT['signatures/signHash']!, `${signatures.length} chữ ký cho ${args.hashes.length} giá trị băm / signature count mismatch`);
    return signatures.map((s) => Buffer.from(s, 'base64'));
  }

  async #post<T>(path: string, body: object, schema: z.ZodType<T>, secrets: (string | undefined)[] = [], timeoutMs = this.#timeoutMs): Promise<T> {
    const what = WHAT[path]!;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.#base}/csc/v1/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.#token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The timeout signal also covers the body: a service that sends headers then stalls is cut off too.
      text = await response.text();
    } catch (err) {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw cscErrors.timeout(this.host, timeoutMs);
      throw cscErrors.unreachable(this.host, err);
    }
    const json = parseJson(text);
    if (!response.ok) throw this.#failure(response.status, json, what, [...secrets, this.#token]);
    if (schema === NoReply) return undefined as T;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const detail = json === undefined ? 'không phải JSON / not JSON' : `${issue?.path.join('.') || '(gốc)'}: ${issue?.message ?? '?'}`;
      throw cscErrors.badReply(this.host, what, scrub(detail, [...secrets, this.#token]));
    }
    return parsed.data;
  }

  /** An HTTP error, read through its CSC error body ({error, error_description}) when there is one. */
  #failure(status: number, json: unknown, what: string, secrets: (string | undefined)[]): Error {
    const body = ErrorBody.safeParse(json);
    const code = body.success ? body.data.error : '';
    const description = body.success ? body.data.error_description ?? '' : '';
    if (code === 'invalid_pin' || (code === 'invalid_request' && /\bPIN\b/i.test(description))) return cscErrors.wrongPin(this.host);
    if (code === 'invalid_otp' || (code === 'invalid_request' && /\bOTP\b/i.test(description))) return cscErrors.wrongOtp(this.host);
    if (code === 'access_denied') return cscErrors.declined(this.host);
    if (status === 401 || code === 'invalid_token' || code === 'unauthorized_client') return cscErrors.tokenRejected(this.host);
    if (code === 'invalid_request' && /credentialID/i.test(description)) return cscErrors.credentialNotFound(this.host, scrub(description, secrets));
    if (!body.success && status >= 500) return cscErrors.unreachable(this.host, new Error(`HTTP ${status}`));
    const detail = body.success ? `${code}${description ? ` (${description})` : ''}` : `HTTP ${status}`;
    return cscErrors.refused(this.host, what, scrub(detail, secrets));
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return undefined;
  }
}
