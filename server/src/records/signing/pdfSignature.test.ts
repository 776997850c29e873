import { execFile } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { SigningKeyView, VerifyResult } from '../../../../contract/records.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { playScriptedSitting, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import { checkEmbeddedSignature } from '../verify/embeddedCheck.js';
import { certificateOfP12 } from './pdfCertificate.js';
import { p12Password } from './pdfSigningIdentity.js';
import { buildMinutesPdf } from '../pdf/minutesPdf.js';
import { describeKey, keyObjectSigner, sha256Hex, signatureFileBytes, signPayload } from './signature.js';
import { verifyPaths } from '../verify/verifyFiles.js';

/**
 * The signature embedded in the signed minutes PDF (what a PDF reader shows), checked with
 * poppler's pdfsig and with records:verify, on a real sitting, database and key directory.
 */

const run = promisify(execFile);
let server: TestServer;
let s: ScriptedSitting;
let draft: Buffer;
let signed: Buffer;
const sockets: ClientSocket[] = [];
const dir = mkdtempSync(join(tmpdir(), 'hdnd-pades-'));
const keyDir = join(dir, 'keys');
const COUNCIL = 'HĐND tỉnh Ninh Bình';

beforeAll(async () => {
  server = await startTestServer({ env: { SIGNING_KEY_DIR: keyDir } });
  s = await playScriptedSitting(server, sockets);
  const gen = await s.as.secretariat.post(`/api/sittings/${s.sittingId}/minutes/generate`);
  draft = (await sendRaw(s.as.secretariat, 'GET', `/api/sittings/${s.sittingId}/minutes.pdf`, undefined)).bytes;
  expect((await s.as.chair.post(`/api/sittings/${s.sittingId}/minutes/sign`, { revision: gen.json.data.revision })).status).toBe(200);
  signed = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${s.sittingId}/minutes.pdf`, undefined)).bytes;
}, 90_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** pdfsig's report on these bytes (it exits non-zero for unsigned or invalid files: keep the output). */
async function pdfsig(bytes: Buffer, name: string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return run('pdfsig', [path]).then((r) => r.stdout, (err: { stdout: string; stderr: string }) => `${err.stdout}${err.stderr}`);
}

const flipped = (bytes: Buffer) => {
  const out = Buffer.from(bytes);
  out[Math.floor(out.length / 2)]! ^= 0x01;
  return out;
};

describe('the signature embedded in the signed minutes PDF', () => {
  it('pdfsig reports one signature, "Signature is Valid", signed by the council (CN = its name), self-signed hence not trusted', async () => {
    const report = await pdfsig(signed, 'bien-ban.pdf');
    expect(report.match(/^Signature #\d+:/gm)).toHaveLength(1);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain(`Signer Certificate Common Name: ${COUNCIL}`);
    expect(report).toContain(`Signer full Distinguished Name: C=VN,O=Hội đồng nhân dân tỉnh Ninh Bình,CN=${COUNCIL}`);
    expect(report).toContain('Signature Type: adbe.pkcs7.detached');
    expect(report).toContain('Total document signed');
    expect(report).toMatch(/Certificate Validation: (?!Certificate is Trusted)/);
  });

  it('the Ed25519 signature covers the final bytes, so records:verify passes and reports the embedded certificate', async () => {
    const sig = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${s.sittingId}/minutes.sig.json`, undefined)).bytes;
    writeFileSync(join(dir, 'bien-ban.pdf.sig.json'), sig);
    const registered = await server.deps.models.SigningKey.findById(s.councilId).lean();
    const { code, lines } = await verifyPaths({ file: join(dir, 'bien-ban.pdf') });
    expect(code).toBe(0);
    expect(lines).toContain('OK      bien-ban.pdf');
    expect(lines).toContain(`Chữ ký nhúng trong PDF: hợp lệ / embedded signature valid: "${COUNCIL}", chứng thư / certificate SHA-256 ${registered!.pdfCertificate!.fingerprint}`);
  });

  it('one flipped byte in the signed PDF: pdfsig reports the signature invalid, and records:verify fails naming the file', async () => {
    const bad = flipped(signed);
    const report = await pdfsig(bad, 'bien-ban-da-sua.pdf');
    expect(report).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    expect(report).not.toContain('Signature is Valid');
    copySig('bien-ban-da-sua.pdf');
    const cli = await run('node', ['--import', 'tsx', 'server/src/records/verify/cli.ts', join(dir, 'bien-ban-da-sua.pdf')]).then(() => null, (err: { code: number; stdout: string }) => err);
    expect(cli?.code).toBe(1);
    expect(cli?.stdout).toMatch(/FAILED {2}bien-ban-da-sua\.pdf: .*SHA-256.*chữ ký nhúng \/ embedded signature: .*digest mismatch/);
    expect(cli?.stdout).toContain('KẾT QUẢ: KHÔNG TOÀN VẸN / RESULT: NOT INTACT');
  });

  it('POST /api/records/verify says the embedded certificate is the council\'s registered PDF certificate', async () => {
    const res = await sendRaw(s.as.observer, 'POST', '/api/records/verify?name=bien-ban.pdf', signed, { 'content-type': 'application/pdf' });
    const key = (await s.as.chair.get(`/api/councils/${s.councilId}/signing-key`)).json.data as SigningKeyView;
    expect(res.json.data as VerifyResult).toMatchObject({
      ok: true, registeredTo: { councilId: s.councilId },
      embedded: { present: true, ok: true, commonName: COUNCIL, fingerprint: key.pdfCertificate!.fingerprint, registered: true, problem: null },
    });
    expect(key.pdfCertificate!.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });
});

