import { X509Certificate, type KeyObject } from 'node:crypto';
import { hashLength, hashOid, type SignatureScheme, type Signer } from '../signer.js';
import { signatureAlgorithm } from '../cms/algorithms.js';
import { oids } from '../cms/oids.js';
import { CscClient, type CscCredentialInfo } from './cscClient.js';
import { cscErrors } from './cscErrors.js';
import { acceptSignature, EC_FIELD_BYTES } from './remoteSignature.js';

/** What the person signing is asked for, so the screen can show the right boxes. */
export interface CscAuthorizationPrompt {
  pin: boolean;
  otp: boolean;
  /** The service's own labels ("Mã PIN", "Mã OTP gửi qua SMS"), when it gives them. */
  pinLabel?: string;
  otpLabel?: string;
}

/** Where the key is: a CSC v1 service, the credential on it, and how the holder unlocks it. */
export interface CscSignerSettings {
  /** The service's address before `/csc/v1`. */
  baseUrl: string;
  /** The OAuth2 bearer token for the service: never logged. */
  accessToken: string;
  /** The credential (key and certificate) to sign with. */
  credentialId: string;
  /**
   * Asked once per signature, only when the credential wants a PIN or an OTP (explicit
   * authorization): a person types them on their screen or reads the OTP off their phone,
   * so they cannot sit in the settings. Their answers go to the service and nowhere else.
   */
  authorize: (prompt: CscAuthorizationPrompt) => Promise<{ pin?: string; otp?: string }>;
  /** The online OTP was already sent (the person asked for it before typing it): not sent again. */
  otpSent?: boolean;
  /** One request's time limit (default 15 s). */
  timeoutMs?: number;
  /** The authorize call's limit (default 3 min): with implicit authorization the holder confirms on the phone. */
  authorizeTimeoutMs?: number;
  /** RSA PKCS#1 v1.5 as signAlgo rsaEncryption plus hashAlgo (default) or as sha256WithRSAEncryption and the like. */
  pkcs1SignAlgo?: 'rsaEncryption' | 'withHash';
}

const needed = (p: { presence: string } | undefined) => p !== undefined && p.presence !== 'false';

/** A signer at a remote service, and what its holder must type for each signature (nothing when the service asks them itself). */
export interface RemoteSigner extends Signer {
  /** otpOnline: the service sends the OTP (SMS, app) when asked; otherwise the holder's device makes it. */
  readonly asks: { pin: boolean; otp: boolean; otpOnline: boolean };
  /** The only RSA padding the service signs with, when it cannot be asked for another (VNPT SmartCA: PKCS#1 v1.5). */
  readonly rsaPadding?: 'pkcs1' | 'pss';
}

/** The CSC signer: the key stays with the trust service; one hash goes out per signature. */
class CscSigner implements RemoteSigner {
  readonly chain: readonly Buffer[];
  readonly publicKey: KeyObject;
  readonly keyType: 'rsa' | 'ec';
  readonly development = false;
  readonly description: string;
  readonly asks: { pin: boolean; otp: boolean; otpOnline: boolean };
  readonly #client: CscClient;
  readonly #settings: CscSignerSettings;
  readonly #info: CscCredentialInfo;

  constructor(client: CscClient, settings: CscSignerSettings, info: CscCredentialInfo, key: { chain: Buffer[]; publicKey: KeyObject; keyType: 'rsa' | 'ec' }) {
    this.#client = client;
    this.#settings = settings;
    this.#info = info;
    this.chain = key.chain;
    this.publicKey = key.publicKey;
    this.keyType = key.keyType;
    this.description = `Dịch vụ ký số từ xa (CSC) ${client.host}, chứng thư / credential "${settings.credentialId}"`;
    const implicit = info.authMode === 'implicit';
    this.asks = { pin: !implicit && needed(info.PIN), otp: !implicit && needed(info.OTP), otpOnline: !implicit && needed(info.OTP) && info.OTP?.type === 'online' };
  }

