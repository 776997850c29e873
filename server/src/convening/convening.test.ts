import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConveningView, MyInvitation } from '../../../contract/convening.js';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { sendRaw } from '../../../test/helpers/documentFixtures.js';
import { buildConvening, type ConveningCast } from '../../../test/helpers/conveningFixtures.js';
import { startSmtpListener } from '../../../test/helpers/smtpListener.js';
import { placeAndDate } from '../platform/pdf/official.js';
import { PDFDocument } from 'pdf-lib';
import { inkIn, renderPdfPage } from '../../../test/helpers/pdfPage.js';
import { verifyPdfSignatures } from '../signing/verify/verifyPdf.js';

const dir = mkdtempSync(join(tmpdir(), 'hdnd-convening-'));

/** The text poppler extracts (what copy and search see), runs of white space as one space. */
function pdfText(bytes: Buffer): string {
  const path = join(dir, `p-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(path, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-']).toString('utf8').replace(/\s+/g, ' ');
}

type Cast = ConveningCast;
const view = async (c: Cast, as = c.users.secretariat.client) => (await as.get(`/api/sessions/${c.sessionId}/convening`)).json.data as ConveningView;
const invitee = (v: ConveningView, userId: string) => v.invitees.find((i) => i.userId === userId)!;

describe('convening a session: invitations by e-mail and in the product, and read status', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let server: TestServer;
  let c: Cast;

  beforeAll(async () => {
    smtp = await startSmtpListener();
    server = await startTestServer({ env: { ...smtp.env, PUBLIC_URL: 'https://hdnd.song-hong.test' } });
    c = await buildConvening(server);
    // The listener refuses this delegate's mailbox.
    smtp.reject.add(c.users.refused.login);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates one invitation per invitee and e-mails each their PDF in the Decree 30 format; a refused or missing address does not stop the others', async () => {
    const res = await c.users.secretariat.client.post(`/api/sessions/${c.sessionId}/convening`, { send: true });
    expect(res.status).toBe(200);
    const v = res.json.data as ConveningView;
    expect(v.mailConfigured).toBe(true);
    expect(v.notice?.invitationNumber).toBe('01/GM-HĐND');
    expect(v.lastSend).toEqual({ sent: 3, failed: 2, skipped: 0 });
    expect(v.invitees.map((i) => [i.displayName, i.role])).toEqual([
      ['Trần Thị Minh Hoa', 'chair'], ['Đặng Thị Hạnh', 'delegate'], ['Nguyễn Thị Ánh Tuyết', 'delegate'], ['Phạm Quốc Bảo', 'delegate'], ['Giám đốc Sở Tài chính', 'observer'],
    ]);
    expect(invitee(v, c.users.delegate.id).sentAt).not.toBeNull();
    expect(invitee(v, c.users.refused.id)).toMatchObject({ sentAt: null });
    expect(invitee(v, c.users.refused.id).sendError).toMatch(/^Máy chủ thư không nhận thư gửi tới khongnhan-.*\(mã 550\)/);
    expect(invitee(v, c.users.phoneOnly.id).sendError).toMatch(/^Tài khoản chưa có địa chỉ e-mail/);

    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([c.users.chair.login, c.users.delegate.login, c.users.guest.login].sort());
    const mail = smtp.received.find((m) => m.to[0] === c.users.delegate.login)!;
    expect(mail.from).toBe('vanphong@hdnd.test');
    expect(mail.subject).toBe(`Giấy mời dự Kỳ họp thứ Mười hai — ${c.council.name}`);
    expect(mail.text).toContain('Kính gửi Ông/Bà Nguyễn Thị Ánh Tuyết,');
    expect(mail.text).toContain('https://hdnd.song-hong.test/');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ contentType: 'application/pdf', fileName: 'giay-moi-ky-hop-thu-muoi-hai-nguyen-thi-anh-tuyet.pdf' });
    const text = pdfText(mail.attachments[0]!.content);
    for (const part of ['HỘI ĐỒNG NHÂN DÂN', 'TỈNH SÔNG HỒNG', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 01/GM-HĐND',
      placeAndDate('Sông Hồng', new Date()), 'GIẤY MỜI', 'Kính gửi: Ông/Bà Nguyễn Thị Ánh Tuyết', 'Kỳ họp thứ Mười hai (kỳ họp thường lệ)', 'Hội trường HĐND tỉnh',
      '1. Phiên khai mạc: 08 giờ 00, thứ Tư, 15/07/2026; địa điểm: Hội trường tầng 3.', '2. Phiên thảo luận tổ: thời gian theo lịch của kỳ họp (họp kín).', 'Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm', 'Nơi nhận:', 'TM. THƯỜNG TRỰC HĐND', 'CHỦ TỊCH', 'Trần Thị Minh Hoa']) expect(text).toContain(part);

    const notice = await sendRaw(c.users.delegate.client, 'GET', `/api/sessions/${c.sessionId}/convening/notice.pdf`, undefined);
    expect(notice.status).toBe(200);
    const noticeText = pdfText(notice.bytes);
    for (const part of ['THÔNG BÁO', 'Số: 01/TB-HĐND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Triệu tập Kỳ họp thứ Mười hai']) expect(noticeText).toContain(part);

    const audit = await server.deps.models.AuditEntry.find({ chain: `convening:${c.sessionId}` }).sort({ seq: 1 }).lean();
    // Each invitation sent was sealed first, once, and that is audited with the seal's certificate and the file's hash.
    const actions = audit.map((a) => a.action);
    const sent = actions.indexOf('convening:sent');
    // Generated; each invitation with an address sealed before it went (the refused one too); sent; then the notice, sealed when first downloaded.
    expect(actions).toEqual(['convening:generated', ...Array(sent - 1).fill('convening:sealed'), 'convening:sent', 'convening:sealed']);
    expect(sent - 1).toBeGreaterThanOrEqual(3);
    expect(audit.at(-1)!.data).toMatchObject({ paper: 'notice' });
    expect(audit[1]!.data).toMatchObject({ paper: expect.stringMatching(/^invitation:/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), certificate: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((audit[sent]!.data as { sent: string[] }).sent).toHaveLength(3);
  });

  it('sending again skips those already sent; "gửi lại" sends again to whom it names', async () => {
    const before = smtp.received.length;
    const again = await c.users.secretariat.client.post(`/api/sessions/${c.sessionId}/convening`, { send: true });
    expect(again.json.data.lastSend).toEqual({ sent: 0, failed: 2, skipped: 3 });
    expect(smtp.received.length).toBe(before);
    const resend = await c.users.secretariat.client.post(`/api/sessions/${c.sessionId}/convening`, { send: true, resend: true, userIds: [c.users.delegate.id] });
    expect(resend.json.data.lastSend).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect(smtp.received.slice(before).map((m) => m.to[0])).toEqual([c.users.delegate.login]);
  });

  it('the invitee sees the invitation; opening its PDF marks it opened for the secretariat, whose own look does not', async () => {
    const mine = (await c.users.delegate.client.get('/api/me/invitations')).json.data as MyInvitation[];
    expect(mine).toEqual([expect.objectContaining({ sessionId: c.sessionId, sessionTitle: 'Kỳ họp thứ Mười hai', venue: 'Hội trường HĐND tỉnh', number: '01/GM-HĐND', openedAt: null })]);
    expect(invitee(await view(c), c.users.delegate.id).openedAt).toBeNull();

    const staffLook = await sendRaw(c.users.secretariat.client, 'GET', `/api/invitations/${invitee(await view(c), c.users.chair.id).invitationId}.pdf`, undefined);
    expect(staffLook.status).toBe(200);
    const pdf = await sendRaw(c.users.delegate.client, 'GET', `/api/invitations/${mine[0]!.id}.pdf`, undefined);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdfText(pdf.bytes)).toContain('Kính gửi: Ông/Bà Nguyễn Thị Ánh Tuyết');

    // What the invitee downloads is byte for byte what the e-mail carried: one sealed file per content.
    expect(pdf.bytes.equals(smtp.received.find((m) => m.to[0] === c.users.delegate.login)!.attachments[0]!.content)).toBe(true);

    const v = await view(c);
    expect(invitee(v, c.users.delegate.id).openedAt).not.toBeNull();
    expect(invitee(v, c.users.chair.id).openedAt).toBeNull();
    expect(((await c.users.delegate.client.get('/api/me/invitations')).json.data as MyInvitation[])[0]!.openedAt).not.toBeNull();
    // Someone else's invitation does not exist for another delegate.
    expect((await sendRaw(c.users.refused.client, 'GET', `/api/invitations/${mine[0]!.id}.pdf`, undefined)).status).toBe(404);
  });


  it('the notice and the invitations carry the council\'s seal: an embedded signature over the whole file, drawn in red over the signer\'s block (screenshot)', async () => {
    const notice = (await sendRaw(c.users.delegate.client, 'GET', `/api/sessions/${c.sessionId}/convening/notice.pdf`, undefined)).bytes;
    const invitation = smtp.received.find((m) => m.to[0] === c.users.guest.login)!.attachments[0]!.content;
    for (const [pdf, shot] of [[notice, 'convening-notice-sealed'], [invitation, 'convening-invitation-sealed']] as const) {
      const [seal, ...others] = verifyPdfSignatures(pdf, { anchors: [] });
      expect(others).toHaveLength(0);
      // The embedded default seals with the development file signer: intact, not trusted (the PKCS#11 path is proven with the minutes).
      expect(seal).toMatchObject({ intact: true, signatureValid: true, development: true, coverage: { wholeFile: true } });
      const doc = await PDFDocument.load(pdf);
      const widget = doc.getForm().getFields()[0]!.acroField.getWidgets()[0]!;
      const last = doc.getPageCount();
      expect(widget.P()?.objectNumber).toBe(doc.getPage(last - 1).ref.objectNumber);
      expect(inkIn(renderPdfPage(pdf, last, shot), widget.getRectangle(), 'red')).toBeGreaterThan(400);
      expect(pdfText(pdf)).toContain('(Đã ký số)');
    }
    // Downloaded again: the same file, not sealed anew.
    expect((await sendRaw(c.users.chair.client, 'GET', `/api/sessions/${c.sessionId}/convening/notice.pdf`, undefined)).bytes.equals(notice)).toBe(true);
  });
  it('the secretariat sees who has opened each document and when first; delegates see no read status and cannot convene', async () => {
    const url = `/api/documents/${c.documentId}/file`;
    expect((await sendRaw(c.users.delegate.client, 'GET', url, undefined)).status).toBe(200);
    let reader: ConveningView['documents'][number]['readers'][number] | undefined;
    for (let i = 0; i < 50 && !reader?.openedAt; i++) {
      await sleep(40);
      reader = (await view(c)).documents[0]!.readers.find((r) => r.userId === c.users.delegate.id);
    }
    const first = reader!.openedAt;
    expect(first).not.toBeNull();
    await sleep(20);
    expect((await sendRaw(c.users.delegate.client, 'GET', url, undefined, { range: 'bytes=0-99' })).status).toBe(206);
    await sleep(100);
    const doc = (await view(c)).documents[0]!;
    expect(doc.title).toBe('Dự thảo nghị quyết về ngân sách');
    expect(doc.readers.find((r) => r.userId === c.users.delegate.id)!.openedAt).toBe(first);
    expect(doc.readers.find((r) => r.userId === c.users.refused.id)!.openedAt).toBeNull();
    expect(doc.readers.map((r) => r.displayName)).not.toContain('Giám đốc Sở Tài chính');

    expect((await c.users.delegate.client.get(`/api/sessions/${c.sessionId}/convening`)).status).toBe(403);
    expect((await c.users.delegate.client.post(`/api/sessions/${c.sessionId}/convening`, { send: true })).status).toBe(403);
    expect((await c.users.chair.client.get(`/api/sessions/${c.sessionId}/convening`)).status).toBe(200);
  });
});

describe('convening when e-mail cannot go out', () => {
  it('with the mail server down each invitee gets a clear error and nothing is lost', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const server = await startTestServer({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), MAIL_FROM: 'vanphong@hdnd.test' } });
    try {
      const c = await buildConvening(server);
      const res = await c.users.secretariat.client.post(`/api/sessions/${c.sessionId}/convening`, { send: true });
      expect(res.status).toBe(200);
      const v = res.json.data as ConveningView;
      expect(v.lastSend).toEqual({ sent: 0, failed: 5, skipped: 0 });
      for (const id of [c.users.chair.id, c.users.delegate.id, c.users.refused.id, c.users.guest.id]) {
        expect(invitee(v, id)).toMatchObject({ sentAt: null });
        expect(invitee(v, id).sendError).toMatch(new RegExp(`^Không kết nối được máy chủ thư 127\\.0\\.0\\.1:${port} \\(E[A-Z]+\\); thư chưa được gửi, giấy mời vẫn có trong hệ thống`));
      }
      // Nothing lost: the invitations are there for the invitees, and still due for the next sending.
      expect((await c.users.delegate.client.get('/api/me/invitations')).json.data).toHaveLength(1);
      const retry = await c.users.secretariat.client.post(`/api/sessions/${c.sessionId}/convening`, { send: true });
      expect(retry.json.data.lastSend).toEqual({ sent: 0, failed: 5, skipped: 0 });
    } finally {
      await server.stop();
    }
  });

  it('without SMTP settings the secretariat is told e-mail is not set up, and the invitations are still shown in the product', async () => {
    const server = await startTestServer();
    try {
      const c = await buildConvening(server);
      const v = (await c.users.secretariat.client.post(`/api/sessions/${c.sessionId}/convening`, { send: true })).json.data as ConveningView;
      expect(v.mailConfigured).toBe(false);
      expect(v.lastSend).toBeNull();
      expect(v.invitees).toHaveLength(5);
      expect(v.invitees.every((i) => i.sentAt === null)).toBe(true);
      expect((await c.users.guest.client.get('/api/me/invitations')).json.data).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});
