import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SignatureScheme } from './signer.js';
import type { Pkcs11SignerSettings } from './pkcs11Signer.js';
import type { TsaSettings } from './tsa/tsaClient.js';
import { certificatesFromPem } from './certificates.js';

/**
 * The signing settings, from the environment (the README's table lists them). With neither
 * SIGNING_PKCS11_MODULE nor SIGNING_CSC_URL the product signs with the development file signer.
 * `{councilId}` in the key label or chain path is replaced by the council's id, so one
 * token can hold every council's seal.
 */
export const SigningSettingsShape = {
  /** The PKCS#11 library of the HSM or token (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so); unset: the development file signer. */
  SIGNING_PKCS11_MODULE: z.string().min(1).optional(),
  /** The token's label. */
  SIGNING_PKCS11_TOKEN_LABEL: z.string().min(1).optional(),
  /** The token's user PIN: never logged. */
  SIGNING_PKCS11_PIN: z.string().min(1).optional(),
  /** The label of the seal's private key (and of its certificate on the token); `{councilId}` allowed. */
  SIGNING_PKCS11_KEY_LABEL: z.string().min(1).default('seal-{councilId}'),
  /** With SIGNING_PKCS11_MODULE: the AES-256 key on the token that wraps each secret poll's receipt key (made on first use when absent). */
  SIGNING_PKCS11_POLL_KEY_LABEL: z.string().min(1).default('poll-keys'),
  /** With SIGNING_PKCS11_MODULE: the label of the council's Ed25519 record key on the token (made on first use); `{councilId}` allowed. */
  SIGNING_PKCS11_RECORD_KEY_LABEL: z.string().min(1).default('record-key-{councilId}'),
  /** A PEM file with the seal certificate then its issuers; unset: the certificate on the token. `{councilId}` allowed. */
  SIGNING_CERT_CHAIN: z.string().min(1).optional(),
  /** A remote signing service (CSC API v1: the trust service keeps the seal's key) instead of a token: its address before /csc/v1. */
  SIGNING_CSC_URL: z.url().optional(),
  /** The OAuth2 bearer token the service issued to this unit: never logged. */
  SIGNING_CSC_TOKEN: z.string().min(1).optional(),
  /** The seal's credential on the service; `{councilId}` allowed. */
  SIGNING_CSC_CREDENTIAL: z.string().min(1).default('seal-{councilId}'),
  /** The credential's PIN when it asks for one (an organisation's seal signs unattended): never logged. */
  SIGNING_CSC_PIN: z.string().min(1).optional(),
  /** The remote signing service where officials keep their own certificates (CSC API v1: Viettel MySign, VNPT SmartCA), before /csc/v1: the chair or secretary then signs the minutes as a person before the seal. */
  SIGNING_PERSON_CSC_URL: z.url().optional(),
  /** The bearer token the service issued to this unit for its officials: never logged. */
  SIGNING_PERSON_CSC_TOKEN: z.string().min(1).optional(),
  /** A signer's credential on that service; `{login}` is replaced by their login here. */
  SIGNING_PERSON_CSC_CREDENTIAL: z.string().min(1).default('{login}'),
  /**
   * Instead of SIGNING_PERSON_CSC_URL: VNPT SmartCA's own API ("SmartCA 769"), before /v1 (e.g.
   * https://gwsca.vnpt.vn/sca/sp769); the person approves each signature in the VNPT SmartCA app.
   */
  SIGNING_PERSON_SMARTCA_URL: z.url().optional(),
  /** The integrator (service provider) id VNPT issued to this unit. */
  SIGNING_PERSON_SMARTCA_SP_ID: z.string().min(1).optional(),
  /** The integrator's password: never logged. */
  SIGNING_PERSON_SMARTCA_SP_PASSWORD: z.string().min(1).optional(),
  /** A signer's SmartCA user_id (CCCD number or SmartCA account); `{login}` is replaced by their login here. */
  SIGNING_PERSON_SMARTCA_USER: z.string().min(1).default('{login}'),
  /** RSA padding (tokens differ): pss (Circular 15/2025 names RSASSA-PSS) or pkcs1 (v1.5). */
  SIGNING_RSA_PADDING: z.enum(['pss', 'pkcs1']).default('pss'),
  /** The RFC 3161 timestamp authority's URL (PAdES B-T); unset: B-B, no timestamp. */
  SIGNING_TSA_URL: z.url().optional(),
  /**
   * After a PAdES B-T seal, keep the paths' certificates and CRLs in the PDF (B-LT, for the
   * archive): `on` (a CRL that cannot be fetched leaves the file B-T, with a warning in the
   * log), `required` (it fails the signing), `off`. A revoked certificate fails it either way.
   */
  SIGNING_LTV: z.enum(['on', 'required', 'off']).default('on'),
  /**
   * After a B-LT seal, a document timestamp over the whole file and its DSS (PAdES B-LTA, ETSI
   * EN 319 142-1 §5.4): `on` (default) or `off`. Its own variable rather than a fourth
   * SIGNING_LTV value: it is a second request to the timestamp authority for every document
   * (trust services bill per timestamp) that a unit may decline while still keeping B-LT,
   * and how a failure is taken stays one setting, SIGNING_LTV (`required`: the signing fails;
   * otherwise the file stays B-LT with a warning in the log).
   */
  SIGNING_LTA: z.enum(['on', 'off']).default('on'),
  /** A PEM file of trust anchors (the national root in production) for verification. */
  SIGNING_TRUST_ANCHORS: z.string().min(1).optional(),
};

