import { X509Certificate, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { createTestPki, type TestPki } from './testPki.js';
import { createSoftHsmToken, type TestToken } from './softHsm.js';
import { startTestTsa, type TestTsa } from './testTsa.js';
import { startCrlServer, type CrlServer } from './crlServer.js';
import { Pkcs11Session } from '../../server/src/signing/pkcs11Token.js';
import { Pkcs11Key } from '../../server/src/signing/pkcs11Key.js';
import { certificationRequest } from '../../server/src/signing/certificationRequest.js';
import { certificatesFromPem } from '../../server/src/signing/certificates.js';
import { rsaPkcs1SignDigest } from '../../server/src/signing/rsaPrehash.js';

/**
 * Everything a signing test needs, started by the test itself in `dir`: the test PKI, its
 * timestamp authority and its CRL distribution point on loopback, and a SoftHSM2 token on which the council's seal keys are
 * generated (never leaving it) and certified by the issuing CA through a PKCS#10 request.
 */
export interface SigningFixture {
  pki: TestPki;
  tsa: TestTsa;
  token: TestToken;
  /** Where the CAs publish their CRLs (every certificate names it). */
  crls: CrlServer;
  /** The test root, as the verifier's trust anchor. */
  anchors: X509Certificate[];
  /** Generates a seal key labelled `label` in the token and returns its certificate chain (seal, issuing CA) as PEM. */
  sealKey(label: string, type: 'rsa' | 'ec'): Promise<string>;
  stop(): Promise<void>;
}

export const SEAL_SUBJECT = { commonName: 'HĐND tỉnh Ninh Bình', organisation: 'Hội đồng nhân dân tỉnh Ninh Bình' };

/** An RSA key pair certified by the test PKI's issuing CA in `subject`'s name (C=VN); the chain is the certificate then the issuing CA, DER. */
export async function certifiedRsa(pki: TestPki, pair: { privateKey: KeyObject; publicKey: KeyObject }, subject: { commonName: string; organisation: string }, label: string): Promise<Buffer[]> {
  const csr = await certificationRequest({
    subject: [{ type: 'C', value: 'VN' }, { type: 'O', value: subject.organisation }, { type: 'CN', value: subject.commonName }],
    publicKey: pair.publicKey, keyType: 'rsa', scheme: { hash: 'SHA-256', rsaPadding: 'pkcs1' },
    signDigest: async (digest, scheme) => rsaPkcs1SignDigest(pair.privateKey, digest, scheme.hash),
  });
  return certificatesFromPem((await pki.issue(csr, label)) + pki.issuingPem);
}

export async function startSigningFixture(dir: string): Promise<SigningFixture> {
  const crls = await startCrlServer(join(dir, 'pki', 'crl'));
  const pki = await createTestPki(join(dir, 'pki'), undefined, { crlBase: crls.base });
  const tsa = await startTestTsa(pki);
  const token = await createSoftHsmToken(join(dir, 'hsm'), 'HDND con dau');
  return {
    pki, tsa, token,
    anchors: [new X509Certificate(pki.rootPem)],
    async sealKey(label, type) {
      const session = await Pkcs11Session.open(token.module, token.tokenLabel, token.pin);
      try {
        const publicKey = session.generateKeyPair(label, Buffer.from(label), type === 'rsa' ? { type: 'rsa', bits: 2048 } : { type: 'ec' });
        const key = Pkcs11Key.find(session, label);
        const csr = await certificationRequest({
          subject: [{ type: 'C', value: 'VN' }, { type: 'O', value: SEAL_SUBJECT.organisation }, { type: 'CN', value: SEAL_SUBJECT.commonName }],
          publicKey, keyType: type, scheme: { hash: 'SHA-256', rsaPadding: 'pkcs1' },
          signDigest: (digest, scheme) => key.signDigest(digest, scheme),
        });
        return (await pki.issue(csr, label)) + pki.issuingPem;
      } finally {
        await session.close();
      }
    },
    crls,
    stop: async () => {
      await tsa.stop();
      await crls.stop();
    },
  };
}
