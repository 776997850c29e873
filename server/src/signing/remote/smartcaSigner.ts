import { X509Certificate, type KeyObject } from 'node:crypto';
import type { SignatureScheme } from '../signer.js';
import type { RemoteSigner } from './cscSigner.js';
import { acceptSignature } from './remoteSignature.js';
import { SmartcaClient, type SmartcaCertificate } from './smartcaClient.js';
import { smartcaErrors, SmartcaSigningError } from './smartcaErrors.js';

/** A person's key at VNPT SmartCA: the integrator's account, the user, and how long to wait for them. */
export interface SmartcaSignerSettings {
  /** The service's address before `/v1`, e.g. https://gwsca.vnpt.vn/sca/sp769. */
  baseUrl: string;
  spId: string;
  /** Never logged. */
  spPassword: string;
  /** The user's SmartCA user_id (their CCCD number or SmartCA account). */
  userId: string;
  /** What the phone app shows for the transaction (transaction_desc). */
  description?: string;
  /** One request's time limit (default 15 s). */
  timeoutMs?: number;
  /** How often the transaction's status is asked while the user decides (default 2 s). */
  pollMs?: number;
  /** How long the user has to approve on the phone (default 3 min). */
  approvalTimeoutMs?: number;
}

/** cert_status values that mean "not usable" (the samples show ACTIVE/REVOKED, codes and Vietnamese words). */
const UNUSABLE = /revok|thu hồi|suspend|tạm dừng|tạm khóa|bị khóa|lock|inactive|expire|hết hạn|cancel|hủy|^0$/i;
const DEFAULT_DESCRIPTION = 'Ký số văn bản của Hội đồng nhân dân';

/**
 * The SmartCA signer: the key stays at VNPT; each signature is one transaction the user
 * approves in the VNPT SmartCA app, so nothing is typed here (asks: none). SmartCA signs the
 * SHA-256 hash with RSA PKCS#1 v1.5, which `rsaPadding` tells the caller; the signature that
 * comes back is verified against the certificate for the hash sent before it is used.
 */
class SmartcaSigner implements RemoteSigner {
  readonly chain: readonly Buffer[];
  readonly publicKey: KeyObject;
  readonly keyType = 'rsa' as const;
  readonly rsaPadding = 'pkcs1' as const;
  readonly development = false;
  readonly description: string;
  readonly asks = { pin: false, otp: false, otpOnline: false };
  readonly #client: SmartcaClient;
  readonly #settings: SmartcaSignerSettings;
  readonly #serial: string;

  constructor(client: SmartcaClient, settings: SmartcaSignerSettings, serial: string, chain: Buffer[], publicKey: KeyObject) {
    this.#client = client;
    this.#settings = settings;
    this.#serial = serial;
    this.chain = chain;
    this.publicKey = publicKey;
    this.description = `VNPT SmartCA ${client.host}, người dùng / user "${settings.userId}", chứng thư / certificate ${serial}`;
  }

  async signDigest(digest: Buffer, scheme: SignatureScheme): Promise<Buffer> {
    const host = this.#client.host;
    if (scheme.hash !== 'SHA-256' || digest.length !== 32) throw smartcaErrors.unsupported(host, `SmartCA chỉ ký giá trị băm SHA-256, không ký ${scheme.hash} / SHA-256 only`);
    if (scheme.rsaPadding !== 'pkcs1') throw smartcaErrors.unsupported(host, 'SmartCA ký RSA PKCS#1 v1.5, không ký RSA-PSS / PKCS#1 v1.5 only');
    const docId = `hdnd-${digest.toString('hex').slice(0, 16)}`;
    const tranId = await this.#client.sign({ userId: this.#settings.userId, serialNumber: this.#serial, hash: digest, docId, description: this.#settings.description ?? DEFAULT_DESCRIPTION });
    const signature = await this.#approved(tranId, docId);
    const accepted = acceptSignature(signature, digest, scheme, this.publicKey);
    if ('problem' in accepted) throw smartcaErrors.wrongHash(host, accepted.problem);
    return accepted.ok;
  }