const SigningSettingsSchema = z.object(SigningSettingsShape);
/** The parsed settings (the server's Config holds them among its own). */
export type SigningConfig = z.infer<typeof SigningSettingsSchema>;

/** The seal's key on a remote signing service (CSC API v1), as the settings name it. */
export interface CscSealSettings { baseUrl: string; accessToken: string; credentialId: string; pin?: string }

/** How a council's PDFs are sealed: through PKCS#11 or a remote signing service; null when the file signer applies. */
export interface SealSettings {
  key: { kind: 'pkcs11'; pkcs11: Pkcs11SignerSettings } | { kind: 'csc'; csc: CscSealSettings };
  scheme: SignatureScheme;
  tsa: TsaSettings | null;
  /** After a B-T signature, keep the paths' certificates and CRLs in the file (B-LT): best effort, required, or not. */
  ltv: 'on' | 'required' | 'off';
  /** After a B-LT seal, a document timestamp over the file and its validation data (B-LTA). */
  lta: boolean;
}

/** The seal settings for a council; null when neither PKCS#11 nor a remote service is configured. Throws naming a missing or conflicting variable. */
export async function sealSettingsOf(config: SigningConfig, councilId: string): Promise<SealSettings | null> {
  if (config.SIGNING_PKCS11_MODULE && config.SIGNING_CSC_URL) throw new Error('SIGNING_PKCS11_MODULE and SIGNING_CSC_URL are both set: the seal is on a token or on a remote service, not both');
  const forCouncil = (s: string) => s.replaceAll('{councilId}', councilId);
  const common = { scheme: { hash: 'SHA-256', rsaPadding: config.SIGNING_RSA_PADDING }, tsa: config.SIGNING_TSA_URL ? { url: config.SIGNING_TSA_URL } : null, ltv: config.SIGNING_LTV, lta: config.SIGNING_LTA === 'on' } as const;
  if (config.SIGNING_CSC_URL) {
    if (!config.SIGNING_CSC_TOKEN) throw new Error('SIGNING_CSC_URL is set but SIGNING_CSC_TOKEN is not');
    const csc = { baseUrl: config.SIGNING_CSC_URL, accessToken: config.SIGNING_CSC_TOKEN, credentialId: forCouncil(config.SIGNING_CSC_CREDENTIAL), ...(config.SIGNING_CSC_PIN ? { pin: config.SIGNING_CSC_PIN } : {}) };
    return { key: { kind: 'csc', csc }, ...common };
  }
  const token = tokenOf(config);
  if (!token) return null;
  const chainPem = config.SIGNING_CERT_CHAIN ? await readFile(forCouncil(config.SIGNING_CERT_CHAIN), 'utf8') : undefined;
  const pkcs11 = { ...token, keyLabel: forCouncil(config.SIGNING_PKCS11_KEY_LABEL), ...(chainPem ? { chainPem } : {}) };
  return { key: { kind: 'pkcs11', pkcs11 }, ...common };
}

/** The PKCS#11 token: library, token label and PIN (never logged). */
export interface TokenSettings { module: string; tokenLabel: string; pin: string }