function copySig(pdfName: string): void {
  writeFileSync(join(dir, `${pdfName}.sig.json`), readFileSync(join(dir, 'bien-ban.pdf.sig.json')));
}

describe('the tally record (biên bản kiểm phiếu)', () => {
  it('the tally record carries the council\'s seal, sealed on the first download and the same file on every later one', async () => {
    const download = async () => (await sendRaw(s.as.chair, 'GET', `/api/polls/${s.polls.secret}/tally-record.pdf`, undefined)).bytes;
    const [first, again] = [await download(), await download()];
    expect(again.equals(first)).toBe(true);
    expect(checkEmbeddedSignature(first)).toMatchObject({ present: true, ok: true, commonName: COUNCIL, problem: null });
    expect(await pdfsig(first, 'kiem-phieu.pdf')).toContain('Signature Validation: Signature is Valid.');
    expect(await server.deps.models.SealedTally.countDocuments({ _id: `${s.polls.secret}:1` })).toBe(1);
  });
});

describe('the council\'s PDF-signing identity', () => {
  it('is a PKCS#12 file of mode 0600 beside the Ed25519 key, and nothing private is in the database', async () => {
    const p12Name = `${s.councilId}.pdf-signing.p12`;
    expect(readdirSync(keyDir).sort()).toEqual([`${s.councilId}.ed25519.pem`, p12Name]);
    expect(statSync(join(keyDir, p12Name)).mode & 0o777).toBe(0o600);
    const password = p12Password(createPrivateKey(readFileSync(join(keyDir, `${s.councilId}.ed25519.pem`), 'utf8')), s.councilId);
    const inFile = certificateOfP12(readFileSync(join(keyDir, p12Name)), password);
    const registered = await server.deps.models.SigningKey.findById(s.councilId).lean();
    expect(registered!.pdfCertificate).toMatchObject({ pem: inFile.pem, fingerprint: inFile.fingerprint });
    const stored = JSON.stringify(await Promise.all([
      server.deps.models.SigningKey.find().lean(), server.deps.models.MinutesSignature.find().lean(), server.deps.models.AuditEntry.find().lean(),
    ]));
    for (const secret of ['PRIVATE', password, readFileSync(join(keyDir, p12Name)).toString('base64').slice(0, 40)]) expect(stored).not.toContain(secret);
  });
});

