import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { constants } from 'node:crypto';
import { hashLength, hashOfOid, hashOid, type HashName, type SignatureScheme } from '../signer.js';
import { oids } from './oids.js';

/** The AlgorithmIdentifier of a hash (parameters absent, RFC 5754). */
export const hashAlgorithm = (hash: HashName) => new pkijs.AlgorithmIdentifier({ algorithmId: hashOid[hash] });

const RSA_PKCS1: Record<HashName, string> = { 'SHA-256': oids.sha256WithRsa, 'SHA-384': oids.sha384WithRsa, 'SHA-512': oids.sha512WithRsa };
const ECDSA: Record<HashName, string> = { 'SHA-256': oids.ecdsaWithSha256, 'SHA-384': oids.ecdsaWithSha384, 'SHA-512': oids.ecdsaWithSha512 };

/** The signatureAlgorithm of a SignerInfo made with this key type and scheme. */
export function signatureAlgorithm(keyType: 'rsa' | 'ec', scheme: SignatureScheme): pkijs.AlgorithmIdentifier {
  if (keyType === 'ec') return new pkijs.AlgorithmIdentifier({ algorithmId: ECDSA[scheme.hash] });
  if (scheme.rsaPadding === 'pkcs1') return new pkijs.AlgorithmIdentifier({ algorithmId: RSA_PKCS1[scheme.hash], algorithmParams: new asn1js.Null() });
  const params = new pkijs.RSASSAPSSParams({
    hashAlgorithm: hashAlgorithm(scheme.hash),
    maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oids.mgf1, algorithmParams: hashAlgorithm(scheme.hash).toSchema() }),
    saltLength: hashLength[scheme.hash],
  });
  return new pkijs.AlgorithmIdentifier({ algorithmId: oids.rsaPss, algorithmParams: params.toSchema() });
}

/** How node:crypto verifies a signature made with `algorithm` over data hashed with `digestHash`. */
export interface VerifyParams {
  hash: HashName;
  /** A readable name: "RSA PKCS#1 v1.5", "RSA-PSS", "ECDSA". */
  name: string;
  padding?: number;
  saltLength?: number;
}

/** Reads a SignerInfo's signatureAlgorithm; null when it is not one this product accepts. */
export function verifyParams(algorithm: pkijs.AlgorithmIdentifier, digestHash: HashName): VerifyParams | null {
  const id = algorithm.algorithmId;
  if (id === oids.rsaEncryption) return { hash: digestHash, name: 'RSA PKCS#1 v1.5', padding: constants.RSA_PKCS1_PADDING };
  const pkcs1 = Object.entries(RSA_PKCS1).find(([, o]) => o === id);
  if (pkcs1) return { hash: pkcs1[0] as HashName, name: 'RSA PKCS#1 v1.5', padding: constants.RSA_PKCS1_PADDING };
  const ecdsa = Object.entries(ECDSA).find(([, o]) => o === id);
  if (ecdsa) return { hash: ecdsa[0] as HashName, name: 'ECDSA' };
  if (id === oids.rsaPss) {
    const params = new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams });
    const hash = hashOfOid(params.hashAlgorithm.algorithmId);
    if (!hash) return null;
    return { hash, name: 'RSA-PSS', padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength };
  }
  return null;
}
