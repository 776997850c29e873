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
  /** RSA padding (tokens differ): pss (Circular 15/2025 names RSASSA-PSS) or pkcs1 (v1.5). */
  SIGNING_RSA_PADDING: z.enum(['pss', 'pkcs1']).default('pss'),
  /** The RFC 3161 timestamp authority's URL (PAdES B-T); unset: B-B, no timestamp. */
  SIGNING_TSA_URL: z.url().optional(),
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
}

/** The seal settings for a council; null when neither PKCS#11 nor a remote service is configured. Throws naming a missing or conflicting variable. */
export async function sealSettingsOf(config: SigningConfig, councilId: string): Promise<SealSettings | null> {
  if (config.SIGNING_PKCS11_MODULE && config.SIGNING_CSC_URL) throw new Error('SIGNING_PKCS11_MODULE and SIGNING_CSC_URL are both set: the seal is on a token or on a remote service, not both');
  const forCouncil = (s: string) => s.replaceAll('{councilId}', councilId);
  const common = { scheme: { hash: 'SHA-256', rsaPadding: config.SIGNING_RSA_PADDING }, tsa: config.SIGNING_TSA_URL ? { url: config.SIGNING_TSA_URL } : null } as const;
  if (config.SIGNING_CSC_URL) {
    if (!config.SIGNING_CSC_TOKEN) throw new Error('SIGNING_CSC_URL is set but SIGNING_CSC_TOKEN is not');
    const csc = { baseUrl: config.SIGNING_CSC_URL, accessToken: config.SIGNING_CSC_TOKEN, credentialId: forCouncil(config.SIGNING_CSC_CREDENTIAL), ...(config.SIGNING_CSC_PIN ? { pin: config.SIGNING_CSC_PIN } : {}) };
    return { key: { kind: 'csc', csc }, ...common };
  }
  if (!config.SIGNING_PKCS11_MODULE) return null;
  const missing = (['SIGNING_PKCS11_TOKEN_LABEL', 'SIGNING_PKCS11_PIN'] as const).filter((k) => !config[k]);
  if (missing.length) throw new Error(`SIGNING_PKCS11_MODULE is set but ${missing.join(', ')} is not`);
  const chainPem = config.SIGNING_CERT_CHAIN ? await readFile(forCouncil(config.SIGNING_CERT_CHAIN), 'utf8') : undefined;
  const pkcs11 = {
    module: config.SIGNING_PKCS11_MODULE, tokenLabel: config.SIGNING_PKCS11_TOKEN_LABEL!, pin: config.SIGNING_PKCS11_PIN!,
    keyLabel: forCouncil(config.SIGNING_PKCS11_KEY_LABEL), ...(chainPem ? { chainPem } : {}),
  };
  return { key: { kind: 'pkcs11', pkcs11 }, ...common };
}

/** An official's own key on a remote signing service: where, with which token, and their credential. */
export interface PersonSigningSettings { baseUrl: string; accessToken: string; credentialId: string }

/** The person-signing settings for the user with this login; null when SIGNING_PERSON_CSC_URL is unset. */
export function personSettingsOf(config: SigningConfig, login: string): PersonSigningSettings | null {
  if (!config.SIGNING_PERSON_CSC_URL) return null;
  if (!config.SIGNING_PERSON_CSC_TOKEN) throw new Error('SIGNING_PERSON_CSC_URL is set but SIGNING_PERSON_CSC_TOKEN is not');
  return { baseUrl: config.SIGNING_PERSON_CSC_URL, accessToken: config.SIGNING_PERSON_CSC_TOKEN, credentialId: config.SIGNING_PERSON_CSC_CREDENTIAL.replaceAll('{login}', login) };
}

/** The trust anchors from SIGNING_TRUST_ANCHORS (none when unset: nothing is then trusted). */
export async function trustAnchorsOf(path: string | undefined): Promise<X509Certificate[]> {
  if (!path) return [];
  return certificatesFromPem(await readFile(path, 'utf8')).map((der) => new X509Certificate(der));
}
