import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { MinutesData, MinutesRevisionView, MinutesView, SignatureRecord, VerifyResult } from '../../../../contract/records.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { playScriptedSitting, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import { verifySignedFile } from '../verify/verify.js';

let server: TestServer;
let s: ScriptedSitting;
const sockets: ClientSocket[] = [];
const keyDir = mkdtempSync(join(tmpdir(), 'hdnd-keys-'));
beforeAll(async () => {
  server = await startTestServer({ env: { SIGNING_KEY_DIR: keyDir } });
  s = await playScriptedSitting(server, sockets);
  // The issuing body and the place name come from the council's unit.
  await server.deps.models.Unit.updateOne({ _id: s.cast.council.unitId }, { name: 'Tỉnh Ninh Bình' });
}, 60_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

/** The text poppler extracts from a PDF, in reading layout (columns side by side). */
async function pdfText(bytes: Buffer): Promise<string> {
  const path = join(keyDir, `minutes-${Date.now()}.pdf`);
  writeFileSync(path, bytes);
  // MINUTES_PDF_OUT=dir keeps each PDF read here, to render and look at.
  if (process.env.MINUTES_PDF_OUT) writeFileSync(join(process.env.MINUTES_PDF_OUT, `minutes-${Date.now()}.pdf`), bytes);
  return (await promisify(execFile)('pdftotext', ['-layout', path, '-'])).stdout;
}
const row = (text: string, needle: string) => text.split('\n').find((l) => l.includes(needle)) ?? '';
/** The section headings of a text ("I. Thời gian, địa điểm"…), numbers checked to run I, II, III… without a gap. */
function sections(text: string, pattern: RegExp): string[] {
  const found = [...text.matchAll(pattern)].map((m) => m[1]!.trim());
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
  expect(found.map((h) => h.split('.')[0])).toEqual(roman.slice(0, found.length));
  return found.map((h) => h.replace(/^[IVX]+\.\s*/, ''));
}

const minutes = (path = '') => `/api/sittings/${s.sittingId}/minutes${path}`;
const seconds = (a: string, b: string | null) => (Date.parse(b!) - Date.parse(a)) / 1000;

describe('minutes generated from a sitting (biên bản phiên họp)', () => {
  let view: MinutesView;
  let data: MinutesData;
  beforeAll(async () => {
    const res = await s.as.secretariat.post(minutes('/generate'));
    expect(res.status).toBe(200);
    view = res.json.data;
    data = view.data!;
  });

  it('states attendance from the sitting with the quorum counted against N: 3 in the hall, 1 online at its meeting point, 1 excused', () => {
    const byName = Object.fromEntries(data.attendance.map((a) => [a.name, a]));
    expect(byName['Phạm Quốc Bảo']).toMatchObject({ status: 'hall', meetingPoint: null });
    expect(byName['Nguyễn Thị Ánh Tuyết']).toMatchObject({ status: 'online', meetingPoint: 'Điểm cầu xã Gia Viễn' });
    expect(byName['Lương Ngọc Khánh']).toMatchObject({ status: 'absent_excused', reason: 'Đi công tác tại Hà Nội' });
    expect(data.attendance).toHaveLength(5);
    expect(data.quorum).toEqual({ electedTotal: 5, required: 4, present: 4, met: true });
    expect(view.text).toContain('Tổng số đại biểu được bầu (N): 5. Có mặt: 4 (tại hội trường 3, trực tuyến 1); vắng mặt có lý do: 1; vắng mặt: 0.');
  });

  it('lists the agenda as held, in order, each item from when the chair moved to it until the next move or the close', () => {
    expect(data.agenda.map((a) => a.title)).toEqual(['Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm', 'Chất vấn và trả lời chất vấn']);
    const [first, second] = data.agenda;
    expect(first!.endedAt).toBe(second!.startedAt);
    expect(second!.endedAt).toBe(data.closedAt);
    expect(data.openedAt! <= first!.startedAt).toBe(true);
    for (const a of data.agenda) expect(a.durationSeconds).toBe(Math.round(seconds(a.startedAt, a.endedAt)));
  });

  it('lists each turn at the floor with its speaker, kind, item and duration: Bảo speaks under item 1, Hạnh questions the Director of Finance under item 2', () => {
    expect(data.speeches.map((t) => [t.name, t.kind, t.official, t.agendaTitle])).toEqual([
      ['Phạm Quốc Bảo', 'speech', null, 'Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm'],
      ['Đặng Thị Hạnh', 'question', 'Giám đốc Sở Tài chính', 'Chất vấn và trả lời chất vấn'],
    ]);
    for (const t of data.speeches) {
      expect(t.durationSeconds).toBeGreaterThanOrEqual(1);
      expect(t.durationSeconds).toBeLessThanOrEqual(3);
    }
  });

  it('records questions with answers and commitments, and the one not reached as awaiting a written answer', () => {
    const byOfficial = Object.fromEntries(data.questions.map((q) => [q.official, q]));
    expect(byOfficial['Giám đốc Sở Tài chính']).toMatchObject({
      askedByName: 'Đặng Thị Hạnh', status: 'answered_orally', answer: { mode: 'oral', text: 'Sở sẽ giải ngân đủ vốn đầu tư công trong quý III.' },
      commitments: [{ text: 'Hoàn thành giải ngân vốn đầu tư công', dueDate: '2026-09-30' }],
    });
    expect(byOfficial['Giám đốc Sở Tài chính']!.durationSeconds).toBeGreaterThanOrEqual(1);
    expect(byOfficial['Giám đốc Sở Y tế']).toMatchObject({ askedByName: 'Nguyễn Thị Ánh Tuyết', status: 'awaiting_written_answer', answer: null, durationSeconds: null });
    expect(view.text).toContain('Cam kết: Hoàn thành giải ngân vốn đầu tư công (hạn 30/09/2026)');
  });

  it('gives poll results from the stored tallies: the named resolution with each delegate\'s choice, the secret election with counts only', () => {
    const [named, secret] = data.polls;
    expect(named).toMatchObject({ title: 'Thông qua Nghị quyết về ngân sách', secret: false, ballots: 4, didNotVote: 1, outcome: 'PASSED', requiredYes: 3, hash: s.tallies.named.hash });
    expect(named!.counts).toEqual([{ label: 'Đồng ý', count: 3 }, { label: 'Không đồng ý', count: 1 }, { label: 'Không biểu quyết', count: 0 }]);
    expect(named!.named).toEqual([
      { name: 'Đặng Thị Hạnh', choices: ['Đồng ý'] }, { name: 'Hoàng Văn Đức', choices: ['Đồng ý'] },
      { name: 'Nguyễn Thị Ánh Tuyết', choices: ['Không đồng ý'] }, { name: 'Phạm Quốc Bảo', choices: ['Đồng ý'] },
    ]);
    expect(secret).toMatchObject({ title: 'Bầu Phó Chủ tịch HĐND tỉnh', secret: true, ballots: 4, hash: s.tallies.secret.hash });
    expect(secret!.named).toBeUndefined();
    expect(secret!.counts).toEqual([{ label: 'Trịnh Minh Quân', count: 3, outcome: 'PASSED' }, { label: 'Đỗ Thị Lan', count: 1, outcome: 'FAILED' }]);
    expect(view.text).toContain('- Nguyễn Thị Ánh Tuyết: Không đồng ý');
  });

  it('lists the documents presented under the items held, every version with its SHA-256', async () => {
    const stored = await server.deps.models.Document.find({ _id: { $in: Object.values(s.docs) } }).lean();
    expect(data.documents.map((d) => [d.title, d.version, d.sha256]).sort()).toEqual(stored.map((d) => [d.title, d.version, d.sha256]).sort());
    for (const d of stored) expect(view.text).toContain(`SHA-256: ${d.sha256}`);
  });

  it('numbers its sections I, II, III… without gaps: time and place, attendance, chair and secretary, content per agenda item, votes, questions, documents, closing', () => {
    expect(sections(view.text, /^## (.+)$/gm)).toEqual([
      'Thời gian, địa điểm', 'Thành phần tham dự', 'Chủ tọa, thư ký', 'Nội dung phiên họp', 'Kết quả biểu quyết', 'Chất vấn, trả lời và cam kết', 'Tài liệu đã trình bày', 'Kết thúc phiên họp',
    ]);
    // The chair who opened the sitting presides; the secretary who generated the draft keeps the minutes.
    expect(data.officials).toEqual({ chair: 'Trần Thị Minh Hoa', secretary: 'Lê Văn Thư' });
    expect(view.text).toContain('- Chủ tọa: Trần Thị Minh Hoa\n- Thư ký: Lê Văn Thư');
    // Each agenda item lists its turns at the floor under it; each vote states its threshold and result.
    expect(view.text).toMatch(/### 1\. Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm\nThời gian: từ \d\d:\d\d đến \d\d:\d\d .*\n- Phạm Quốc Bảo phát biểu — /);
    expect(view.text).toMatch(/### 2\. Chất vấn và trả lời chất vấn\n.*\n- Đặng Thị Hạnh chất vấn Giám đốc Sở Tài chính — /);
    expect(view.text).toContain('N = 5; ngưỡng: Quá nửa tổng số đại biểu (trên 1/2 N) (cần ít nhất 3 phiếu).');
    expect(view.text).toMatch(/Kết quả: ĐẠT \(thông qua\)\./);
    expect(view.text).toMatch(/Phiên họp bế mạc lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}\./);
  });

  it('the draft PDF is an official document with no number yet: issuing body, Quốc hiệu, Tiêu ngữ, place and date, title, numbered sections, both signature blocks, marked DỰ THẢO', async () => {
    const pdf = await sendRaw(s.as.secretariat, 'GET', minutes('.pdf'), undefined);
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.bytes);
    expect(text).toContain('DỰ THẢO — bản số 1, chưa ký');
    expect(row(text, 'HỘI ĐỒNG NHÂN DÂN')).toMatch(/HỘI ĐỒNG NHÂN DÂN\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    expect(row(text, 'TỈNH NINH BÌNH')).toMatch(/TỈNH NINH BÌNH\s+Độc lập - Tự do - Hạnh phúc/);
    expect(row(text, '/BB-HĐND')).toMatch(/Số:\s+\/BB-HĐND\s+Ninh Bình, ngày \d\d tháng (0[12]|[3-9]|1[0-2]) năm \d{4}/);
    expect(text).toMatch(/^\s+BIÊN BẢN\s*$/m);
    expect(text).toMatch(/^\s+Phiên khai mạc\s*$/m);
    expect(sections(text, /^\s*([IVX]+\. [^\n]+?)\s*$/gm)).toEqual(sections(view.text, /^## (.+)$/gm));
    expect(text).not.toMatch(/^\s*#/m);
    expect(row(text, 'THƯ KÝ')).toMatch(/THƯ KÝ\s+CHỦ TỌA/);
    expect(row(text, '(Ký, ghi rõ họ tên)')).toMatch(/\(Ký, ghi rõ họ tên\)\s+\(Ký, ghi rõ họ tên\)/);
    expect(row(text, 'Lê Văn Thư   ')).toMatch(/Lê Văn Thư\s+Trần Thị Minh Hoa/);
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('Bản dự thảo, chưa ký số: chưa có giá trị pháp lý.');
  });

  it('records the audit chain head it was generated from, and that the chain was intact', async () => {
    expect(data.audit).toMatchObject({ chain: `sitting:${s.sittingId}`, intact: true, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(view.text).toContain(data.audit.head!);
  });
});

describe('editing, signing and verifying the minutes', () => {
  it('keeps the generated text and every edit as revisions; an edit on a stale revision is refused', async () => {
    const current = (await s.as.secretariat.get(minutes())).json.data as MinutesView;
    const edited = `${current.text}\n\nThư ký phiên họp: Lê Văn Thư.`;
    const res = await s.as.secretariat.patch(minutes(), { baseRevision: current.revision, text: edited, note: 'Bổ sung tên thư ký' });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ status: 'draft', revision: current.revision + 1, text: edited, generatedText: current.text });
    const stale = await s.as.secretariat.patch(minutes(), { baseRevision: current.revision, text: 'Bản khác' });
    expect(stale).toMatchObject({ status: 409, json: { error: 'conflict' } });
    expect(stale.json.message).toMatch(/vừa được người khác sửa.*\/ Someone edited/);
    const revisions = (await s.as.chair.get(minutes('/revisions'))).json.data as MinutesRevisionView[];
    expect(revisions.map((r) => [r.kind, r.byName, r.note])).toEqual([['generated', 'Lê Văn Thư', ''], ['edited', 'Lê Văn Thư', 'Bổ sung tên thư ký']]);
    expect(revisions[0]!.text).toBe(current.text);
    for (const who of [s.as.chair, s.as.delegate]) expect((await who.patch(minutes(), { baseRevision: 2, text: 'x' })).status).toBe(403);
  });

  it('shows delegates nothing before signing; after it they read the signed minutes', async () => {
    expect(await s.as.delegate.get(minutes())).toMatchObject({ status: 404, json: { error: 'not_found' } });
    expect((await sendRaw(s.as.delegate, 'GET', minutes('.pdf'), undefined)).status).toBe(404);
    expect((await s.as.observer.get(minutes())).status).toBe(403);
  });

  it('signs the revision the signer reviewed with the council key (file 0600 outside the database), audits it, and freezes the minutes', async () => {
    const before = (await s.as.chair.get(minutes())).json.data as MinutesView;
    expect(before.canSign).toBe(true);
    expect((await s.as.chair.post(minutes('/sign'), { revision: before.revision - 1 })).status).toBe(409);
    const res = await s.as.chair.post(minutes('/sign'), { revision: before.revision });
    expect(res.status).toBe(200);
    const signed = res.json.data as MinutesView;
    expect(signed).toMatchObject({ status: 'signed', revision: before.revision, canEdit: false, canSign: false, signature: { signerName: 'Trần Thị Minh Hoa', signerRole: 'chair', revision: before.revision } });
    const keyFile = `${s.councilId}.ed25519.pem`;
    expect(readdirSync(keyDir)).toContain(keyFile);
    expect(statSync(join(keyDir, keyFile)).mode & 0o777).toBe(0o600);
    const registered = await server.deps.models.SigningKey.findById(s.councilId).lean();
    expect(registered).toMatchObject({ councilName: 'HĐND tỉnh Ninh Bình', fingerprint: signed.signature!.fingerprint });
    expect(JSON.stringify(registered)).not.toContain('PRIVATE');
    const audit = await server.deps.models.AuditEntry.findOne({ chain: `sitting:${s.sittingId}`, action: 'minutes:signed' }).lean();
    expect(audit?.data).toMatchObject({ revision: before.revision, fingerprint: signed.signature!.fingerprint });
    // A resend of the same signing answers the same signature; anything that would change the minutes is refused.
    expect((await s.as.secretariat.post(minutes('/sign'), { revision: before.revision })).json.data.signature).toEqual(signed.signature);
    expect((await s.as.secretariat.patch(minutes(), { baseRevision: before.revision, text: 'Sửa sau khi ký' })).status).toBe(409);
    expect((await s.as.secretariat.post(minutes('/generate'))).status).toBe(409);
  });

  it('serves the signed PDF and its signature file; they verify offline, and one flipped byte fails naming the PDF', async () => {
    const pdf = await sendRaw(s.as.delegate, 'GET', minutes('.pdf'), undefined);
    expect(pdf.status).toBe(200);
    const sig = await sendRaw(s.as.delegate, 'GET', minutes('.sig.json'), undefined);
    const record = JSON.parse(sig.bytes.toString('utf8')) as SignatureRecord;
    expect(record.payload).toMatchObject({ purpose: 'minutes', council: { name: 'HĐND tỉnh Ninh Bình' }, signer: { name: 'Trần Thị Minh Hoa' }, subject: { sittingId: s.sittingId } });
    const ok = verifySignedFile(pdf.bytes, 'bien-ban.pdf', sig.bytes, 'bien-ban.pdf.sig.json');
    expect(ok).toMatchObject({ ok: true, signer: { name: 'Trần Thị Minh Hoa', role: 'chair' } });
    const flipped = Buffer.from(pdf.bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
    expect(verifySignedFile(flipped, 'bien-ban.pdf', sig.bytes, 'bien-ban.pdf.sig.json').files).toEqual([
      { file: 'bien-ban.pdf.sig.json', ok: true, problem: null },
      { file: 'bien-ban.pdf', ok: false, problem: expect.stringMatching(/SHA-256/) },
    ]);
    const text = await pdfText(pdf.bytes);
    // The first minutes the council signs this year take number 01 of its series; the chair signed, so the chair's block carries the mark.
    expect(row(text, '/BB-HĐND')).toMatch(/Số: 01\/BB-HĐND\s+Ninh Bình, ngày \d\d tháng \d\d? năm \d{4}/);
    expect(row(text, 'THƯ KÝ')).toMatch(/THƯ KÝ\s+CHỦ TỌA/);
    expect(row(text, '(Ký, ghi rõ họ tên)')).toMatch(/\(Ký, ghi rõ họ tên\)\s+\(Đã ký số\)/);
    expect(row(text, 'Lê Văn Thư   ')).toMatch(/Lê Văn Thư\s+Trần Thị Minh Hoa/);
    expect(text).not.toContain('DỰ THẢO');
    // A reader is told what the signature is and where to check it in the product, in Vietnamese and English; no command line.
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Xác thực văn bản');
    expect(flat).toContain(`mở trang Biên bản của phiên họp (/bien-ban/${s.sittingId}), mục "Kiểm tra biên bản hoặc gói lưu trữ", chọn tệp PDF này`);
    expect(flat).toContain(`How to verify: this file was digitally signed for HĐND tỉnh Ninh Bình by Trần Thị Minh Hoa`);
    expect(flat).toContain(record.payload.key.fingerprint);
    expect(flat).not.toContain('npm run');
    const forged = Buffer.from(sig.bytes.toString('utf8').replace('Trần Thị Minh Hoa', 'Người Khác'));
    expect(verifySignedFile(pdf.bytes, 'bien-ban.pdf', forged, 'bien-ban.pdf.sig.json').files[0]).toMatchObject({ ok: false, problem: expect.stringMatching(/altered/) });
  });

  it('POST /api/records/verify confirms the signed PDF and who signed it with the council\'s registered key, and names an altered file', async () => {
    const pdf = (await sendRaw(s.as.secretariat, 'GET', minutes('.pdf'), undefined)).bytes;
    const good = await sendRaw(s.as.observer, 'POST', '/api/records/verify?name=bien-ban.pdf', pdf, { 'content-type': 'application/pdf' });
    expect(good.status).toBe(200);
    expect(good.json.data as VerifyResult).toMatchObject({ ok: true, kind: 'minutes', signer: { name: 'Trần Thị Minh Hoa' }, registeredTo: { councilId: s.councilId, name: 'HĐND tỉnh Ninh Bình' } });
    const bad = Buffer.from(pdf);
    bad[100]! ^= 0x20;
    const res = await sendRaw(s.as.observer, 'POST', '/api/records/verify?name=bien-ban-da-sua.pdf', bad, { 'content-type': 'application/pdf' });
    expect(res.json.data).toMatchObject({ ok: false, files: [{ file: 'bien-ban-da-sua.pdf', ok: false }] });
    expect((await sendRaw(s.as.observer, 'POST', '/api/records/verify', 'xin chào', { 'content-type': 'text/plain' })).status).toBe(400);
    expect((await sendRaw(s.as.observer, 'POST', '/api/records/verify', Buffer.alloc(0), { 'content-type': 'application/pdf' })).status).toBe(400);
  });

  it('gives the next minutes the council signs the next number of its yearly series (02/BB-HĐND)', async () => {
    const other = await server.deps.models.Sitting.create({ sessionId: s.session._id, councilId: s.cast.council._id, title: 'Phiên bế mạc', status: 'closed' });
    const path = `/api/sittings/${String(other._id)}/minutes`;
    const gen = await s.as.secretariat.post(`${path}/generate`);
    expect((await s.as.secretariat.post(`${path}/sign`, { revision: gen.json.data.revision })).status).toBe(200);
    const text = await pdfText((await sendRaw(s.as.secretariat, 'GET', `${path}.pdf`, undefined)).bytes);
    expect(text).toContain('Số: 02/BB-HĐND');
    // The secretariat signed this one: the secretary's block carries the mark.
    expect(row(text, 'THƯ KÝ')).toMatch(/THƯ KÝ\s+CHỦ TỌA/);
    expect(row(text, '(Đã ký số)')).toMatch(/\(Đã ký số\)\s+\(Ký, ghi rõ họ tên\)/);
    const numbers = await server.deps.models.MinutesNumber.find({ councilId: s.councilId }).sort({ number: 1 }).lean();
    expect(numbers.map((n) => [n.sittingId, n.number])).toEqual([[s.sittingId, 1], [String(other._id), 2]]);
  });

  it('refuses to sign minutes of a sitting that has not closed', async () => {
    const open = await server.deps.models.Sitting.create({ sessionId: s.session._id, councilId: s.cast.council._id, title: 'Phiên chiều', status: 'open' });
    const path = `/api/sittings/${String(open._id)}/minutes`;
    const gen = await s.as.secretariat.post(`${path}/generate`);
    expect(gen.json.data).toMatchObject({ status: 'draft', revision: 1, canSign: false });
    const res = await s.as.secretariat.post(`${path}/sign`, { revision: 1 });
    expect(res).toMatchObject({ status: 409, json: { error: 'conflict' } });
    expect(res.json.message).toMatch(/bế mạc/);
  });
});
