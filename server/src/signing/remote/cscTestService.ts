import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hashLength, hashOfOid, type HashName } from '../signer.js';
import { oids } from '../cms/oids.js';
import { rsaPkcs1SignDigest, rsaPssSignDigest } from '../rsaPrehash.js';

/**
 * TEST DOUBLE, used by cscSigner.test.ts only: a Cloud Signature Consortium v1 service on
 * loopback, strict where the real ones are (bearer token, PIN, OTP, a SAD bound to the hashes
 * it was issued for and spent once), careless where a real one might be (its error texts
 * echo the PIN and the SAD, to prove the client never repeats them). RSA is signed with
 * node:crypto over the digest; ECDSA with `openssl pkeyutl`, since node:crypto cannot sign a
 * bare digest with ECDSA.
 */

/** `phone`: implicit authorization, the holder approves each signature in the service's phone app (the test decides, `decide`). */
export interface CscTestCredential { id: string; key: KeyObject; chain: Buffer[]; pin: string; otp?: string; phone?: boolean }
/** hang: never answers; malformed: answers 200 with the wrong shape; raw-ecdsa: r ‖ s; other-key: signs with a stranger's key. */
export type Misbehaviour = 'hang' | 'malformed' | 'raw-ecdsa' | 'other-key';

export interface CscTestService {
  url: string;
  /** The endpoints asked, in order ("credentials/authorize"). */
  calls: string[];
  /** The SADs issued and the OTPs sent, in order. */
  sads: string[];
  otpsSent: number;
  /** endpoint → how it misbehaves until deleted. */
  misbehave: Map<string, Misbehaviour>;
  /** Enrols another credential (a person's, once the test knows their login). */
  add(credential: CscTestCredential): void;
  /** The phone credentials whose authorization waits for the holder now. */
  waiting(): string[];
  /** The holder approves or declines on the phone (as the service's app would tell it). */
  decide(credentialId: string, decision: 'approve' | 'decline'): void;
  stop(): Promise<void>;
}

type Body = Record<string, unknown>;
type Reply = [number, unknown];
const invalid = (description: string): Reply => [400, { error: 'invalid_request', error_description: description }];

