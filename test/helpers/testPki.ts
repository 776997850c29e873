import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A throw-away public key infrastructure made with openssl for the signing tests: a root CA,
 * an issuing CA under it, and a timestamp authority certificate (EKU timeStamping) from the
 * issuing CA. Certificates for keys that live elsewhere (in SoftHSM2) are issued from their
 * certification requests, so the keys never leave their token. Names are UTF-8, Vietnamese.
 */

const run = promisify(execFile);
const openssl = (args: string[], cwd: string) => run('openssl', args, { cwd });

export interface TestPki {
  dir: string;
  rootPem: string;
  issuingPem: string;
  /** TSA certificate and key (PEM files), and its chain (issuing CA then root). */
  tsa: { certPath: string; keyPath: string; chainPath: string };
  /** Issues an end-entity certificate (CA:FALSE, digitalSignature + nonRepudiation) for a PKCS#10 request (DER); returns the certificate's PEM. */
  issue(csrDer: Buffer, name: string): Promise<string>;
  /** A development PKCS#12 (RSA key and certificate, self-signed or from the issuing CA) with this password. */
  p12(name: string, password: string, options: { selfSigned: boolean }): Promise<Buffer>;
  /** With `crlBase`: revokes a certificate the issuing CA issued (PEM) and publishes its CRL again. */
  revoke(certPem: string): Promise<void>;
}

/**
 * `crlBase`: the address the CAs publish their CRLs under (`<crlBase>/root.crl`,
 * `<crlBase>/issuing.crl`, DER files in `<dir>/crl/`), named in every certificate's CRL
 * distribution points; without it the certificates name none.
 */
export interface PkiOptions { crlBase?: string }

const CA_EXT = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];

export async function createTestPki(dir: string, label = 'Thử nghiệm', options: PkiOptions = {}): Promise<TestPki> {
  mkdirSync(dir, { recursive: true });
  const ossl = (args: string[]) => openssl(args, dir);
  const cdp = (ca: 'root' | 'issuing') => (options.crlBase ? `crlDistributionPoints=URI:${options.crlBase}/${ca}.crl\n` : '');
  writeFileSync(join(dir, 'ca.ext'), `basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n${cdp('root')}`);
  writeFileSync(join(dir, 'tsa.ext'), `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n${cdp('issuing')}`);
  writeFileSync(join(dir, 'seal.ext'), `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n${cdp('issuing')}`);
  await ossl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-days', '30', '-utf8',
    '-subj', `/C=VN/O=${label}/CN=Gốc ${label}`, ...CA_EXT]);
  await ossl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'issuing.key', '-out', 'issuing.csr', '-utf8', '-subj', `/C=VN/O=${label}/CN=CA cấp ${label}`]);
  await ossl(['x509', '-req', '-in', 'issuing.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '20', '-extfile', 'ca.ext', '-out', 'issuing.pem']);
  await ossl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-utf8', '-subj', `/C=VN/O=${label}/CN=Dấu thời gian ${label}`]);
  await ossl(['x509', '-req', '-in', 'tsa.csr', '-CA', 'issuing.pem', '-CAkey', 'issuing.key', '-CAcreateserial', '-days', '10', '-extfile', 'tsa.ext', '-out', 'tsa.pem']);
  const rootPem = readFileSync(join(dir, 'root.pem'), 'utf8');
  const issuingPem = readFileSync(join(dir, 'issuing.pem'), 'utf8');
  writeFileSync(join(dir, 'tsa-chain.pem'), issuingPem + rootPem);
  let serial = 0;
  // Each CA's database (empty: nothing revoked yet) and its CRL, published as DER.
  const publish = async (ca: 'root' | 'issuing') => {
    if (!options.crlBase) return;
    await ossl(['ca', '-gencrl', '-config', `${ca}-ca.cnf`, '-keyfile', `${ca}.key`, '-cert', `${ca}.pem`, '-out', `${ca}.crl.pem`]);
    await ossl(['crl', '-in', `${ca}.crl.pem`, '-outform', 'DER', '-out', join('crl', `${ca}.crl`)]);
  };
  if (options.crlBase) {
    mkdirSync(join(dir, 'crl'), { recursive: true });
    for (const ca of ['root', 'issuing'] as const) {
      writeFileSync(join(dir, `${ca}-index.txt`), '');
      writeFileSync(join(dir, `${ca}-crlnumber`), '01\n');
      writeFileSync(join(dir, `${ca}-ca.cnf`), ['[ ca ]', 'default_ca = CA_default', '[ CA_default ]', `database = ${ca}-index.txt`, `crlnumber = ${ca}-crlnumber`,
        'default_md = sha256', 'default_crl_days = 7', 'crl_extensions = crl_ext', '[ crl_ext ]', 'authorityKeyIdentifier = keyid', ''].join('\n'));
      await publish(ca);
    }
  }
  return {
    dir, rootPem, issuingPem,
    tsa: { certPath: join(dir, 'tsa.pem'), keyPath: join(dir, 'tsa.key'), chainPath: join(dir, 'tsa-chain.pem') },
    async issue(csrDer, name) {
      const base = `${name}-${++serial}`;
      writeFileSync(join(dir, `${base}.csr`), csrDer);
      await ossl(['req', '-in', `${base}.csr`, '-inform', 'DER', '-verify', '-noout']);
      await ossl(['x509', '-req', '-in', `${base}.csr`, '-inform', 'DER', '-CA', 'issuing.pem', '-CAkey', 'issuing.key', '-CAcreateserial', '-days', '10', '-extfile', 'seal.ext', '-out', `${base}.pem`]);
      return readFileSync(join(dir, `${base}.pem`), 'utf8');
    },
    async p12(name, password, { selfSigned }) {
      const base = `${name}-${++serial}`;
      const subj = `/C=VN/O=${label}/CN=${name}`;
      if (selfSigned) {
        await ossl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.pem`, '-days', '10', '-utf8', '-subj', subj]);
      } else {
        await ossl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-utf8', '-subj', subj]);
        await ossl(['x509', '-req', '-in', `${base}.csr`, '-CA', 'issuing.pem', '-CAkey', 'issuing.key', '-CAcreateserial', '-days', '10', '-extfile', 'seal.ext', '-out', `${base}.pem`]);
        writeFileSync(join(dir, `${base}.pem`), readFileSync(join(dir, `${base}.pem`), 'utf8') + issuingPem);
      }
      await ossl(['pkcs12', '-export', '-inkey', `${base}.key`, '-in', `${base}.pem`, '-passout', `pass:${password}`, '-out', `${base}.p12`]);
      return readFileSync(join(dir, `${base}.p12`));
    },
    async revoke(certPem) {
      const path = join(dir, `revoked-${++serial}.pem`);
      writeFileSync(path, certPem);
      await ossl(['ca', '-revoke', path, '-config', 'issuing-ca.cnf', '-keyfile', 'issuing.key', '-cert', 'issuing.pem']);
      await publish('issuing');
    },
  };
}
