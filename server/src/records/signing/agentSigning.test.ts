import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFName } from 'pdf-lib';
import type { Types } from 'mongoose';
import { filesBucket } from '../../platform/storage.js';
import { openForUpdate, writeUpdate } from '../../signing/pdf/update.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentTicket } from '../../../../contract/records.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { minutesToSign, playScriptedSitting, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import { createTestPki } from '../../../../test/helpers/testPki.js';
import type { SigningFixture } from '../../../../test/helpers/signingFixture.js';
import { agentServerEnv, expectPyhankoSignerThenSeal, expectSealOverSignerBlock, expectSignerThenSeal, startAgentFixture } from '../../../../test/helpers/agentSigningRig.js';
import { agentDownload, agentSign, agentUpload, desktopAgentSigns, personKeyOnToken, type AgentKey } from '../../../../test/helpers/desktopAgent.js';
import { verifyPdfSignatures } from '../../signing/verify/verifyPdf.js';
import { sha256Hex } from './signature.js';

/**
 * The chair signs the minutes with a USB token through a desktop signing agent: the dialog
 * gets a one-time ticket, the agent (test/helpers/desktopAgent.ts, the key in SoftHSM2)
 * downloads the prepared PDF with its token, appends its PAdES signature and uploads it; the
 * server checks the upload, appends the council's seal (SoftHSM2 too) and stores the signed
 * minutes. A real sitting, database, CA and timestamp authority.
 */

const dir = mkdtempSync(join(tmpdir(), 'hdnd-agent-signing-'));
const CHAIR_NAME = 'Nguyễn Văn Chủ Tọa';
let fx: SigningFixture;
let server: TestServer;
let s: ScriptedSitting;
let chairKey: AgentKey;
let outsiderKey: AgentKey;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  fx = await startAgentFixture(dir);
  chairKey = await personKeyOnToken(fx.token, fx.pki, 'chu-toa', CHAIR_NAME);
  // A certificate from a CA the server does not trust (another root).
  outsiderKey = await personKeyOnToken(fx.token, await createTestPki(join(dir, 'ngoai'), 'Ngoài'), 'ngoai', 'Người Ngoài Hệ Thống');
  server = await startTestServer({ env: agentServerEnv(dir, fx) });
  s = await playScriptedSitting(server, sockets);
}, 120_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ticketFor = async (sittingId: string, revision: number) => {
  const res = await s.as.chair.post(`/api/sittings/${sittingId}/minutes/agent-ticket`, { revision });
  expect(res.status).toBe(200);
  return res.json.data as AgentTicket;
};
const statusOf = async (sittingId: string, ticketId: string) => (await s.as.chair.get(`/api/sittings/${sittingId}/minutes/agent-ticket/${ticketId}`)).json.data.status as string;
const sign = (pdf: Buffer, key = chairKey) => agentSign(pdf, key, { name: CHAIR_NAME, tsaUrl: fx.tsa.url });

