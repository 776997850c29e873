import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollView, Receipt, TallyView } from '../../contract/poll.js';
import { ok, type Emit } from '../helpers/acks.js';
import type { TestServer } from '../helpers/testServer.js';
import { clientBuildPerFile, ENGINES, overflowsHorizontally, smallTouchTargets, type Opened, shotFromTop, textOf } from './browser.js';
import { startSittingRig, type SittingRig } from './sittingRig.js';
import { ballotOf, castVote, chairCommand, confirmBallot, controlOf, createAndOpen } from './votingScreens.js';

const client = clientBuildPerFile();

/**
 * The voting screens in real Chromium and real Firefox against a real server: the
 * secretariat prepares a poll, the chair opens and closes it, a delegate votes on the tablet
 * (the rest through their own sockets), the hall screen shows the count and then the result.
 */
describe.each(ENGINES)('voting screens in %s', (engine) => {
  let rig: SittingRig;
  let server: TestServer;
  let f: SittingRig['f'];
  let secretariat: Opened;
  let chair: Opened;
  let tablet: Opened;
  let hall: Opened;
  /** Sockets of the delegates checked in by the fixture, by index. */
  let voters: Emit[] = [];
  let chairSocket: Emit;
  let secretarySocket: Emit;
  let pollId = '';
  let myReceipt = '';

  beforeAll(async () => {
    rig = await startSittingRig({ engine, client });
    ({ server, f } = rig);
  }, 120_000);
  afterAll(async () => rig?.stop());

  const openAs: SittingRig['openAs'] = (...a) => rig.openAs(...a);
  const joined = (userId: string) => rig.joined(userId);
  const vote = castVote;
  const text = textOf;
  const shot = shotFromTop;
  /** A poll made and opened through sockets, for the kinds the first tests do not cover. */
  const openedPoll = (body: Record<string, unknown>) => createAndOpen(secretarySocket, chairSocket, f.sittingId, body);

  const TITLE = 'Nghị quyết về kế hoạch đầu tư công trung hạn giai đoạn 2026–2030';

  it('the secretariat prepares a secret resolution as a draft, naming the counting committee and the agenda item', async () => {
    secretariat = await openAs(f.secretary.id, `/chuan-bi/${f.sessionId}`, { viewport: { width: 1440, height: 900 } });
    const form = secretariat.page.getByTestId('poll-form');
    await form.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await form.getByText('Vui lòng nhập tên cuộc biểu quyết.').waitFor();

    await form.getByLabel('Loại biểu quyết').selectOption('resolution');
    await form.getByRole('radio', { name: 'Bỏ phiếu kín' }).click();
    await form.getByLabel('Tên cuộc biểu quyết').fill(TITLE);
    await form.getByLabel('Ngưỡng thông qua (tính trên tổng số đại biểu)').selectOption('more_than_half');
    await form.getByLabel('Ban kiểm phiếu (mỗi dòng một người)').fill('Nguyễn Văn An\nLê Thị Hạnh\nTrần Quốc Việt');
    await form.getByLabel('Thuộc nội dung chương trình').selectOption({ label: '4. Biểu quyết thông qua các nghị quyết' });
    await shot(secretariat.page, 'voting-secretariat-form.png');
    expect(await smallTouchTargets(secretariat.page)).toEqual([]);
    await form.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await form.getByText(`Đã tạo bản nháp “${TITLE}”`).waitFor();

    const desk = secretariat.page.getByTestId('poll-desk');
    await controlOf(secretariat.page, TITLE).getByText('Nháp', { exact: true }).waitFor();
    expect(await desk.getByRole('button', { name: 'Mở biểu quyết' }).count()).toBe(0); // only the chair opens
    const stored = await server.deps.models.Poll.findOne({ sittingId: f.sittingId }).lean();
    expect(stored).toMatchObject({ title: TITLE, kind: 'resolution', secret: true, status: 'draft', countingCommittee: ['Nguyễn Văn An', 'Lê Thị Hạnh', 'Trần Quốc Việt'] });
    expect(String(stored!.agendaItemId)).toBe(String(f.items.votes._id));
    pollId = String(stored!._id);
  });

  it('opening without a quorum is refused, saying how many delegates are missing', async () => {
    chair = await openAs(f.chair.id, `/dieu-hanh/${f.sittingId}`, { viewport: { width: 1440, height: 900 } });
    const control = controlOf(chair.page, TITLE);
    await control.getByRole('button', { name: 'Mở biểu quyết' }).click();
    await chair.page.getByRole('dialog', { name: `Mở biểu quyết “${TITLE}”?` }).getByRole('button', { name: 'Mở biểu quyết' }).click();
    const alert = chair.page.getByTestId('poll-controls').getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('còn thiếu 2');
    expect(await control.getAttribute('data-status')).toBe('draft');
    await chair.page.getByTestId('poll-controls').getByRole('button', { name: 'Đóng' }).click();
  });

  it('with a quorum the chair opens it with a timer; the tablet says plainly that the ballot is secret; chair and hall see only the count', async () => {
    tablet = await openAs(f.delegate.id, `/phien-hop/${f.sittingId}`, { hasTouch: true });
    await tablet.page.getByRole('button', { name: 'Tôi có mặt' }).click();
    await tablet.page.getByTestId('checkin').getByText(/Có mặt tại hội trường/).waitFor();
    const late = await joined(f.absent[0]!.id);
    ok(await late('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), status: 'online' }));
    await expect.poll(() => chair.page.getByTestId('quorum').first().innerText()).toContain('Đủ số đại biểu: có mặt 34/50');
    hall = await openAs(f.secretary.id, `/man-hinh/${f.sittingId}`, { viewport: { width: 1920, height: 1080 } });

    const control = controlOf(chair.page, TITLE);
    await control.getByLabel('Hẹn giờ').selectOption({ label: '10 phút' });
    await control.getByRole('button', { name: 'Mở biểu quyết' }).click();
    await chair.page.getByRole('dialog', { name: `Mở biểu quyết “${TITLE}”?` }).getByRole('button', { name: 'Mở biểu quyết' }).click();
    await control.getByTestId('poll-count').getByText('Đã bỏ phiếu: 0/50').waitFor();
    await control.getByTestId('poll-countdown').getByText(/0?9:\d\d|10:00/).waitFor();

    const ballot = ballotOf(tablet.page, TITLE);
    await ballot.getByText('Biểu quyết kín: không ai biết bạn chọn gì').waitFor();
    await ballot.getByTestId('poll-countdown').waitFor();
    for (const name of ['Đồng ý', 'Không đồng ý', 'Không biểu quyết']) {
      const box = await ballot.getByRole('button', { name, exact: true }).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(60);
    }
    const hallPoll = hall.page.getByTestId('hall-poll');
    await hallPoll.getByText('Đã bỏ phiếu: 0/50').waitFor();
    await shot(tablet.page, 'voting-tablet-ballot.png');
    expect(await smallTouchTargets(tablet.page)).toEqual([]);
    expect(await overflowsHorizontally(tablet.page)).toBe(false);
  }, 60_000);

  it('the delegate votes on the tablet after confirming and is locked on the choice with a receipt; others vote from their own devices', async () => {
    const ballot = ballotOf(tablet.page, TITLE);
    // A second thought: cancelling the confirmation casts nothing.
    await ballot.getByRole('button', { name: 'Không đồng ý', exact: true }).click();
    const dialog = tablet.page.getByRole('dialog', { name: 'Xác nhận phiếu biểu quyết' });
    await dialog.getByText('Bạn chọn: Không đồng ý.').waitFor();
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    expect(await server.deps.models.PollVoted.countDocuments({ pollId })).toBe(0);

    await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).click();
    await dialog.getByText('Bạn chọn: Đồng ý.').waitFor();
    await shot(tablet.page, 'voting-tablet-confirm.png');
    await dialog.getByRole('button', { name: 'Gửi phiếu' }).click();
    await ballot.getByTestId('voted').getByText('Bạn đã biểu quyết: Đồng ý').waitFor();
    myReceipt = (await ballot.getByTestId('receipt').getAttribute('data-receipt'))!;
    expect(myReceipt).toMatch(/^[0-9a-f]{64}$/);
    expect(await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).count()).toBe(0);

    // 25 more yes, 4 no, 2 abstain from the delegates' own sockets: 26 yes of N = 50 passes (> 25).
    voters = await Promise.all(f.checkedIn.slice(0, 31).map((d) => joined(d.id)));
    await Promise.all(voters.map((v, i) => vote(v, pollId, 1, [i < 25 ? 'yes' : i < 29 ? 'no' : 'abstain'])));
    await controlOf(chair.page, TITLE).getByTestId('poll-count').getByText('Đã bỏ phiếu: 32/50').waitFor();
    await hall.page.getByTestId('hall-poll').getByText('Đã bỏ phiếu: 32/50').waitFor();
    // While voting: no per-option figure anywhere but on the voter's own tablet.
    for (const p of [chair.page, hall.page]) expect(await p.getByTestId('poll-results').count()).toBe(0);
    expect(await text(hall.page.getByTestId('hall-poll'))).not.toMatch(/Đồng ý|Không đồng ý/);

    await shot(tablet.page, 'voting-tablet-voted.png');
    await shot(chair.page, 'voting-chair-open.png');
    await shot(hall.page, 'voting-hall-count.png');
    expect(await smallTouchTargets(chair.page)).toEqual([]);
    expect(await overflowsHorizontally(chair.page)).toBe(false);
    expect(await overflowsHorizontally(hall.page)).toBe(false);
  }, 60_000);

  it('after a reload the tablet still shows the choice; another device of the same delegate knows only that they voted', async () => {
    await tablet.page.reload();
    await ballotOf(tablet.page, TITLE).getByText('Bạn đã biểu quyết: Đồng ý').waitFor();

    const other = await openAs(f.delegate.id, `/phien-hop/${f.sittingId}`, { hasTouch: true });
    const ballot = ballotOf(other.page, TITLE);
    await ballot.getByTestId('voted').getByText('Bạn đã biểu quyết', { exact: true }).waitFor();
    expect(await text(ballot)).not.toContain('Đồng ý');
    expect(await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).count()).toBe(0);
    expect(other.problems).toEqual([]);
    await other.context.close();
  });

  it('the chair closes after confirming; the hall shows every option, did-not-vote, N, the threshold and ĐẠT', async () => {
    const control = controlOf(chair.page, TITLE);
    await control.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
    const dialog = chair.page.getByRole('dialog', { name: `Kết thúc biểu quyết “${TITLE}”?` });
    await dialog.getByText('Đã bỏ phiếu: 32/50.', { exact: false }).waitFor();
    await shot(chair.page, 'voting-chair-close-dialog.png');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    expect(await control.getAttribute('data-status')).toBe('open');
    await control.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
    await dialog.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();

    const results = hall.page.getByTestId('hall-poll').getByTestId('poll-results');
    await results.waitFor();
    expect(await results.getAttribute('data-outcome')).toBe('PASSED');
    const shown = await text(results);
    expect(shown).toContain('ĐẠT');
    expect(shown).not.toContain('KHÔNG ĐẠT');
    expect(shown).toContain('Tổng số đại biểu: 50 · Đã bỏ phiếu: 32 · Không bỏ phiếu: 18');
    expect(shown).toMatch(/Đồng ý 26 \(52%\)/);
    expect(shown).toMatch(/Không đồng ý 4 \(8%\)/);
    expect(shown).toMatch(/Không biểu quyết 2 \(4%\)/);
    expect(shown).toMatch(/Không bỏ phiếu 18 \(36%\)/);
    expect(shown).toContain('Trên 1/2 tổng số đại biểu (cần ít nhất 26/50)');
    await shot(hall.page, 'voting-hall-results.png');
    expect(await overflowsHorizontally(hall.page)).toBe(false);

    const ballot = ballotOf(tablet.page, TITLE);
    await ballot.getByTestId('poll-results').waitFor();
    expect(await text(ballot.getByTestId('voted'))).toContain('Bạn đã biểu quyết: Đồng ý');
    expect(await ballot.getByTestId('receipt').getAttribute('data-receipt')).toBe(myReceipt);
    await control.getByTestId('poll-results').waitFor();
    const record = control.getByRole('link', { name: 'Biên bản kiểm phiếu (PDF)' });
    expect(await record.getAttribute('href')).toBe(`/api/polls/${pollId}/tally-record.pdf`);
    await shot(chair.page, 'voting-chair-closed.png');
    await shot(tablet.page, 'voting-tablet-result.png');
  });

  it('after publication the delegate finds the receipt in the published list', async () => {
    await controlOf(chair.page, TITLE).getByRole('button', { name: 'Công bố kết quả' }).click();
    const confirm = chair.page.getByRole('dialog', { name: `Công bố kết quả “${TITLE}”?` });
    await confirm.getByText(/không thể mở lại/).waitFor();
    await confirm.getByRole('button', { name: 'Công bố kết quả' }).click();
    await controlOf(chair.page, TITLE).getByText('Đã công bố').waitFor();
    const check = ballotOf(tablet.page, TITLE).getByTestId('receipt-check');
    await check.getByRole('button', { name: 'Tìm phiếu của tôi trong danh sách công bố' }).click();
    await check.getByTestId('receipt-found').getByText(/Phiếu của bạn có trong danh sách công bố \(mã thứ \d+\/32\)/).waitFor();
    await check.getByLabel(/Tìm một mã trong 32 mã đã công bố/).fill(myReceipt.slice(0, 12));
    expect(await text(check.locator('li'))).toBe(myReceipt);
    await shot(tablet.page, 'voting-tablet-receipt-found.png');
    expect(await smallTouchTargets(tablet.page)).toEqual([]);
  });

  it('a named poll that fails shows KHÔNG ĐẠT and, once published, each delegate\'s choice by name', async () => {
    chairSocket = await joined(f.chair.id);
    secretarySocket = await joined(f.secretary.id);
    const title = 'Nghị quyết về điều chỉnh phí tham quan danh lam thắng cảnh';
    const poll = await openedPoll({ title, kind: 'resolution', secret: false });
    const ballot = ballotOf(tablet.page, title);
    await ballot.getByText('Biểu quyết công khai: lựa chọn của từng đại biểu được công bố sau khi kết thúc.').waitFor();
    await ballot.getByRole('button', { name: 'Không đồng ý', exact: true }).click();
    await confirmBallot(tablet.page);
    await ballot.getByText('Bạn đã biểu quyết: Không đồng ý').waitFor();
    await Promise.all(voters.slice(0, 10).map((v, i) => vote(v, poll.id, 1, [i < 6 ? 'yes' : 'no'])));
    await chairCommand(chairSocket, 'poll:close', poll.id);

    const results = hall.page.getByTestId('hall-poll').getByTestId('poll-results');
    await expect.poll(() => results.getAttribute('data-outcome')).toBe('FAILED');
    expect(await text(results)).toContain('KHÔNG ĐẠT');
    await shot(hall.page, 'voting-hall-failed.png');
    await controlOf(chair.page, title).getByTestId('poll-results').waitFor();
    expect(await chair.page.getByTestId('named-choices').count()).toBe(0); // not before publication

    await chairCommand(chairSocket, 'poll:publish', poll.id);
    const named = controlOf(chair.page, title).getByTestId('named-choices');
    await named.waitFor();
    await named.locator('summary').click();
    const mine = named.locator(`[data-voter="${f.delegate.id}"]`);
    expect(await text(mine)).toBe('Phạm Quốc Bảo Không đồng ý');
    expect(await text(named.locator(`[data-voter="${f.checkedIn[0]!.id}"]`))).toBe(`${f.checkedIn[0]!.displayName} Đồng ý`);
    expect(await named.locator('li').count()).toBe(11);
    await ballotOf(tablet.page, title).getByTestId('named-choices').waitFor();
  });

  it('an election lets the delegate choose up to k candidates; the hall shows who is elected', async () => {
    const title = 'Bầu Ủy viên Thường trực HĐND tỉnh';
    // Prepared in the secretariat's form: an election is secret unless changed, with k.
    const form = secretariat.page.getByTestId('poll-form');
    await form.getByLabel('Loại biểu quyết').selectOption('election');
    expect(await form.getByRole('radio', { name: 'Bỏ phiếu kín' }).getAttribute('aria-checked')).toBe('true');
    await form.getByLabel('Tên cuộc biểu quyết').fill(title);
    await form.getByLabel('Danh sách ứng cử viên (mỗi dòng một người)').fill('Đỗ Minh Tâm\nVũ Thị Lan\nHồ Quang Sơn\n');
    // Typed over a selection, as a person does: Playwright 1.64's fill over WebDriver BiDi adds
    // to a number field's value in Firefox instead of replacing it (measured: '1' + '4' = '14').
    const k = form.getByLabel('Số người được chọn tối đa (k)');
    const typeK = async (v: string) => { await k.press('Control+a'); await k.pressSequentially(v); };
    await typeK('4');
    await form.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await form.getByText('Số người được chọn phải từ 1 đến số ứng cử viên.').waitFor();
    await typeK('2');
    expect(await k.inputValue()).toBe('2');
    await form.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await form.getByText(`Đã tạo bản nháp “${title}”`).waitFor();
    const draft = (await server.deps.models.Poll.findOne({ sittingId: f.sittingId, title }).lean())!;
    expect(draft).toMatchObject({ kind: 'election', secret: true, maxChoices: 2 });
    expect(draft.options.map((o) => o.label)).toEqual(['Đỗ Minh Tâm', 'Vũ Thị Lan', 'Hồ Quang Sơn']);
    const poll = ok(await chairSocket<PollView>('poll:open', { pollId: String(draft._id), commandId: randomUUID() }));
    const ballot = ballotOf(tablet.page, title);
    await ballot.getByText('Chọn tối đa 2 người · đã chọn 0').waitFor();
    await ballot.getByRole('button', { name: 'Đỗ Minh Tâm' }).click();
    await ballot.getByRole('button', { name: 'Vũ Thị Lan' }).click();
    expect(await ballot.getByRole('button', { name: 'Hồ Quang Sơn' }).isDisabled()).toBe(true);
    await shot(tablet.page, 'voting-tablet-election.png');
    await ballot.getByRole('button', { name: 'Gửi phiếu' }).click();
    const dialog = tablet.page.getByRole('dialog', { name: 'Xác nhận phiếu biểu quyết' });
    await dialog.getByText('Bạn chọn: Đỗ Minh Tâm, Vũ Thị Lan.').waitFor();
    await dialog.getByRole('button', { name: 'Gửi phiếu' }).click();
    await ballot.getByText('Bạn đã biểu quyết: Đỗ Minh Tâm, Vũ Thị Lan').waitFor();

    await Promise.all(voters.map((v, i) => vote(v, poll.id, 1, i < 27 ? ['c1', 'c3'] : ['c2'])));
    await chairCommand(chairSocket, 'poll:close', poll.id);
    const results = hall.page.getByTestId('hall-poll').getByTestId('poll-results');
    await results.locator('[data-key="c1"]').waitFor();
    await hall.page.getByTestId('hall-poll').getByRole('heading', { name: title }).waitFor();
    const shown = await text(results);
    expect(shown).toMatch(/Đỗ Minh Tâm 28 \(56%\) TRÚNG CỬ/);
    expect(shown).toMatch(/Vũ Thị Lan 5 \(10%\) KHÔNG TRÚNG CỬ/);
    expect(shown).toMatch(/Hồ Quang Sơn 27 \(54%\) TRÚNG CỬ/);
    await shot(hall.page, 'voting-hall-election.png');
    expect(await overflowsHorizontally(hall.page)).toBe(false);
    // Three candidates and the quorum line fit the projector's 1080 lines.
    expect(await hall.page.evaluate('document.documentElement.scrollHeight')).toBeLessThanOrEqual(1080);
  }, 60_000);

  it('a confidence poll takes one level per person and shows each low-confidence share of N with its consequence', async () => {
    const title = 'Lấy phiếu tín nhiệm người giữ chức vụ do HĐND tỉnh bầu';
    const persons = [{ key: 'p1', label: 'Ông Ngô Đức Phong, Chủ tịch UBND tỉnh' }, { key: 'p2', label: 'Bà Dương Thị Nga, Phó Chủ tịch HĐND tỉnh' }];
    const poll = await openedPoll({ title, kind: 'confidence', secret: true, options: persons, threshold: { kind: 'more_than_half' } });
    const ballot = ballotOf(tablet.page, title);
    const send = ballot.getByRole('button', { name: 'Gửi phiếu' });
    await ballot.getByRole('radio', { name: 'Tín nhiệm cao: Ông Ngô Đức Phong, Chủ tịch UBND tỉnh' }).click();
    expect(await send.isDisabled()).toBe(true); // one level for every person first
    await ballot.getByRole('radio', { name: 'Tín nhiệm thấp: Bà Dương Thị Nga, Phó Chủ tịch HĐND tỉnh' }).click();
    await shot(tablet.page, 'voting-tablet-confidence.png');
    expect(await smallTouchTargets(tablet.page)).toEqual([]);
    await send.click();
    await confirmBallot(tablet.page);
    await ballot.getByText('Bạn đã biểu quyết: Ông Ngô Đức Phong, Chủ tịch UBND tỉnh: Tín nhiệm cao; Bà Dương Thị Nga, Phó Chủ tịch HĐND tỉnh: Tín nhiệm thấp').waitFor();

    // p2 rated low by 26 of 50 (the tablet and 25 sockets): more than 1/2 of N.
    await Promise.all(voters.map((v, i) => vote(v, poll.id, 1, ['p1=high', i < 25 ? 'p2=low' : 'p2=medium'])));
    await chairCommand(chairSocket, 'poll:close', poll.id);
    const table = hall.page.getByTestId('hall-poll').getByTestId('confidence-results');
    await table.waitFor();
    expect(await text(table.locator('[data-key="p1"]'))).toContain('32 0 0 0/50 Không thuộc trường hợp phải xử lý');
    expect(await table.locator('[data-key="p2"]').getAttribute('data-consequence')).toBe('resignation_or_confidence_vote');
    expect(await text(table.locator('[data-key="p2"]'))).toContain('26/50 Trên 1/2 tổng số đại biểu: có thể xin từ chức hoặc bỏ phiếu tín nhiệm');
    await shot(hall.page, 'voting-hall-confidence.png');
    await shot(tablet.page, 'voting-tablet-confidence-result.png');
    expect(await overflowsHorizontally(hall.page)).toBe(false);
  }, 60_000);

  it('a re-opened poll starts a new round on every screen, the earlier round on record; a ballot whose answer was lost is recovered after a reload', async () => {
    const title = 'Nghị quyết về chính sách hỗ trợ học phí';
    const poll = await openedPoll({ title, kind: 'resolution', secret: true });
    await Promise.all(voters.slice(0, 3).map((v) => vote(v, poll.id, 1, ['yes'])));
    await chairCommand(chairSocket, 'poll:close', poll.id);
    const control = controlOf(chair.page, title);
    await control.getByTestId('poll-results').waitFor();
    await control.getByRole('button', { name: 'Mở lại (vòng 2)' }).click();
    await chair.page.getByRole('dialog', { name: `Mở lại “${title}” (vòng 2)?` }).getByRole('button', { name: 'Mở lại (vòng 2)' }).click();
    await control.getByTestId('poll-count').getByText('Đã bỏ phiếu: 0/50').waitFor();
    await control.getByText('Đang biểu quyết · Vòng 2').waitFor();
    const ballot = ballotOf(tablet.page, title);
    await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).waitFor();
    await hall.page.getByTestId('hall-poll').getByText('Đã bỏ phiếu: 0/50').waitFor();
    expect(await server.deps.models.PollClosure.exists({ _id: `${poll.id}:1` })).not.toBeNull();

    // A ballot whose answer never reached the tablet (reloaded mid-send): the device kept its
    // command id and choice, resends them after the reload and gets the same receipt back.
    const commandId = randomUUID();
    const own = await joined(f.delegate.id);
    const sent = await own<Receipt>('poll:vote', { pollId: poll.id, round: 2, commandId, choices: ['no'] }).then(ok);
    await tablet.page.evaluate(`localStorage.setItem('hdnd.ballot.${f.delegate.id}.${poll.id}.2', JSON.stringify({ commandId: '${commandId}', choices: ['no'], receipt: null }))`);
    await tablet.page.reload();
    await ballot.getByTestId('voted').getByText('Bạn đã biểu quyết: Không đồng ý').waitFor();
    expect(await ballot.getByTestId('receipt').getAttribute('data-receipt')).toBe(sent.receipt);
    for (const o of [secretariat, chair, tablet, hall]) expect(o.problems).toEqual([]);
  });

  it('a round opened with a timer closes by itself when it runs out; every screen shows the result', async () => {
    const title = 'Nghị quyết về đặt tên đường trên địa bàn thành phố';
    const draft = ok(await secretarySocket<PollView>('poll:create', { sittingId: f.sittingId, commandId: randomUUID(), title, kind: 'resolution', secret: true }));
    // The round-2 poll of the last test is still open: close it so this one is the hall's.
    const previous = (await server.deps.models.Poll.findOne({ sittingId: f.sittingId, status: 'open' }).lean())!;
    await chairCommand(chairSocket, 'poll:close', String(previous._id));
    ok(await chairSocket<PollView>('poll:open', { pollId: draft.id, commandId: randomUUID(), durationSeconds: 10 }));
    const ballot = ballotOf(tablet.page, title);
    await ballot.getByTestId('poll-countdown').getByText(/00:(10|0\d)/).waitFor();
    await Promise.all(voters.map((v) => vote(v, draft.id, 1, ['yes'])));
    await controlOf(chair.page, title).getByTestId('poll-countdown').waitFor();
    const results = hall.page.getByTestId('hall-poll').getByTestId('poll-results');
    await expect.poll(() => results.getAttribute('data-outcome'), { timeout: 20_000 }).toBe('PASSED');
    expect(await text(results)).toContain('Đã bỏ phiếu: 31');
    await ballot.getByTestId('poll-results').waitFor();
    expect(await controlOf(chair.page, title).getAttribute('data-status')).toBe('closed');
    expect(await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).count()).toBe(0);
  }, 40_000);

  it('the tablet panel fits a phone and speaks English when asked', async () => {
    const phone = await openAs(f.delegate.id, `/phien-hop/${f.sittingId}`, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await phone.page.getByTestId('voting-panel').getByTestId('poll-results').first().waitFor();
    expect(await overflowsHorizontally(phone.page)).toBe(false);
    expect(await smallTouchTargets(phone.page)).toEqual([]);
    await shot(phone.page, 'voting-tablet-phone.png');
    await phone.page.getByRole('button', { name: 'English' }).click();
    const panel = phone.page.getByTestId('voting-panel');
    await panel.getByText('Secret ballot: nobody can know what you chose').first().waitFor();
    expect(await text(panel)).toContain('You did not vote in this round.');
    expect(await text(panel.getByTestId('poll-results').first())).toContain('PASSED');
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });

  it('signing out forgets every ballot this tablet kept, so the next person cannot read them', async () => {
    const kept = "Object.keys(localStorage).filter((k) => k.startsWith('hdnd.ballot.')).length";
    expect(await tablet.page.evaluate(kept)).toBeGreaterThan(0);
    await tablet.page.getByRole('button', { name: 'Đăng xuất' }).click();
    await tablet.page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect(await tablet.page.evaluate(kept)).toBe(0);
  });
});
