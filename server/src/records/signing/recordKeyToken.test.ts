import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { playScriptedSitting, signedMinutesOf, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import { startSigningFixture, type SigningFixture } from '../../../../test/helpers/signingFixture.js';
import { Pkcs11Session } from '../../signing/pkcs11Token.js';
import { ed25519Pairs } from '../../signing/pkcs11Ed25519.js';
import { verifyPaths } from '../verify/verifyFiles.js';
import { checkSignatureFile } from './signature.js';
import { councilKey } from './signingKeys.js';

/**
 * The council's Ed25519 record key (signature files, bundle manifests) on the PKCS#11 token
 * that also holds the seal (SoftHSM2, made here), when the server is configured with
 * SIGNING_PKCS11_*: a real sitting signed, the key looked at on the token, a restart.
 */

const dir = mkdtempSync(join(tmpdir(), 'hdnd-recordkey-'));
const keyDir = join(dir, 'keys');
const sockets: ClientSocket[] = [];
let fx: SigningFixture;
let env: Record<string, string>;
let server: TestServer;
let restarted: TestServer | undefined;
let s: ScriptedSitting;
let signed: Buffer;

beforeAll(async () => {
  fx = await startSigningFixture(dir);
  writeFileSync(join(dir, 'seal-chain.pem'), await fx.sealKey('con-dau-hdnd', 'ec'));
  env = {
    SIGNING_KEY_DIR: keyDir, SIGNING_PKCS11_MODULE: fx.token.module, SIGNING_PKCS11_TOKEN_LABEL: fx.token.tokenLabel, SIGNING_PKCS11_PIN: fx.token.pin,
    SIGNING_PKCS11_KEY_LABEL: 'con-dau-hdnd', SIGNING_CERT_CHAIN: join(dir, 'seal-chain.pem'),
  };
  server = await startTestServer({ env });
  s = await playScriptedSitting(server, sockets);
  signed = await signedMinutesOf(s);
}, 120_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await (restarted ?? server)?.stop();
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function onToken<T>(work: (session: Pkcs11Session) => Promise<T>): Promise<T> {
  const session = await Pkcs11Session.open(fx.token.module, fx.token.tokenLabel, fx.token.pin);
  try { return await work(session); } finally { await session.close(); }
}

describe('the council\'s record key on a PKCS#11 token', () => {
  it('the signed minutes\' .sig.json verifies with the council\'s registered public key, and records:verify passes', async () => {
    const sig = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${s.sittingId}/minutes.sig.json`, undefined)).bytes;
    const check = checkSignatureFile(sig);
    expect(check.ok).toBe(true);
    const registered = (await server.deps.models.SigningKey.findById(s.councilId).lean())!;
    expect(check.record!.payload.key).toEqual({ algorithm: 'Ed25519', publicKey: registered.publicKey, fingerprint: registered.fingerprint });
    writeFileSync(join(dir, 'bien-ban.pdf'), signed);
    writeFileSync(join(dir, 'bien-ban.pdf.sig.json'), sig);
    const { code, lines } = await verifyPaths({ file: join(dir, 'bien-ban.pdf'), expectKey: registered.fingerprint, trustAnchors: fx.anchors });
    expect(code).toBe(0);
    expect(lines).toContain('OK      bien-ban.pdf');
  });

  it('the key is an Ed25519 pair generated on the token, its private half sensitive and not extractable; no key file is written', async () => {
    const registered = (await server.deps.models.SigningKey.findById(s.councilId).lean())!;
    await onToken(async (session) => {
      const l = session.lib;
      const pairs = await ed25519Pairs(session, `record-key-${s.councilId}`);
      expect(pairs).toHaveLength(1);
      expect(pairs[0]!.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')).toBe(registered.publicKey);
      expect(session.attribute(pairs[0]!.handle, l.CKA_EXTRACTABLE)).toEqual(Buffer.from([0]));
      expect(session.attribute(pairs[0]!.handle, l.CKA_SENSITIVE)).toEqual(Buffer.from([1]));
      expect(session.attribute(pairs[0]!.handle, l.CKA_NEVER_EXTRACTABLE)).toEqual(Buffer.from([1]));
    });
    expect(existsSync(keyDir) ? readdirSync(keyDir) : []).toEqual([]);
  });

  it('a server restarted on the same token and database signs with the same key, and makes no new one', async () => {
    const before = (await server.deps.models.SigningKey.findById(s.councilId).lean())!;
    await server.stop({ keepDatabase: true });
    restarted = await startTestServer({ env, dbName: server.dbName });
    const key = await councilKey(restarted.deps, { _id: s.councilId, name: before.councilName });
    expect(key.key.fingerprint).toBe(before.fingerprint);
    expect(key.privateKey).toBeNull();
    const bytes = Buffer.from('biên bản / minutes', 'utf8');
    const publicKey = createPublicKey({ key: Buffer.from(before.publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(verify(null, bytes, publicKey, await key.sign(bytes))).toBe(true);
    expect(await onToken((session) => ed25519Pairs(session, `record-key-${s.councilId}`))).toHaveLength(1);
  });

  it('a registered key that the token does not hold is refused in Vietnamese and English, never replaced', async () => {
    const models = restarted!.deps.models;
    const other = { _id: 'hoi-dong-khac', name: 'HĐND huyện Khác' };
    const { publicKey, fingerprint } = (await models.SigningKey.findById(s.councilId).lean())!;
    await models.SigningKey.create({ _id: other._id, councilName: other.name, algorithm: 'Ed25519', publicKey, fingerprint: `${'0'.repeat(63)}1`, createdAt: new Date() });
    await expect(councilKey(restarted!.deps, other)).rejects.toThrow(/^Thiết bị ký số \(HSM\) không có khóa ký hồ sơ "record-key-hoi-dong-khac" đã đăng ký.* \/ The token does not hold the council's registered record key/);
    expect(await onToken((session) => ed25519Pairs(session, 'record-key-hoi-dong-khac'))).toEqual([]);
    expect((await models.SigningKey.findById(other._id).lean())!.fingerprint).not.toBe(fingerprint);
  });
});
