import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentTicket } from '../../../../contract/records.js';
import type { ResolutionView } from '../../../../contract/resolutions.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { playScriptedSitting, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import type { SigningFixture } from '../../../../test/helpers/signingFixture.js';
import { agentServerEnv, expectPyhankoSignerThenSeal, expectSealOverSignerBlock, expectSignerThenSeal, startAgentFixture } from '../../../../test/helpers/agentSigningRig.js';
import { agentDownload, agentSign, agentUpload, personKeyOnToken, type AgentKey } from '../../../../test/helpers/desktopAgent.js';
import { openForUpdate, writeUpdate } from '../../signing/pdf/update.js';
import { verifyPdfSignatures } from '../../signing/verify/verifyPdf.js';
import { sha256Hex } from './signature.js';

/**
 * The chair signs an adopted resolution with a USB token through the desktop signing agent,
 * as for the minutes (agentSigning.test.ts): a one-time ticket for the latest draft, the
 * prepared resolution numbered in the NQ-HĐND series, the agent's signature (its key in
 * SoftHSM2) checked, the council's seal appended (SoftHSM2 too), the resolution stored and
 * audited once. A real sitting, database, CA and timestamp authority.
 */

const dir = mkdtempSync(join(tmpdir(), 'hdnd-agent-resolution-'));
const CHAIR_NAME = 'Lê Thị Chủ Tịch';
let fx: SigningFixture;
let server: TestServer;
let s: ScriptedSitting;
let chairKey: AgentKey;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  fx = await startAgentFixture(dir);
  chairKey = await personKeyOnToken(fx.token, fx.pki, 'chu-tich', CHAIR_NAME);
  server = await startTestServer({ env: agentServerEnv(dir, fx) });
  s = await playScriptedSitting(server, sockets);
  // The secretariat drafts the resolution (revision 1) and writes Article 1 (revision 2).
  const draft = await s.as.secretariat.post(path());
  expect(draft.status, draft.text).toBe(200);
  const text = (draft.json.data as ResolutionView).text.replace(/\(Văn phòng HĐND ghi tại đây[^)]*\)/, 'Tổng thu ngân sách năm 2027 là 25.000 tỷ đồng.');
  expect((await s.as.secretariat.patch(path(), { baseRevision: 1, text })).json.data.revision).toBe(2);
}, 120_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function path(suffix = '') {
  return `/api/polls/${s.polls.named}/resolution${suffix}`;
}
const statusOf = async (ticketId: string) => (await s.as.chair.get(path(`/agent-ticket/${ticketId}`))).json.data.status as string;
const sign = (pdf: Buffer) => agentSign(pdf, chairKey, { name: CHAIR_NAME, tsaUrl: fx.tsa.url });
/** What signing would have stored: the signature record, the signed file, the audit entry. */
const stored = async () => ({
  signatures: await server.deps.models.ResolutionSignature.countDocuments({ _id: s.polls.named }),
  files: await server.deps.conn.db!.collection('files.files').countDocuments({ 'metadata.purpose': 'resolution', 'metadata.pollId': s.polls.named }),
  audits: await server.deps.models.AuditEntry.countDocuments({ action: 'resolution:signed', 'subject.id': s.polls.named }),
});
const pdfText = (bytes: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString();

describe('a ticket for the chair to sign a resolution on a USB token', () => {
  it('is refused to the secretariat and a delegate (403), and for a revision that is not the latest (409)', async () => {
    expect((await s.as.secretariat.post(path('/agent-ticket'), { revision: 2 })).status).toBe(403);
    expect((await s.as.delegate.post(path('/agent-ticket'), { revision: 2 })).status).toBe(403);
    const stale = await s.as.chair.post(path('/agent-ticket'), { revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.message).toMatch(/không phải bản mới nhất \(bản số 2\)/);
  });
});

describe('the chair signs the resolution through the desktop agent, then the seal', () => {
  let t: AgentTicket;
  let prepared: Buffer;
  beforeAll(async () => {
    const res = await s.as.chair.post(path('/agent-ticket'), { revision: 2 });
    expect(res.status, res.text).toBe(200);
    t = res.json.data;
    const down = await agentDownload(t.downloadUrl);
    expect(down.status).toBe(200);
    prepared = down.bytes;
  }, 30_000);

  it('the ticket names the resolution and its sitting; only the token\'s hash is stored; the minutes\' status route does not know it', async () => {
    expect(t.downloadUrl).toBe(`${server.url}/api/signing/agent/${t.token}/document`);
    const ticket = await server.deps.models.SigningTicket.findById(t.ticketId).lean();
    expect(ticket).toMatchObject({ paper: 'resolution', pollId: s.polls.named, sittingId: s.sittingId, userId: s.cast.users.chair.id, role: 'chair', revision: 2, tokenHash: sha256Hex(t.token), status: 'pending' });
    expect(JSON.stringify(ticket)).not.toContain(t.token);
    expect(await statusOf(t.ticketId)).toBe('pending');
    expect((await s.as.chair.get(`/api/sittings/${s.sittingId}/minutes/agent-ticket/${t.ticketId}`)).status).toBe(404);
  });

  it('hands the agent the final resolution, numbered 01/NQ-HĐND, the chair\'s name in its block, not signed yet', () => {
    expect(verifyPdfSignatures(prepared, { anchors: fx.anchors })).toEqual([]);
    const words = pdfText(prepared);
    expect(words).toMatch(/Số: 01\/NQ-HĐND/);
    expect(words).toContain('TM. HỘI ĐỒNG NHÂN DÂN');
    expect(words).not.toContain('DỰ THẢO');
  });

  it('refuses an upload whose update also changes the resolution (a page\'s content), naming the resolution and the page; nothing is stored', async () => {
    const update = await openForUpdate(prepared);
    const page = update.doc.getPages()[0]!;
    const extra = update.doc.context.register(update.doc.context.stream('BT /F1 12 Tf 72 700 Td (Them) Tj ET'));
    page.node.set(PDFName.of('Contents'), update.doc.context.obj([page.node.get(PDFName.of('Contents'))!, extra]));
    const res = await agentUpload(t.uploadUrl, await sign(writeUpdate(update, [page.ref])));
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/^Tệp tải lên không phải bản đã ký của nghị quyết này: ngoài chữ ký số, tệp còn bị sửa \(trang 1 bị thay đổi\)/);
    expect(res.json.message).toContain('The upload changes this resolution beyond adding a signature');
    expect(await stored()).toEqual({ signatures: 0, files: 0, audits: 0 });
    expect(await statusOf(t.ticketId)).toBe('pending');
    expect((await s.as.chair.get(path())).json.data.status).toBe('draft');
  });

  describe('once the agent uploads the signed file', () => {
    let signed: Buffer;
    let view: ResolutionView;
    beforeAll(async () => {
      const res = await agentUpload(t.uploadUrl, await sign(prepared));
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json.data).toEqual({ signed: true, sittingId: s.sittingId });
      view = (await s.as.delegate.get(path())).json.data;
      signed = (await sendRaw(s.as.delegate, 'GET', path('.pdf'), undefined)).bytes;
    }, 60_000);

    it('the resolution is signed with number 01/NQ-HĐND, stored once; the ticket is done', async () => {
      expect(view).toMatchObject({ status: 'signed', canEdit: false, canSign: false, signature: { number: 'Số: 01/NQ-HĐND', revision: 2, sha256: sha256Hex(signed) } });
      expect(await stored()).toEqual({ signatures: 1, files: 1, audits: 1 });
      expect(await statusOf(t.ticketId)).toBe('done');
      expect(pdfText(signed)).toMatch(/Số: 01\/NQ-HĐND/);
    });

    it('holds the chair\'s timestamped signature then the seal\'s, both valid and trusted; the seal is the last', () => {
      expectSignerThenSeal(signed, fx, CHAIR_NAME);
    });

    it('pyHanko judges both VALID, and the update after the chair\'s signature a signing operation', async () => {
      await expectPyhankoSignerThenSeal(signed, dir, 'nghi-quyet-usb.pdf', CHAIR_NAME);
    }, 60_000);

    it('the seal is drawn in red over the chair\'s block', async () => {
      await expectSealOverSignerBlock(server, t.ticketId, signed, 'resolution-usb-signed-page');
    });

    it('is audited resolution:signed by the chair with the certificate\'s subject, via the desktop agent', async () => {
      const audit = await server.deps.models.AuditEntry.findOne({ action: 'resolution:signed', 'subject.id': s.polls.named }).lean<{ actorId: unknown; chain: string; data: Record<string, unknown> }>();
      expect(String(audit!.actorId)).toBe(s.cast.users.chair.id);
      expect(audit!.chain).toBe(`sitting:${s.sittingId}`);
      expect(audit!.data).toMatchObject({ via: 'desktop-agent', revision: 2, number: 1, sha256: sha256Hex(signed) });
      expect(audit!.data.certificate).toContain(`CN=${CHAIR_NAME}`);
    });

    it('the token cannot be used again (404), and no new ticket is given for the signed resolution (409)', async () => {
      expect((await agentUpload(t.uploadUrl, signed)).status).toBe(404);
      expect((await agentDownload(t.downloadUrl)).status).toBe(404);
      expect((await s.as.chair.post(path('/agent-ticket'), { revision: 2 })).status).toBe(409);
    });
  });
});