describe('councils whose key predates the PDF-signing identity', () => {
  /** A closed sitting with a generated draft, signed by the chair: the status of the signing. */
  async function signNewSitting(title: string): Promise<{ status: number; message?: string }> {
    const sitting = await server.deps.models.Sitting.create({ sessionId: s.session._id, councilId: s.cast.council._id, title, status: 'closed' });
    const path = `/api/sittings/${String(sitting._id)}/minutes`;
    const gen = await s.as.secretariat.post(`${path}/generate`);
    const res = await s.as.chair.post(`${path}/sign`, { revision: gen.json.data.revision });
    return { status: res.status, message: res.json.message };
  }
  const p12Path = () => join(keyDir, `${s.councilId}.pdf-signing.p12`);

  it('get one on their next signing: a new P12 file, the certificate registered on the existing key record', async () => {
    rmSync(p12Path());
    await server.deps.models.SigningKey.updateOne({ _id: s.councilId }, { $unset: { pdfCertificate: 1 } });
    expect(await signNewSitting('Phiên bổ sung')).toMatchObject({ status: 200 });
    const registered = await server.deps.models.SigningKey.findById(s.councilId).lean();
    expect(registered!.pdfCertificate!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(p12Path()).mode & 0o777).toBe(0o600);
  });

  it('a registered certificate whose P12 file is gone is refused, never silently replaced', async () => {
    rmSync(p12Path());
    const res = await signNewSitting('Phiên thiếu tệp');
    expect(res.status).toBe(503);
    expect(res.message).toMatch(/pdf-signing\.p12.*restore it from the backup/);
    expect(readdirSync(keyDir)).not.toContain(`${s.councilId}.pdf-signing.p12`);
  });
});

describe('what is and is not signed inside', () => {
  it('the draft PDF carries no embedded signature', async () => {
    expect(draft.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfsig(draft, 'du-thao.pdf')).toContain('does not contain any signatures');
    expect(checkEmbeddedSignature(draft).present).toBe(false);
  });

  it('minutes signed before the embedded signature still verify, reported as "no embedded signature"', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const at = new Date('2026-03-01T02:00:00Z');
    const heading = { issuer: ['Hội đồng nhân dân', 'Tỉnh Ninh Bình'], place: 'Ninh Bình', date: at, subject: ['Phiên cũ'], chair: 'Trần Thị Minh Hoa', secretary: null };
    const pdf = Buffer.from(await buildMinutesPdf({ text: '## I. Nội dung\nNội dung cũ.', title: 'Phiên cũ', revision: 1, generatedAt: at, sittingId: s.sittingId, heading,
      signed: { number: 1, signerName: 'Trần Thị Minh Hoa', signerRole: 'chair', councilName: COUNCIL, signedAt: at, fingerprint: describeKey(publicKey).fingerprint } }));
    const record = await signPayload({ purpose: 'minutes', file: { name: 'cu.pdf', sha256: sha256Hex(pdf), bytes: pdf.length }, council: { id: s.councilId, name: COUNCIL },
      signer: { userId: s.councilId, name: 'Trần Thị Minh Hoa', role: 'chair' }, subject: { sessionId: s.sessionId, sittingId: null, revision: 1 }, signedAt: at.toISOString(), key: describeKey(publicKey) }, keyObjectSigner(privateKey));
    writeFileSync(join(dir, 'cu.pdf'), pdf);
    writeFileSync(join(dir, 'cu.pdf.sig.json'), signatureFileBytes(record));
    const { code, lines } = await verifyPaths({ file: join(dir, 'cu.pdf') });
    expect(code).toBe(0);
    expect(lines).toContain('OK      cu.pdf');
    expect(lines).toContain('Chữ ký nhúng trong PDF: không có (ký trước khi có tính năng này) / no embedded signature');
  });
});