describe('a ticket for the desktop agent', () => {
  it('is given to the chair for the latest revision: a 43-character token, download and upload URLs on this server, 15 minutes; only the token\'s hash is stored', async () => {
    const m = await minutesToSign(server, s, 'Phiên lấy phiếu ký');
    const before = Date.now();
    const t = await ticketFor(m.sittingId, m.revision);
    expect(t.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t.downloadUrl).toBe(`${server.url}/api/signing/agent/${t.token}/document`);
    expect(t.uploadUrl).toBe(t.downloadUrl);
    expect(t.agentUrl).toBe(`hdnd-kyso://sign?download=${encodeURIComponent(t.downloadUrl)}&upload=${encodeURIComponent(t.uploadUrl)}&expires=${encodeURIComponent(t.expiresAt)}`);
    expect(Date.parse(t.expiresAt) - before).toBeGreaterThan(14.9 * 60_000);
    expect(Date.parse(t.expiresAt) - before).toBeLessThanOrEqual(15 * 60_000 + 5_000);
    const stored = await server.deps.models.SigningTicket.findById(t.ticketId).lean();
    expect(stored).toMatchObject({ tokenHash: sha256Hex(t.token), sittingId: m.sittingId, userId: s.cast.users.chair.id, role: 'chair', revision: m.revision, status: 'pending' });
    expect(JSON.stringify(stored)).not.toContain(t.token);
    expect(await statusOf(m.sittingId, t.ticketId)).toBe('pending');
  });

  it('hands the agent, without a session, the final PDF (numbered, no signature yet), as signing would render it', async () => {
    const m = await minutesToSign(server, s, 'Phiên tải bản chuẩn bị');
    const t = await ticketFor(m.sittingId, m.revision);
    const res = await agentDownload(t.downloadUrl);
    expect(res.status).toBe(200);
    expect(res.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(verifyPdfSignatures(res.bytes, { anchors: fx.anchors })).toEqual([]);
    const ticket = await server.deps.models.SigningTicket.findById(t.ticketId).lean();
    expect(sha256Hex(res.bytes)).toBe(ticket!.preparedSha256);
  });

  it('is refused to a delegate (403) and for a revision that is not the latest (409)', async () => {
    const m = await minutesToSign(server, s, 'Phiên đại biểu không được ký');
    expect((await s.as.delegate.post(`/api/sittings/${m.sittingId}/minutes/agent-ticket`, { revision: m.revision })).status).toBe(403);
    expect((await s.as.chair.post(`/api/sittings/${m.sittingId}/minutes/agent-ticket`, { revision: m.revision + 1 })).status).toBe(409);
  });
});

describe('an upload that is not the signed minutes', () => {
  let m: Awaited<ReturnType<typeof minutesToSign>>;
  let t: AgentTicket;
  let prepared: Buffer;
  beforeAll(async () => {
    m = await minutesToSign(server, s, 'Phiên tải lên sai');
    t = await ticketFor(m.sittingId, m.revision);
    prepared = (await agentDownload(t.downloadUrl)).bytes;
  }, 30_000);

  /** Uploads `bytes`: 400 with a message starting `message`, nothing stored, the ticket still pending. */
  async function refused(bytes: Buffer, message: RegExp) {
    const before = await m.stored();
    const res = await agentUpload(t.uploadUrl, bytes);
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(message);
    expect(await m.stored()).toEqual({ ...before, signatures: 0 });
    expect(await statusOf(m.sittingId, t.ticketId)).toBe('pending');
  }

  it('is refused when one byte of the downloaded part was changed before signing', async () => {
    const at = prepared.indexOf('/ModDate (D:') + 12;
    const changed = Buffer.from(prepared);
    changed[at] = changed[at] === 0x31 ? 0x32 : 0x31;
    await refused(await sign(changed), /^Tệp tải lên không phải bản đã ký của biên bản này: phần nội dung tải về từ hệ thống đã bị thay đổi/);
  });

  it('is refused when its update also changes the minutes (a page\'s content), naming the page', async () => {
    const update = await openForUpdate(prepared);
    const page = update.doc.getPages()[0]!;
    // Another content stream on page 1: text drawn over the minutes, then signed as the agent would.
    const extra = update.doc.context.register(update.doc.context.stream('BT /F1 12 Tf 72 700 Td (Them) Tj ET'));
    page.node.set(PDFName.of('Contents'), update.doc.context.obj([page.node.get(PDFName.of('Contents'))!, extra]));
    const tampered = writeUpdate(update, [page.ref]);
    await refused(await sign(tampered), /^Tệp tải lên không phải bản đã ký của biên bản này: ngoài chữ ký số, tệp còn bị sửa \(trang 1 bị thay đổi\)/);
  });

  it('is refused when it adds no signature', async () => {
    await refused(Buffer.concat([prepared, Buffer.from('% chưa ký\n')]), /^Tệp tải lên không phải bản đã ký của biên bản này: tệp chưa có chữ ký số mới/);
  });

  it('is refused when signed with a certificate outside the trust anchors', async () => {
    await refused(await sign(prepared, outsiderKey), /^Chứng thư số đã ký không thuộc hệ thống chứng thực được tin cậy/);
  });

  it('is refused when something was appended after the signature', async () => {
    await refused(Buffer.concat([await sign(prepared), Buffer.from('\n% them sau khi ky\n')]), /chữ ký số không bao trùm toàn bộ tệp/);
  });

  it('is refused when it is not a PDF upload (wrong Content-Type)', async () => {
    const res = await fetch(t.uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'xin chào' });
    expect(res.status).toBe(400);
  });

  it('leaves the ticket usable: the good upload after them signs the minutes', async () => {
    const res = await agentUpload(t.uploadUrl, await sign(prepared));
    expect(res.status).toBe(200);
    expect(await statusOf(m.sittingId, t.ticketId)).toBe('done');
  });
});

