import { Pkcs11Session } from '../../server/src/signing/pkcs11Token.js';
import { Pkcs11Key } from '../../server/src/signing/pkcs11Key.js';
import { Pkcs11Signer } from '../../server/src/signing/pkcs11Signer.js';
import { certificationRequest } from '../../server/src/signing/certificationRequest.js';
import { appendSignatureField } from '../../server/src/signing/pdf/incremental.js';
import { PADES_SIGNATURE_LENGTH, signPades } from '../../server/src/signing/pdf/pades.js';
import type { TestPki } from './testPki.js';
import type { TestToken } from './softHsm.js';
import { SEAL_SUBJECT } from './signingFixture.js';

/**
 * A desktop signing agent for tests, as the Government CA's signing service on an official's
 * PC does with a USB token: it downloads the prepared PDF with the one-time URL (no session),
 * appends its own PAdES signature as an incremental update with a key held in SoftHSM2, and
 * uploads the signed file to the same URL with PUT. Each step is separate, so a test can
 * spoil one of them.
 */

/** A person's key on the token and its certificate chain (PEM: the certificate, then the issuing CA). */
export interface AgentKey { token: TestToken; keyLabel: string; chainPem: string }

/** Generates `label`'s RSA key on the token and has `pki`'s issuing CA certify it in `commonName`'s name. */
export async function personKeyOnToken(token: TestToken, pki: TestPki, label: string, commonName: string): Promise<AgentKey> {
  const session = await Pkcs11Session.open(token.module, token.tokenLabel, token.pin);
  try {
    const publicKey = session.generateKeyPair(label, Buffer.from(label), { type: 'rsa', bits: 2048 });
    const key = Pkcs11Key.find(session, label);
    const csr = await certificationRequest({
      subject: [{ type: 'C', value: 'VN' }, { type: 'O', value: SEAL_SUBJECT.organisation }, { type: 'CN', value: commonName }],
      publicKey, keyType: 'rsa', scheme: { hash: 'SHA-256', rsaPadding: 'pkcs1' },
      signDigest: (digest, scheme) => key.signDigest(digest, scheme),
    });
    return { token, keyLabel: label, chainPem: (await pki.issue(csr, label)) + pki.issuingPem };
  } finally {
    await session.close();
  }
}

export async function agentDownload(url: string): Promise<{ status: number; bytes: Buffer; json: { message?: string } | null }> {
  const res = await fetch(url);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes, json: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(bytes.toString('utf8')) : null };
}

/** The PDF with the person's signature appended (field "Chu toa"), B-T when `tsaUrl` is given. */
export async function agentSign(pdf: Buffer, key: AgentKey, opts: { name: string; tsaUrl?: string }): Promise<Buffer> {
  const withField = await appendSignatureField(pdf, { reason: 'Ký biên bản phiên họp', name: opts.name, location: 'Ninh Bình', contactInfo: '', signedAt: new Date() },
    { subFilter: 'ETSI.CAdES.detached', signatureLength: PADES_SIGNATURE_LENGTH, appName: 'Phan mem ky so thu nghiem', fieldName: 'Chu toa' });
  const signer = await Pkcs11Signer.open({ module: key.token.module, tokenLabel: key.token.tokenLabel, pin: key.token.pin, keyLabel: key.keyLabel, chainPem: key.chainPem });
  try {
    return await signPades(withField, { signer, scheme: { hash: 'SHA-256', rsaPadding: 'pss' }, ...(opts.tsaUrl ? { tsa: { url: opts.tsaUrl } } : {}) });
  } finally {
    await signer.close();
  }
}

export async function agentUpload(url: string, bytes: Buffer): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(bytes) });
  return { status: res.status, json: (res.headers.get('content-type') ?? '').includes('json') ? await res.json() : null };
}

/** The whole hand-off: download, sign on the token, upload; throws unless each step succeeded. */
export async function desktopAgentSigns(urls: { downloadUrl: string; uploadUrl: string }, key: AgentKey, opts: { name: string; tsaUrl?: string }) {
  const down = await agentDownload(urls.downloadUrl);
  if (down.status !== 200) throw new Error(`agent download: ${down.status} ${JSON.stringify(down.json)}`);
  const up = await agentUpload(urls.uploadUrl, await agentSign(down.bytes, key, opts));
  if (up.status !== 200) throw new Error(`agent upload: ${up.status} ${JSON.stringify(up.json)}`);
  return up.json;
}
