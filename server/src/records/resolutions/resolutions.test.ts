import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolutionList, ResolutionView } from '../../../../contract/resolutions.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { playScriptedSitting, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import { pyhankoValidate } from '../../../../test/helpers/pyhanko.js';
import { inkIn, renderPdfPage } from '../../../../test/helpers/pdfPage.js';
import { certifiedRsa, SEAL_SUBJECT, startSigningFixture, type SigningFixture } from '../../../../test/helpers/signingFixture.js';
import { startCscTestService, type CscTestService } from '../../signing/remote/cscTestService.js';
import { verifyPdfSignatures } from '../../signing/verify/verifyPdf.js';

/**
 * A resolution the council adopted (a resolution vote that passed), from the draft to the
 * signed file: the secretariat drafts it in the official format and edits it, the chair signs
 * it with their own certificate at the remote signing service, the council's seal follows from
 * SoftHSM2. A real sitting, database, CA, timestamp authority and signing service on loopback.
 */

const dir = mkdtempSync(join(tmpdir(), 'hdnd-resolutions-'));
const TOKEN = 'ma-truy-cap-nghi-quyet-51';
const CHAIR = { pin: '112358', otp: '132134', name: 'Đinh Văn Chủ Tịch' };
let fx: SigningFixture;
let csc: CscTestService;
let server: TestServer;
let s: ScriptedSitting;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  fx = await startSigningFixture(dir);
  writeFileSync(join(dir, 'seal-chain.pem'), await fx.sealKey('con-dau-nq', 'rsa'));
  writeFileSync(join(dir, 'anchors.pem'), fx.pki.rootPem);
  csc = await startCscTestService({ dir, token: TOKEN, credentials: [] });
  server = await startTestServer({
    env: {
      SIGNING_KEY_DIR: join(dir, 'keys'), SIGNING_PKCS11_MODULE: fx.token.module, SIGNING_PKCS11_TOKEN_LABEL: fx.token.tokenLabel, SIGNING_PKCS11_PIN: fx.token.pin,
      SIGNING_PKCS11_KEY_LABEL: 'con-dau-nq', SIGNING_CERT_CHAIN: join(dir, 'seal-chain.pem'),
      SIGNING_PERSON_CSC_URL: csc.url, SIGNING_PERSON_CSC_TOKEN: TOKEN, SIGNING_PERSON_CSC_CREDENTIAL: 'ca-nhan-{login}',
      SIGNING_TSA_URL: fx.tsa.url, SIGNING_TRUST_ANCHORS: join(dir, 'anchors.pem'),
    },
  });
  s = await playScriptedSitting(server, sockets);
  await server.deps.models.Unit.updateOne({ _id: s.cast.council.unitId }, { name: 'Tỉnh Ninh Bình' });
  await server.deps.models.Council.updateOne({ _id: s.cast.council._id }, { term: 'Khóa XVI (2021–2026)' });
  // The vote was taken under the item whose review report (báo cáo thẩm tra) the resolution considered.
  await server.deps.models.Poll.updateOne({ _id: s.polls.named }, { agendaItemId: s.items[0] });
  const chairLogin = (await server.deps.models.User.findById(s.cast.users.chair.id).lean<{ login: string }>())!.login;
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  csc.add({ id: `ca-nhan-${chairLogin}`, key: key.privateKey, chain: await certifiedRsa(fx.pki, key, { commonName: CHAIR.name, organisation: SEAL_SUBJECT.organisation }, 'chair'), pin: CHAIR.pin, otp: CHAIR.otp });
}, 120_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  await csc?.stop();
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const path = (suffix = '') => `/api/polls/${s.polls.named}/resolution${suffix}`;
const listOf = async (who: 'secretariat' | 'chair' | 'delegate') => (await s.as[who].get(`/api/sessions/${String(s.session._id)}/resolutions`)).json.data as ResolutionList;
function pdfText(bytes: Buffer): string {
  const file = join(dir, `nq-${Date.now()}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString();
}

describe('the session\'s adopted resolutions', () => {
  it('list the resolution vote that passed (3 of N = 5), not the election; the secretariat may draft, the chair may sign', async () => {
    const list = await listOf('secretariat');
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ pollId: s.polls.named, title: 'Thông qua Nghị quyết về ngân sách', sittingTitle: 'Phiên khai mạc', status: 'none', number: null, adoption: { yes: 3, no: 1, electedTotal: 5 } });
    expect(list).toMatchObject({ canEdit: true, canSign: false });
    expect(await listOf('chair')).toMatchObject({ canEdit: false, canSign: true });
  });

  it('a vote that is not a passed resolution vote (an election) cannot be drafted: 409 with the reason', async () => {
    const res = await s.as.secretariat.post(`/api/polls/${s.polls.secret}/resolution`);
    expect(res.status).toBe(409);
    expect(res.json.message).toMatch(/^Chỉ soạn nghị quyết cho một biểu quyết thông qua nghị quyết/);
  });
});

describe('the secretariat drafts the resolution', () => {
  let view: ResolutionView;
  beforeAll(async () => {
    const res = await s.as.secretariat.post(path());
    expect(res.status, res.text).toBe(200);
    view = res.json.data;
  });

  it('in the format of a council resolution: subject, council and session, grounds, what it considered, QUYẾT NGHỊ, articles, adoption day', () => {
    expect(view).toMatchObject({ status: 'draft', revision: 1, canEdit: true, canSign: false });
    const lines = view.text.split('\n');
    expect(lines[0]).toBe('# Về ngân sách');
    expect(lines).toContain('# HỘI ĐỒNG NHÂN DÂN TỈNH NINH BÌNH');
    expect(lines.some((l) => l.startsWith('# KHÓA XVI (2021–2026), '))).toBe(true);
    expect(view.text).toContain('1. Giao Ủy ban nhân dân tỉnh Ninh Bình tổ chức thực hiện Nghị quyết này.');
    expect(view.text).toContain('Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;');
    expect(view.text).toContain('Xét Báo cáo kinh tế – xã hội; ý kiến thảo luận của đại biểu Hội đồng nhân dân tại kỳ họp.');
    expect(lines).toContain('# QUYẾT NGHỊ:');
    expect(view.text).toContain('**Điều 1.** Thông qua Nghị quyết về ngân sách.');
    expect(view.text).toMatch(/Nghị quyết này đã được Hội đồng nhân dân tỉnh Ninh Bình khóa XVI \(2021–2026\), .* thông qua ngày \d\d tháng \d+ năm \d{4}/);
  });

  it('drafting again returns the draft there is; a delegate sees no draft, and may not draft', async () => {
    expect((await s.as.secretariat.post(path())).json.data.revision).toBe(1);
    expect((await s.as.delegate.get(path())).status).toBe(404);
    expect((await s.as.delegate.post(path())).status).toBe(403);
    expect((await listOf('delegate')).items).toEqual([]);
  });

  it('an edit is a new revision; one made on a stale revision is refused with the current number', async () => {
    const text = view.text.replace(/\(Văn phòng HĐND ghi tại đây[^)]*\)/, 'Tổng thu ngân sách nhà nước trên địa bàn năm 2027 là 25.000 tỷ đồng.');
    const saved = await s.as.secretariat.patch(path(), { baseRevision: 1, text });
    expect(saved.json.data).toMatchObject({ revision: 2, text });
    const stale = await s.as.secretariat.patch(path(), { baseRevision: 1, text: `${text}\nSửa muộn.` });
    expect(stale.status).toBe(409);
    expect(stale.json.message).toMatch(/bản số 2/);
    const draft = await sendRaw(s.as.chair, 'GET', path('.pdf'), undefined);
    expect(draft.status).toBe(200);
    const words = pdfText(draft.bytes);
    expect(words).toContain('DỰ THẢO — bản số 2, chưa ký ban hành');
    expect(words).toMatch(/Số:\s+\/NQ-HĐND/);
  });

  it('only the chair signs: the secretariat is refused', async () => {
    expect((await s.as.secretariat.post(path('/sign'), { revision: 2 })).status).toBe(403);
  });
});

describe('the chair signs the resolution with PIN and OTP, then the seal', () => {
  let signed: Buffer;
  let view: ResolutionView;
  beforeAll(async () => {
    const res = await s.as.chair.post(path('/sign'), { revision: 2, pin: CHAIR.pin, otp: CHAIR.otp });
    expect(res.status, res.text).toBe(200);
    view = res.json.data;
    signed = (await sendRaw(s.as.delegate, 'GET', path('.pdf'), undefined)).bytes;
  }, 60_000);

  it('takes the first number of the council\'s NQ-HĐND series this year; the delegates see it signed', async () => {
    const chairName = (await server.deps.models.User.findById(s.cast.users.chair.id).lean<{ displayName: string }>())!.displayName;
    expect(view).toMatchObject({ status: 'signed', canEdit: false, canSign: false, signature: { number: 'Số: 01/NQ-HĐND', revision: 2, signerName: chairName } });
    expect((await listOf('delegate')).items).toEqual([expect.objectContaining({ status: 'signed', number: 'Số: 01/NQ-HĐND' })]);
    const audit = await server.deps.models.AuditEntry.find({ chain: `sitting:${s.sittingId}`, action: 'resolution:signed' }).lean();
    expect(audit).toHaveLength(1);
  });

  it('the file reads as the resolution: number, NGHỊ QUYẾT, the article as edited, TM. HỘI ĐỒNG NHÂN DÂN / CHỦ TỊCH and the chair\'s name', () => {
    const words = pdfText(signed);
    expect(words).toMatch(/Số: 01\/NQ-HĐND/);
    expect(words).toContain('NGHỊ QUYẾT');
    expect(words).toContain('Tổng thu ngân sách nhà nước trên địa bàn năm 2027 là 25.000 tỷ đồng.');
    expect(words).toContain('TM. HỘI ĐỒNG NHÂN DÂN');
    expect(words).toContain('CHỦ TỊCH');
    expect(words).not.toContain('DỰ THẢO');
  });

  it('holds the chair\'s signature then the seal\'s, valid and trusted to the test root, timestamped; pyHanko agrees', async () => {
    const [chair, seal, ...others] = verifyPdfSignatures(signed, { anchors: [new X509Certificate(fx.pki.rootPem)] });
    expect(others).toHaveLength(0);
    expect(chair).toMatchObject({ valid: true, signer: { commonName: CHAIR.name }, chain: { trusted: true } });
    expect(seal).toMatchObject({ valid: true, signer: { commonName: SEAL_SUBJECT.commonName }, chain: { trusted: true } });
    expect(['B-T', 'B-LT', 'B-LTA']).toContain(chair!.level);
    const file = join(dir, 'nghi-quyet-ky.pdf');
    writeFileSync(file, signed);
    const report = await pyhankoValidate(file, join(dir, 'anchors.pem'));
    expect(report.match(/The signature is judged VALID\./g)).toHaveLength(2);
    expect(report).toContain(`Common Name: ${CHAIR.name}`);
    expect(report).toContain('All modifications relate to signing and form filling operations');
  }, 60_000);

  it('shows the chair\'s signature in blue in the signature block and the seal in red over it (rendered with poppler)', async () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: signed }).toString())![1]);
    const whole = (p: { width: number; height: number }) => ({ x: 0, y: 0, width: p.width, height: p.height });
    // The signature block's page: the one with blue ink (the rest of the text is black).
    const inked = Array.from({ length: pages }, (_, i) => renderPdfPage(signed, i + 1)).map((p, i) => ({ page: i + 1, blue: inkIn(p, whole(p), 'blue') }));
    const at = inked.find((p) => p.blue > 150)!;
    expect(at).toBeDefined();
    const page = renderPdfPage(signed, at.page, 'resolution-signed-chair-and-seal');
    expect(inkIn(page, whole(page), 'red')).toBeGreaterThan(300);
  });

  it('cannot be edited or signed again on another revision; the same revision answers with the signature there is', async () => {
    expect((await s.as.secretariat.patch(path(), { baseRevision: 2, text: 'Sửa sau khi ký' })).status).toBe(409);
    const again = await s.as.chair.post(path('/sign'), { revision: 2, pin: CHAIR.pin, otp: CHAIR.otp });
    expect(again.json.data.signature.sha256).toBe(view.signature!.sha256);
    expect((await s.as.chair.post(path('/sign'), { revision: 1 })).status).toBe(409);
  });
});
