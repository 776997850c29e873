import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SignatureScheme } from './signer.js';
import type { Pkcs11SignerSettings } from './pkcs11Signer.js';
import type { TsaSettings } from './tsa/tsaClient.js';
import { certificatesFromPem } from './certificates.js';

/**
 * The signing settings, from the environment (the README's table lists them). With no
 * SIGNING_PKCS11_MODULE the product signs with the development file signer, as before.
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

/** How a council's PDFs are sealed through PKCS#11, or null when the file signer applies. */
export interface SealSettings {
  pkcs11: Pkcs11SignerSettings;
  scheme: SignatureScheme;
  tsa: TsaSettings | null;
}

/** The PKCS#11 seal settings for a council; null when PKCS#11 is not configured. Throws naming a missing variable. */
export async function sealSettingsOf(config: SigningConfig, councilId: string): Promise<SealSettings | null> {
  if (!config.SIGNING_PKCS11_MODULE) return null;
  const missing = (['SIGNING_PKCS11_TOKEN_LABEL', 'SIGNING_PKCS11_PIN'] as const).filter((k) => !config[k]);
  if (missing.length) throw new Error(`SIGNING_PKCS11_MODULE is set but ${missing.join(', ')} is not`);
  const forCouncil = (s: string) => s.replaceAll('{councilId}', councilId);
  const chainPem = config.SIGNING_CERT_CHAIN ? await readFile(forCouncil(config.SIGNING_CERT_CHAIN), 'utf8') : undefined;
  return {
    pkcs11: {
      module: config.SIGNING_PKCS11_MODULE, tokenLabel: config.SIGNING_PKCS11_TOKEN_LABEL!, pin: config.SIGNING_PKCS11_PIN!,
      keyLabel: forCouncil(config.SIGNING_PKCS11_KEY_LABEL), ...(chainPem ? { chainPem } : {}),
    },
    scheme: { hash: 'SHA-256', rsaPadding: config.SIGNING_RSA_PADDING },
    tsa: config.SIGNING_TSA_URL ? { url: config.SIGNING_TSA_URL } : null,
  };
}

/** The trust anchors from SIGNING_TRUST_ANCHORS (none when unset: nothing is then trusted). */
export async function trustAnchorsOf(path: string | undefined): Promise<X509Certificate[]> {
  if (!path) return [];
  return certificatesFromPem(await readFile(path, 'utf8')).map((der) => new X509Certificate(der));
}
