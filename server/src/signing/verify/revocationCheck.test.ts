import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../../test/helpers/testPki.js';
import { certifiedRsa } from '../../../../test/helpers/signingFixture.js';
import { pemOf } from '../certificates.js';
import { checkRevocation } from './revocationCheck.js';

/** The path checked against CRLs as a B-LT file keeps them: the test CA's own, before and after it revokes a certificate. */
const dir = mkdtempSync(join(tmpdir(), 'hdnd-revocation-'));
let pki: TestPki;
let path: X509Certificate[];
const crl = (ca: 'root' | 'issuing') => readFileSync(join(dir, 'crl', `${ca}.crl`));

beforeAll(async () => {
  pki = await createTestPki(dir, undefined, { crlBase: 'http://127.0.0.1:9/crl' });
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const [leaf] = await certifiedRsa(pki, pair, { commonName: 'Lê Văn Thư', organisation: 'Văn phòng HĐND' }, 'thu-ky');
  path = [new X509Certificate(leaf!), new X509Certificate(pki.issuingPem), new X509Certificate(pki.rootPem)];
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the revocation check against the CRLs a file keeps', () => {
  it('passes a path whose every CA\'s current CRL does not list it, naming the CAs', () => {
    expect(checkRevocation(path, [crl('issuing'), crl('root')], new Date())).toEqual({ checked: true, revoked: null, issuers: ['CA cấp Thử nghiệm', 'Gốc Thử nghiệm'] });
  });

  it('is not enough without the root\'s CRL for the issuing CA, nor with a CRL signed by another CA', () => {
    expect(checkRevocation(path, [crl('issuing')], new Date())).toMatchObject({ checked: false, revoked: null });
    expect(checkRevocation(path, [crl('root'), crl('root')], new Date())).toMatchObject({ checked: false });
  });

  it('finds the certificate revoked once its CA lists it, but not at a signing time before the revocation', async () => {
    const before = new Date(Date.now() - 60_000);
    await pki.revoke(pemOf(path[0]!.raw));
    expect(checkRevocation(path, [crl('issuing'), crl('root')], new Date(Date.now() + 1000))).toEqual({ checked: true, revoked: 'Lê Văn Thư', issuers: [] });
    expect(checkRevocation(path, [crl('issuing'), crl('root')], before)).toMatchObject({ checked: true, revoked: null });
  });
});
