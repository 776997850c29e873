import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { inkIn, renderPdfPage } from '../../../../test/helpers/pdfPage.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { commander, playScriptedSitting, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';

let server: TestServer;
let s: ScriptedSitting;
const sockets: ClientSocket[] = [];
const dir = mkdtempSync(join(tmpdir(), 'hdnd-exports-'));
const SCREENSHOTS = new URL('../../../../test-results/screenshots/', import.meta.url);
beforeAll(async () => {
  server = await startTestServer({ env: { SIGNING_KEY_DIR: join(dir, 'keys') } });
  s = await playScriptedSitting(server, sockets);
  await s.as.secretariat.post(`/api/sittings/${s.sittingId}/minutes/generate`);
}, 60_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The PDF's text as poppler's pdftotext extracts it (what copy and search see), lines joined by spaces. */
function pdfText(bytes: Buffer): string {
  const path = join(dir, `${randomUUID()}.pdf`);
  writeFileSync(path, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-']).toString('utf8').replace(/\s+/g, ' ');
}

/** Page 1 rendered by poppler to test-results/screenshots/<name>.png. */
function screenshot(bytes: Buffer, name: string): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, bytes);
  execFileSync('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', path, join(dir, name)]);
  renameSync(join(dir, `${name}.png`), new URL(`${name}.png`, SCREENSHOTS));
}

const get = (who: typeof s.as.secretariat, path: string) => sendRaw(who, 'GET', path, undefined);