  /** Asks the status every pollMs until the user approves, declines, or the time is up. */
  async #approved(tranId: string, docId: string): Promise<Buffer> {
    const host = this.#client.host;
    const limit = this.#settings.approvalTimeoutMs ?? 180_000;
    const every = this.#settings.pollMs ?? 2_000;
    const started = Date.now();
    for (;;) {
      const left = limit - (Date.now() - started);
      if (left <= 0) throw smartcaErrors.expired(host, limit);
      await new Promise((resolve) => setTimeout(resolve, Math.min(every, left)));
      const status = await this.#client.status(tranId).catch((err: unknown) => {
        // A lost poll is not a lost transaction: ask again while there is time.
        if (err instanceof SmartcaSigningError && (err.reason === 'unreachable' || err.reason === 'timeout') && Date.now() - started < limit) return null;
        throw err;
      });
      if (status === null || status.state === 'pending') continue;
      if (status.state === 'declined') throw smartcaErrors.declined(host);
      if (status.state === 'expired') throw smartcaErrors.expired(host, Date.now() - started);
      const ours = status.signatures.find((s) => s.docId === docId) ?? (status.signatures.length === 1 && !status.signatures[0]!.docId ? status.signatures[0] : undefined);
      if (!ours) throw smartcaErrors.badReply(host, 'xem trạng thái giao dịch ký', `không có chữ ký cho doc_id ${docId} / no signature for our document`);
      return ours.value;
    }
  }

  /** Nothing is held open: each signature is its own transaction. */
  async close(): Promise<void> {}
}

/**
 * Opens the user's certificate at SmartCA (get_certificate): the valid, unrevoked one that
 * lasts longest, so a missing, revoked or expired certificate fails here, before any signing.
 */
export async function openSmartcaSigner(settings: SmartcaSignerSettings): Promise<RemoteSigner> {
  const client = new SmartcaClient({ baseUrl: settings.baseUrl, spId: settings.spId, spPassword: settings.spPassword, ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}) });
  const problems: string[] = [];
  let best: { record: SmartcaCertificate; cert: X509Certificate; chain: Buffer[] } | null = null;
  for (const record of await client.certificates(settings.userId)) {
    const found = usable(record, new Date());
    if ('problem' in found) problems.push(found.problem);
    else if (!best || Date.parse(found.cert.validTo) > Date.parse(best.cert.validTo)) best = { record, ...found };
  }
  if (!best) throw smartcaErrors.certificateUnusable(client.host, settings.userId, problems.join('; '));
  const publicKey = best.cert.publicKey;
  const bits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (publicKey.asymmetricKeyType !== 'rsa' || bits < 2048) throw smartcaErrors.unsupported(client.host, `khóa ${publicKey.asymmetricKeyType}${bits ? ` ${bits} bit` : ''} (cần RSA ≥ 2048 bit) / RSA 2048 or more needed`);
  return new SmartcaSigner(client, settings, best.record.serial_number, best.chain, publicKey);
}

/** The certificate and its chain (signer's first), or why it cannot sign now. */
function usable(record: SmartcaCertificate, now: Date): { cert: X509Certificate; chain: Buffer[] } | { problem: string } {
  const serial = record.serial_number;
  if (record.cert_status !== null && record.cert_status !== undefined && UNUSABLE.test(String(record.cert_status).trim())) {
    return { problem: `chứng thư ${serial} đã bị thu hồi hoặc tạm dừng (${String(record.cert_status)}) / revoked or suspended` };
  }
  const der = (b64: string) => Buffer.from(b64.replace(/\s+/g, ''), 'base64');
  const issuers = Array.isArray(record.chain_data) ? record.chain_data : [record.chain_data?.ca_cert, record.chain_data?.root_cert];
  const chain = [record.cert_data, ...issuers].filter((c): c is string => Boolean(c?.trim())).map(der);
  let cert: X509Certificate;
  try {
    [cert] = chain.map((c) => new X509Certificate(c)) as [X509Certificate];
  } catch (err) {
    return { problem: `chứng thư ${serial} không đọc được / unreadable: ${(err as Error).message}` };
  }
  if (Date.parse(cert.validTo) < now.getTime()) return { problem: `chứng thư ${serial} đã hết hạn ngày ${new Date(cert.validTo).toISOString().slice(0, 10)} / expired` };
  if (Date.parse(cert.validFrom) > now.getTime()) return { problem: `chứng thư ${serial} chưa có hiệu lực / not yet valid` };
  return { cert, chain };
}