/** The token of SIGNING_PKCS11_*, which also keeps the record key and the poll keys' wrapping key; null when no module is set. */
export function tokenOf(config: SigningConfig): TokenSettings | null {
  if (!config.SIGNING_PKCS11_MODULE) return null;
  const missing = (['SIGNING_PKCS11_TOKEN_LABEL', 'SIGNING_PKCS11_PIN'] as const).filter((k) => !config[k]);
  if (missing.length) throw new Error(`SIGNING_PKCS11_MODULE is set but ${missing.join(', ')} is not`);
  return { module: config.SIGNING_PKCS11_MODULE, tokenLabel: config.SIGNING_PKCS11_TOKEN_LABEL!, pin: config.SIGNING_PKCS11_PIN! };
}

/** An official's own key at a remote signing service: CSC v1 (a credential) or VNPT SmartCA's own API (a user). */
export type PersonSigningSettings =
  | { kind: 'csc'; baseUrl: string; accessToken: string; credentialId: string }
  | { kind: 'smartca'; baseUrl: string; spId: string; spPassword: string; userId: string };

/** Which remote service officials sign at, its address and the pattern of their ids there; null when none is configured. */
export function personServiceOf(config: SigningConfig): { kind: 'csc' | 'smartca'; url: string; pattern: string } | null {
  if (config.SIGNING_PERSON_SMARTCA_URL) return { kind: 'smartca', url: config.SIGNING_PERSON_SMARTCA_URL, pattern: config.SIGNING_PERSON_SMARTCA_USER };
  if (config.SIGNING_PERSON_CSC_URL) return { kind: 'csc', url: config.SIGNING_PERSON_CSC_URL, pattern: config.SIGNING_PERSON_CSC_CREDENTIAL };
  return null;
}

/** What is wrong with the person-signing settings, for the startup error; null when nothing is. */
export function personSettingsProblem(config: SigningConfig): { variable: string; message: string } | null {
  if (config.SIGNING_PERSON_CSC_URL && config.SIGNING_PERSON_SMARTCA_URL) {
    return { variable: 'SIGNING_PERSON_SMARTCA_URL', message: 'SIGNING_PERSON_CSC_URL is set too: officials sign at one remote service (CSC v1 or VNPT SmartCA), set only one of the two' };
  }
  if (config.SIGNING_PERSON_CSC_URL && !config.SIGNING_PERSON_CSC_TOKEN) return { variable: 'SIGNING_PERSON_CSC_TOKEN', message: 'is required when SIGNING_PERSON_CSC_URL is set' };
  if (config.SIGNING_PERSON_SMARTCA_URL) {
    const missing = (['SIGNING_PERSON_SMARTCA_SP_ID', 'SIGNING_PERSON_SMARTCA_SP_PASSWORD'] as const).find((k) => !config[k]);
    if (missing) return { variable: missing, message: 'is required when SIGNING_PERSON_SMARTCA_URL is set' };
  }
  return null;
}

/** A signer's id at the service (CSC credential, SmartCA user_id): the one an administrator set for them, else the pattern with their login. */
export function personCredentialOf(config: SigningConfig, login: string, credentialId?: string | null): string {
  return credentialId || (personServiceOf(config)?.pattern ?? config.SIGNING_PERSON_CSC_CREDENTIAL).replaceAll('{login}', login);
}

/** The person-signing settings for the user with this login (and id set by an administrator, when set); null when no service is configured. */
export function personSettingsOf(config: SigningConfig, login: string, credentialId?: string | null): PersonSigningSettings | null {
  const problem = personSettingsProblem(config);
  if (problem) throw new Error(`${problem.variable}: ${problem.message}`);
  const id = personCredentialOf(config, login, credentialId);
  if (config.SIGNING_PERSON_SMARTCA_URL) {
    return { kind: 'smartca', baseUrl: config.SIGNING_PERSON_SMARTCA_URL, spId: config.SIGNING_PERSON_SMARTCA_SP_ID!, spPassword: config.SIGNING_PERSON_SMARTCA_SP_PASSWORD!, userId: id };
  }
  if (!config.SIGNING_PERSON_CSC_URL) return null;
  return { kind: 'csc', baseUrl: config.SIGNING_PERSON_CSC_URL, accessToken: config.SIGNING_PERSON_CSC_TOKEN!, credentialId: id };
}

/** The trust anchors from SIGNING_TRUST_ANCHORS (none when unset: nothing is then trusted). */
export async function trustAnchorsOf(path: string | undefined): Promise<X509Certificate[]> {
  if (!path) return [];
  return certificatesFromPem(await readFile(path, 'utf8')).map((der) => new X509Certificate(der));
}