describe('the minutes as a PDF', () => {
  it('the draft is marked DỰ THẢO and its Vietnamese names and headings extract intact with the font embedded', async () => {
    const res = await get(s.as.secretariat, `/api/sittings/${s.sittingId}/minutes.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(res.bytes);
    for (const words of ['HỘI ĐỒNG NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BIÊN BẢN', 'DỰ THẢO', 'Kỳ họp thứ Mười hai, HĐND tỉnh khóa XV', 'Phạm Quốc Bảo', 'Đặng Thị Hạnh',
      'Nguyễn Thị Ánh Tuyết', 'Hoàng Văn Đức', 'Lương Ngọc Khánh', 'Điểm cầu xã Gia Viễn', 'Giám đốc Sở Tài chính', 'Trịnh Minh Quân', 'Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm']) {
      expect(text).toContain(words);
    }
    writeFileSync(join(dir, 'draft.pdf'), res.bytes);
    const fonts = execFileSync('pdffonts', [join(dir, 'draft.pdf')]).toString();
    // Liberation Serif (Times New Roman's metrics, the face of Decree 30/2020/NĐ-CP), regular, bold and italic, embedded.
    expect(fonts).toMatch(/LiberationSerif-\d+\s+CID TrueType\s+Identity-H\s+yes/);
    expect(fonts).toMatch(/LiberationSerif-Bold-\d+\s+CID TrueType\s+Identity-H\s+yes/);
    expect(fonts).toMatch(/LiberationSerif-Italic-\d+\s+CID TrueType\s+Identity-H\s+yes/);
  });

  it('the signed PDF closes with the signature blocks and, for a reader, who signed for the council and the key\'s fingerprint; page 1 is saved as a screenshot', async () => {
    const gen = (await s.as.secretariat.get(`/api/sittings/${s.sittingId}/minutes`)).json.data;
    const signed = await s.as.secretariat.post(`/api/sittings/${s.sittingId}/minutes/sign`, { revision: gen.revision });
    const res = await get(s.as.delegate, `/api/sittings/${s.sittingId}/minutes.pdf`);
    const text = pdfText(res.bytes);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('THƯ KÝ CHỦ TỌA (Đã ký số)');
    expect(flat).toContain('Xác thực văn bản');
    expect(flat).toContain('Văn bản này được Văn phòng HĐND (Lê Văn Thư) ký số thay mặt HĐND tỉnh Ninh Bình');
    expect(text).toContain(signed.json.data.signature.fingerprint);
    expect(text).not.toContain('DỰ THẢO');
    screenshot(res.bytes, 'minutes-page1');
  });
});

describe('the tally record (biên bản kiểm phiếu) of a closed round', () => {
  const record = (who: typeof s.as.secretariat, pollId = s.polls.secret, q = '') => get(who, `/api/polls/${pollId}/tally-record.pdf${q}`);

  it('states kind, secrecy, N, threshold, ballots issued/returned/valid/invalid/not cast, counts with PASSED/FAILED per candidate, the committee and the hash', async () => {
    const res = await record(s.as.chair);
    expect(res.status).toBe(200);
    const text = pdfText(res.bytes);
    for (const words of ['HĐND TỈNH NINH BÌNH', 'BIÊN BẢN KIỂM PHIẾU', 'Bầu Phó Chủ tịch HĐND tỉnh', 'Bầu cử, bỏ phiếu kín; vòng 1', 'Tổng số đại biểu được bầu (N): 5',
      'Quá nửa tổng số đại biểu (trên 1/2 N) — cần ít nhất 3 phiếu', 'Số phiếu phát ra: 4', 'Số phiếu thu về: 4', 'Số phiếu hợp lệ: 4', 'Số phiếu không hợp lệ: 0',
      'Số đại biểu không bỏ phiếu: 1', 'Trịnh Minh Quân: 3 phiếu (3/5 N) — ĐẠT (thông qua)', 'Đỗ Thị Lan: 1 phiếu (1/5 N) — KHÔNG ĐẠT', 'BAN KIỂM PHIẾU',
      '1. Lê Văn Thư (Trưởng ban)', '2. Phạm Quốc Bảo', '3. Đặng Thị Hạnh', s.tallies.secret.hash]) {
      expect(text).toContain(words);
    }
    screenshot(res.bytes, 'tally-record-page1');
  });

  it('carries the council\'s seal, visible in red at the foot of its last page (screenshot)', async () => {
    const res = await record(s.as.secretariat);
    const doc = await PDFDocument.load(res.bytes);
    const [seal, ...others] = doc.getForm().getFields().map((f) => f.acroField.getWidgets()[0]!);
    expect(others).toHaveLength(0);
    const last = doc.getPageCount();
    expect(seal!.P()?.objectNumber).toBe(doc.getPage(last - 1).ref.objectNumber);
    const rect = seal!.getRectangle();
    expect(rect.width).toBeCloseTo(96.4, 0);
    expect(inkIn(renderPdfPage(res.bytes, last, 'tally-record-seal'), rect, 'red')).toBeGreaterThan(400);
    // Sealed once, by the system on the first download, audited on the sitting's chain with the file's hash.
    const sealed = await server.deps.models.AuditEntry.find({ chain: `sitting:${s.sittingId}`, action: 'tally:sealed' }).lean();
    expect(sealed.map((a) => a.data)).toContainEqual(expect.objectContaining({ round: 1, sha256: createHash('sha256').update(res.bytes).digest('hex') }));
  });

  it('a resolution states its overall PASSED or FAILED', async () => {
    const text = pdfText((await record(s.as.secretariat, s.polls.named)).bytes);
    expect(text).toContain('Biểu quyết thông qua nghị quyết, biểu quyết công khai (ghi danh)');
    expect(text).toContain('KẾT QUẢ: ĐẠT (thông qua) (PASSED)');
  });

  it('is for the chair and the secretariat once closed, for the council\'s delegates once published, for nobody else', async () => {
    expect((await record(s.as.delegate)).status).toBe(403);
    for (const who of [s.as.observer, s.as.admin, s.as.meeting_point_operator, s.as.none]) expect((await record(who)).status).toBe(403);
    const chair = await commander(server, s.cast.users.chair.id, sockets);
    await chair('poll:publish', { pollId: s.polls.secret, commandId: randomUUID() });
    expect((await record(s.as.delegate)).status).toBe(200);
    expect((await record(s.as.delegate, s.polls.secret, '?round=2')).status).toBe(404);
    expect((await record(s.as.chair, '0'.repeat(24))).status).toBe(404);
  });

  it('a round not closed yet has no record (409); a tally stored before issued/invalid existed says "không ghi nhận"', async () => {
    const poll = await server.deps.models.Poll.create({
      sittingId: s.sittingId, councilId: s.cast.council._id, title: 'Lấy phiếu tín nhiệm', kind: 'confidence', secret: true,
      options: [{ key: 'p1', label: 'Ông Trần Văn Tín' }], threshold: { kind: 'more_than_half' }, status: 'open', createCommandId: randomUUID(),
    });
    expect((await record(s.as.chair, String(poll._id))).status).toBe(409);
    await server.deps.models.PollClosure.create({
      _id: `${String(poll._id)}:1`, pollId: String(poll._id), round: 1, closedAt: new Date(),
      tally: { pollId: String(poll._id), round: 1, kind: 'confidence', secret: true, electedTotal: 5, threshold: { kind: 'more_than_half' }, ballots: 4, didNotVote: 1, counts: [], outcome: null,
        confidence: [{ key: 'p1', label: 'Ông Trần Văn Tín', high: 1, medium: 0, low: 3, lowShareOfN: '3/5', consequence: 'resignation_or_confidence_vote' }], hash: 'a'.repeat(64) },
    });
    const text = pdfText((await record(s.as.chair, String(poll._id))).bytes);
    expect(text).toContain('Số phiếu phát ra: không ghi nhận');
    expect(text).toContain('Ông Trần Văn Tín');
    expect(text).toContain('Tín nhiệm thấp: 3 (3/5 N)');
    expect(text).toContain('có thể xin từ chức hoặc đưa ra bỏ phiếu tín nhiệm');
  });
});

describe('CSV exports for spreadsheets', () => {
  it('attendance: UTF-8 with a BOM, CRLF, one row per delegate with status, meeting point and reason', async () => {
    const res = await get(s.as.secretariat, `/api/sittings/${s.sittingId}/attendance.csv`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('STT,Họ và tên,Tình trạng,Điểm cầu,Lý do,Thời điểm điểm danh');
    expect(lines.find((l) => l.includes('Nguyễn Thị Ánh Tuyết'))).toMatch(/,Nguyễn Thị Ánh Tuyết,Tham dự trực tuyến,Điểm cầu xã Gia Viễn,,\d\d:\d\d ngày \d\d\/\d\d\/\d{4}$/);
    expect(lines.find((l) => l.includes('Lương Ngọc Khánh'))).toMatch(/,Lương Ngọc Khánh,Vắng có lý do,,Đi công tác tại Hà Nội,/);
    expect(lines.filter((l) => l !== '')).toHaveLength(6);
  });

  it('poll results: a row per option of every closed round with N, threshold, ballots and outcome', async () => {
    const text = (await get(s.as.chair, `/api/sittings/${s.sittingId}/polls.csv`)).bytes.toString('utf8');
    expect(text.startsWith('\uFEFFNội dung biểu quyết,Vòng,')).toBe(true);
    expect(text).toContain('Thông qua Nghị quyết về ngân sách,1,Biểu quyết thông qua nghị quyết,Công khai,5,Quá nửa tổng số đại biểu (trên 1/2 N),3,4,4,0,1,Đồng ý,3,3/5,,ĐẠT (thông qua),');
    expect(text).toContain('Bầu Phó Chủ tịch HĐND tỉnh,1,Bầu cử,Bỏ phiếu kín,5,Quá nửa tổng số đại biểu (trên 1/2 N),3,4,4,0,1,Trịnh Minh Quân,3,3/5,ĐẠT (thông qua),,');
  });

  it('are for the secretariat and the chair only', async () => {
    for (const who of [s.as.delegate, s.as.observer]) expect((await get(who, `/api/sittings/${s.sittingId}/attendance.csv`)).status).toBe(403);
  });
});