describe('the chair signs through the desktop agent, then the seal', () => {
  let t: AgentTicket;
  let signed: Buffer;
  beforeAll(async () => {
    const gen = await s.as.secretariat.post(`/api/sittings/${s.sittingId}/minutes/generate`);
    t = await ticketFor(s.sittingId, gen.json.data.revision);
    await desktopAgentSigns(t, chairKey, { name: CHAIR_NAME, tsaUrl: fx.tsa.url });
    signed = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${s.sittingId}/minutes.pdf`, undefined)).bytes;
  }, 60_000);

  it('the stored minutes hold the chair\'s timestamped signature then the seal\'s, both valid and trusted; the seal is the last signature', () => {
    expectSignerThenSeal(signed, fx, CHAIR_NAME);
  });

  it('pyHanko judges both VALID, and the update after the chair\'s signature a signing operation', async () => {
    await expectPyhankoSignerThenSeal(signed, dir, 'bien-ban-usb.pdf', CHAIR_NAME);
  }, 60_000);

  it('the seal is drawn in red over the chair\'s block, as when the server signs (the agent\'s own look is the agent\'s)', async () => {
    await expectSealOverSignerBlock(server, t.ticketId, signed, 'records-usb-signed-page');
  });

  it('is recorded as signMinutes records it: the chair as signer, minutes:signed audited with the certificate\'s subject, the ticket done', async () => {
    const view = (await s.as.delegate.get(`/api/sittings/${s.sittingId}/minutes`)).json.data;
    expect(view).toMatchObject({ status: 'signed', signature: { signerRole: 'chair', sha256: sha256Hex(signed) } });
    const audit = await server.deps.models.AuditEntry.findOne({ action: 'minutes:signed', 'subject.id': s.sittingId }).lean<{ actorId: unknown; data: Record<string, unknown> }>();
    expect(String(audit!.actorId)).toBe(s.cast.users.chair.id);
    expect(audit!.data).toMatchObject({ via: 'desktop-agent', role: 'chair' });
    expect(audit!.data.certificate).toContain(`CN=${CHAIR_NAME}`);
    expect(await statusOf(s.sittingId, t.ticketId)).toBe('done');
  });

  it('the token cannot be used again: a second upload and a download are answered 404', async () => {
    const again = await agentUpload(t.uploadUrl, signed);
    expect(again.status).toBe(404);
    expect(again.json.message).toMatch(/^Phiên ký bằng USB token không tồn tại, đã hết hạn hoặc đã được dùng/);
    expect((await agentDownload(t.downloadUrl)).status).toBe(404);
  });

  it('no new ticket is given for signed minutes (409)', async () => {
    const view = (await s.as.chair.get(`/api/sittings/${s.sittingId}/minutes`)).json.data;
    expect((await s.as.chair.post(`/api/sittings/${s.sittingId}/minutes/agent-ticket`, { revision: view.revision })).status).toBe(409);
  });
});

describe('an expired ticket', () => {
  it('is refused for download and upload (404, saying so), and its status reads expired', async () => {
    const m = await minutesToSign(server, s, 'Phiên phiếu hết hạn');
    const t = await ticketFor(m.sittingId, m.revision);
    const prepared = (await agentDownload(t.downloadUrl)).bytes;
    await server.deps.models.SigningTicket.updateOne({ _id: t.ticketId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const down = await agentDownload(t.downloadUrl);
    expect(down.status).toBe(404);
    expect(down.json!.message).toMatch(/đã hết hạn/);
    expect((await agentUpload(t.uploadUrl, await sign(prepared))).status).toBe(404);
    expect(await statusOf(m.sittingId, t.ticketId)).toBe('expired');
    expect((await m.stored()).signatures).toBe(0);
  });

  it('an hour past its expiry, its prepared PDF is removed from the files when the next ticket is made; its status still reads expired', async () => {
    const m = await minutesToSign(server, s, 'Phiên phiếu cũ');
    const t = await ticketFor(m.sittingId, m.revision);
    const { preparedFileId } = (await server.deps.models.SigningTicket.findById(t.ticketId).lean<{ preparedFileId: Types.ObjectId }>())!;
    const files = () => filesBucket(server.deps.conn).find({ _id: preparedFileId }).toArray().then((found) => found.length);
    expect(await files()).toBe(1);
    await server.deps.models.SigningTicket.updateOne({ _id: t.ticketId }, { $set: { expiresAt: new Date(Date.now() - 61 * 60_000) } });
    await ticketFor(m.sittingId, m.revision);
    await expect.poll(files).toBe(0);
    await expect.poll(async () => (await server.deps.models.SigningTicket.findById(t.ticketId).lean<{ preparedRemovedAt: Date | null }>())!.preparedRemovedAt).toBeInstanceOf(Date);
    expect(await statusOf(m.sittingId, t.ticketId)).toBe('expired');
  });

  it('its status reads pending, not done, while an accepted upload is still being sealed (used, the minutes not stored yet)', async () => {
    const m = await minutesToSign(server, s, 'Phiên đang đóng dấu');
    const t = await ticketFor(m.sittingId, m.revision);
    await server.deps.models.SigningTicketUse.create({ _id: t.ticketId, at: new Date() });
    expect(await statusOf(m.sittingId, t.ticketId)).toBe('pending');
    await server.deps.models.SigningTicket.updateOne({ _id: t.ticketId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await statusOf(m.sittingId, t.ticketId)).toBe('pending');
    await server.deps.models.SigningTicketUse.deleteOne({ _id: t.ticketId });
    expect(await statusOf(m.sittingId, t.ticketId)).toBe('expired');
  });

  it('an unknown token is answered 404 and a malformed one 400, without a session', async () => {
    expect((await agentDownload(`${server.url}/api/signing/agent/${'A'.repeat(43)}/document`)).status).toBe(404);
    expect((await agentDownload(`${server.url}/api/signing/agent/ngan/document`)).status).toBe(400);
  });
});