export async function startCscTestService(options: { dir: string; token: string; credentials: CscTestCredential[] }): Promise<CscTestService> {
  const byId = new Map(options.credentials.map((c) => [c.id, c]));
  const grants = new Map<string, { id: string; hashes: Set<string>; remaining: number }>();
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  // openssl reads the EC keys from files.
  const keyFiles = new Map(options.credentials.map((c) => [c.key, join(options.dir, `csc-${c.id}.key`)]));
  for (const [key, path] of keyFiles) writeFileSync(path, key.export({ type: 'pkcs8', format: 'pem' }));
  const pending = new Map<string, (decision: 'approve' | 'decline') => void>();
  const service: Omit<CscTestService, 'url' | 'stop'> = {
    calls: [], sads: [], otpsSent: 0, misbehave: new Map(),
    waiting: () => [...pending.keys()],
    decide(credentialId, decision) {
      const answer = pending.get(credentialId);
      if (!answer) throw new Error(`no authorization of ${credentialId} is waiting`);
      pending.delete(credentialId);
      answer(decision);
    },
    add(credential) {
      byId.set(credential.id, credential);
      const path = join(options.dir, `csc-${credential.id}.key`);
      writeFileSync(path, credential.key.export({ type: 'pkcs8', format: 'pem' }));
      keyFiles.set(credential.key, path);
    },
  };

  async function answer(path: string, body: Body, authorization: string | undefined): Promise<Reply> {
    if (authorization !== `Bearer ${options.token}`) return [401, { error: 'invalid_token', error_description: 'The access token is not valid' }];
    const how = service.misbehave.get(path);
    if (path === 'credentials/list') return [200, { credentialIDs: [...byId.keys()] }];
    const credential = byId.get(String(body.credentialID));
    if (!credential) return invalid('Invalid parameter credentialID');
    const rsa = credential.key.asymmetricKeyType === 'rsa';
    if (path === 'credentials/info') {
      if (how === 'malformed') return [200, { key: { status: 'enabled', algo: [], len: 2048 }, cert: { certificates: 'MIIB' }, authMode: 'explicit' }];
      return [200, {
        key: { status: 'enabled', algo: [rsa ? oids.rsaEncryption : oids.ecPublicKey], len: rsa ? 2048 : 256, ...(rsa ? {} : { curve: '1.2.840.10045.3.1.7' }) },
        cert: { status: 'valid', certificates: credential.chain.map((c) => c.toString('base64')) },
        ...(credential.phone ? { authMode: 'implicit' } : { authMode: 'explicit', PIN: { presence: 'true', format: 'N', label: 'Mã PIN' } }),
        OTP: credential.otp ? { presence: 'true', type: 'online', format: 'N', label: 'Mã OTP', ID: 'sms', provider: 'test' } : { presence: 'false' },
        multisign: 1,
      }];
    }
    if (path === 'credentials/sendOTP') {
      service.otpsSent++;
      return [204, null];
    }
    if (path === 'credentials/authorize') {
      if (credential.phone) {
        // The service pushes the request to the holder's phone and answers when they decide.
        const decision = await new Promise<'approve' | 'decline'>((resolve) => pending.set(credential.id, resolve));
        if (decision === 'decline') return [400, { error: 'access_denied', error_description: 'The user declined the signature request' }];
      } else if (body.PIN !== credential.pin) return [400, { error: 'invalid_pin', error_description: `PIN ${String(body.PIN)} is not valid` }];
      if (credential.otp && body.OTP !== credential.otp) return [400, { error: 'invalid_otp', error_description: `OTP ${String(body.OTP)} is not valid` }];
      const hashes = body.hash;
      if (!Array.isArray(hashes) || hashes.length === 0 || body.numSignatures !== hashes.length) return invalid('Invalid parameter hash');
      const sad = randomBytes(24).toString('base64url');
      grants.set(sad, { id: credential.id, hashes: new Set(hashes.map(String)), remaining: hashes.length });
      service.sads.push(sad);
      return [200, { SAD: sad, expiresIn: 300 }];
    }
    if (path !== 'signatures/signHash') return [404, { error: 'invalid_request', error_description: 'Unknown endpoint' }];
    const grant = grants.get(String(body.SAD));
    if (!grant || grant.id !== credential.id) return invalid(`SAD ${String(body.SAD)} is not valid`);
    const hashes = Array.isArray(body.hash) ? body.hash.map(String) : [];
    const foreign = hashes.find((h) => !grant.hashes.has(h));
    if (hashes.length === 0 || foreign) return invalid(`SAD ${String(body.SAD)} was not issued for hash ${foreign ?? '(none)'}`);
    grant.remaining -= hashes.length;
    if (grant.remaining <= 0) grants.delete(String(body.SAD));
    if (how === 'malformed') return [200, { signatures: ['not base64!'] }];
    const signatures: string[] = [];
    for (const hash of hashes) {
      const signed = await sign(how === 'other-key' ? stranger : credential.key, Buffer.from(hash, 'base64'), body);
      if (typeof signed === 'string') return invalid(signed);
      signatures.push((how === 'raw-ecdsa' ? derToRaw(signed) : signed).toString('base64'));
    }
    return [200, { signatures }];
  }

  async function sign(key: KeyObject, digest: Buffer, body: Body): Promise<Buffer | string> {
    const signAlgo = String(body.signAlgo);
    const hash = hashOfOid(String(body.hashAlgo));
    if (!hash || digest.length !== hashLength[hash]) return 'Invalid parameter hashAlgo';
    if (key.asymmetricKeyType === 'ec') {
      if (signAlgo !== ECDSA[hash]) return 'Invalid parameter signAlgo';
      return openssl(['pkeyutl', '-sign', '-inkey', keyFiles.get(key)!], digest);
    }
    if (signAlgo === oids.rsaEncryption || signAlgo === PKCS1[hash]) return rsaPkcs1SignDigest(key, digest, hash);
    if (signAlgo !== oids.rsaPss || typeof body.signAlgoParams !== 'string') return 'Invalid parameter signAlgo';
    const params = new pkijs.RSASSAPSSParams({ schema: asn1js.fromBER(Buffer.from(body.signAlgoParams, 'base64')).result });
    const mgfHash = new pkijs.AlgorithmIdentifier({ schema: params.maskGenAlgorithm.algorithmParams }).algorithmId;
    if (hashOfOid(params.hashAlgorithm.algorithmId) !== hash || hashOfOid(mgfHash) !== hash || params.saltLength !== hashLength[hash]) return 'Invalid parameter signAlgoParams';
    return rsaPssSignDigest(key, digest, hash);
  }

  const server = createServer((req, res) => {
    readJson(req).then(async (body) => {
      const path = (req.url ?? '').replace(/^\/csc\/v1\//, '');
      service.calls.push(path);
      if (service.misbehave.get(path) === 'hang') return;
      const [status, reply] = await answer(path, body, req.headers.authorization);
      if (status === 204) res.writeHead(204).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    }).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(service, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}

const ECDSA: Record<HashName, string> = { 'SHA-256': oids.ecdsaWithSha256, 'SHA-384': oids.ecdsaWithSha384, 'SHA-512': oids.ecdsaWithSha512 };
const PKCS1: Record<HashName, string> = { 'SHA-256': oids.sha256WithRsa, 'SHA-384': oids.sha384WithRsa, 'SHA-512': oids.sha512WithRsa };

async function readJson(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Body;
}

function openssl(args: string[], input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('openssl', args, { encoding: 'buffer' }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    child.stdin!.end(input);
  });
}

/** DER ECDSA → r ‖ s (P-256), as PKCS#11 tokens and some services return it. */
function derToRaw(der: Buffer): Buffer {
  const seq = asn1js.fromBER(der).result as asn1js.Sequence;
  const part = (i: number) => {
    const bytes = Buffer.from((seq.valueBlock.value[i] as asn1js.Integer).valueBlock.valueHexView);
    const trimmed = bytes.subarray(Math.max(0, bytes.length - 32));
    return Buffer.concat([Buffer.alloc(32 - trimmed.length), trimmed]);
  };
  return Buffer.concat([part(0), part(1)]);
}