  async signDigest(digest: Buffer, scheme: SignatureScheme): Promise<Buffer> {
    if (digest.length !== hashLength[scheme.hash]) throw new Error(`a ${scheme.hash} digest is ${hashLength[scheme.hash]} bytes, not ${digest.length}`);
    const credentialID = this.#settings.credentialId;
    const sad = await this.#client.authorize({ credentialID, hashes: [digest], ...(await this.#secrets()), timeoutMs: this.#settings.authorizeTimeoutMs ?? 180_000 });
    const [signature] = await this.#client.signHash({ credentialID, sad, hashes: [digest], hashAlgo: hashOid[scheme.hash], ...this.#algorithm(scheme) });
    const accepted = acceptSignature(signature!, digest, scheme, this.publicKey);
    if ('problem' in accepted) throw cscErrors.badReply(this.#client.host, 'ký giá trị băm (signatures/signHash)', accepted.problem);
    return accepted.ok;
  }

  /** The PIN and/or OTP for one authorization, from the person (an online OTP is sent first). */
  async #secrets(): Promise<{ pin?: string; otp?: string }> {
    const { authMode, PIN, OTP } = this.#info;
    const pin = needed(PIN);
    const otp = needed(OTP);
    // Implicit: the service itself asks the holder (a confirmation in its phone app).
    if (authMode === 'implicit' || (!pin && !otp)) return {};
    if (otp && OTP?.type === 'online' && !this.#settings.otpSent) await this.#client.sendOtp(this.#settings.credentialId);
    const typed = await this.#settings.authorize({ pin, otp, ...(PIN?.label ? { pinLabel: PIN.label } : {}), ...(OTP?.label ? { otpLabel: OTP.label } : {}) });
    return { ...(pin && typed.pin !== undefined ? { pin: typed.pin } : {}), ...(otp && typed.otp !== undefined ? { otp: typed.otp } : {}) };
  }

  /** signAlgo (and for PSS its RSASSA-PSS-params, DER) for the scheme: the same identifiers the CMS carries. */
  #algorithm(scheme: SignatureScheme): { signAlgo: string; signAlgoParams?: Buffer } {
    const algorithm = signatureAlgorithm(this.keyType, scheme);
    if (this.keyType === 'ec') return { signAlgo: algorithm.algorithmId };
    if (scheme.rsaPadding === 'pss') return { signAlgo: oids.rsaPss, signAlgoParams: Buffer.from((algorithm.algorithmParams as { toBER(): ArrayBuffer }).toBER()) };
    return { signAlgo: this.#settings.pkcs1SignAlgo === 'withHash' ? algorithm.algorithmId : oids.rsaEncryption };
  }

  /** Nothing is held open: each signature is its own authorize and signHash requests. */
  async close(): Promise<void> {}
}

/**
 * Opens the credential: reads its chain, checks the key is one this product signs with and
 * can be authorized here, so a misconfigured credential fails at start, not at a signature.
 */
export async function openCscSigner(settings: CscSignerSettings): Promise<RemoteSigner> {
  const client = new CscClient({ baseUrl: settings.baseUrl, accessToken: settings.accessToken, ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}) });
  const info = await client.credentialInfo(settings.credentialId);
  if (info.key.status !== 'enabled') throw cscErrors.credentialNotFound(client.host, `"${settings.credentialId}": khóa bị vô hiệu hóa / the key is disabled`);
  if (info.authMode === 'oauth2code') throw cscErrors.unsupported(client.host, 'xác thực oauth2code chưa được hỗ trợ / oauth2code authorization is not supported');
  const chain = info.cert.certificates.map((c) => Buffer.from(c, 'base64'));
  let publicKey: KeyObject;
  try {
    publicKey = new X509Certificate(chain[0]!).publicKey;
  } catch (err) {
    throw cscErrors.badReply(client.host, 'đọc chứng thư (credentials/info)', `chứng thư không đọc được / unreadable certificate: ${(err as Error).message}`);
  }
  const details = publicKey.asymmetricKeyDetails ?? {};
  let keyType: 'rsa' | 'ec';
  if (publicKey.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) keyType = 'rsa';
  else if (publicKey.asymmetricKeyType === 'ec' && EC_FIELD_BYTES[details.namedCurve ?? '']) keyType = 'ec';
  else throw cscErrors.unsupported(client.host, `${publicKey.asymmetricKeyType} ${details.modulusLength ?? details.namedCurve ?? ''}`.trim());
  return new CscSigner(client, settings, info, { chain, publicKey, keyType });
}
