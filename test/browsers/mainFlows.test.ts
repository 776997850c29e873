import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, type Emit } from '../helpers/acks.js';
import { TEST_PASSWORD } from '../helpers/factories.js';
import { castVote } from '../e2e/votingScreens.js';
import { byCss, byLabel, byRole, byTestId, byText, ENGINES, inside, type Tab } from './driver.js';
import { ballotOf, castCount, confirmDialog, confirmOnConsole, controlOf, draftPoll, hallPoll, hallResults, textBecomes } from './flowScreens.js';
import { chairCommand, createAndOpen } from '../e2e/votingScreens.js';
import { servingPerFile, startEngineRig, type EngineRig } from './rig.js';

/**
 * The delegate's tablet, the chair's console and the hall screen, one test body in Chromium,
 * Firefox and WebKit: sign-in, check-in, asking to speak, a secret and a named poll with the
 * receipt, against a real server. Each engine has a sitting of its own; the other delegates
 * act through their own sockets.
 */
const serving = servingPerFile();

const TABLET = { width: 1024, height: 768 };
const SECRET = 'Nghị quyết về kế hoạch đầu tư công trung hạn giai đoạn 2026–2030';
const NAMED = 'Nghị quyết về điều chỉnh phí tham quan danh lam thắng cảnh';

describe.each(ENGINES)('the main sitting flows in %s', (engine) => {
  let rig: EngineRig;
  let f: EngineRig['f'];
  let tablet: Tab;
  let chair: Tab;
  let hall: Tab;
  let chairSocket: Emit;
  let secretarySocket: Emit;
  let receipt = '';
  let started = 0;
  const shot = (name: string, around?: Parameters<Tab['screenshot']>[1]) => tablet.screenshot(`browsers-${engine}-${name}.png`, around);

  beforeAll(async () => {
    started = Date.now();
    rig = await startEngineRig(serving.server(), engine);
    f = rig.f;
    chairSocket = await rig.joined(f.chair.id);
    secretarySocket = await rig.joined(f.secretary.id);
  }, 120_000);
  afterAll(async () => {
    await rig?.stop();
    const starts = rig?.engine.sessionStartMs ? ` · WebDriver sessions started in ${rig.engine.sessionStartMs.join(', ')} ms` : '';
    console.info(`[browsers] ${engine}: ${((Date.now() - started) / 1000).toFixed(1)} s${starts}`);
  });

  it('a delegate signs in on the sign-in page and opens the sitting on the tablet', async () => {
    tablet = await rig.open(null, '/', TABLET);
    await tablet.waitFor(byRole('heading', 'Đăng nhập'));
    await tablet.fill(byLabel('Email hoặc số điện thoại'), f.delegate.login);
    await tablet.fill(byLabel('Mật khẩu'), TEST_PASSWORD);
    await shot('signin');
    await tablet.click(byRole('button', 'Đăng nhập'));
    await tablet.waitFor(byRole('heading', `Xin chào, ${f.delegate.displayName}`));
    await tablet.goto(`/phien-hop/${f.sittingId}`);
    await tablet.waitFor(inside(byTestId('checkin'), byText('Bạn chưa điểm danh.')));
    expect(await tablet.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  });

  it("checks in with one tap; the chair's console counts the delegate present", async () => {
    chair = await rig.open(f.chair.id, `/dieu-hanh/${f.sittingId}`, { width: 1280, height: 800 });
    await textBecomes(chair, { ...byTestId('quorum'), nth: 0 }, 'có mặt 32/50');
    await tablet.click(byRole('button', 'Tôi có mặt'));
    await tablet.waitFor(inside(byTestId('checkin'), byText(/Có mặt tại hội trường · lúc \d\d:\d\d/)));
    await textBecomes(chair, { ...byTestId('quorum'), nth: 0 }, 'có mặt 33/50, cần 34, còn thiếu 1');
    await shot('checked-in');
  });

  it("asks to speak; given the floor on the chair's console, the tablet and the hall screen show the speaker", async () => {
    hall = await rig.open(f.secretary.id, `/man-hinh/${f.sittingId}`, { width: 1920, height: 1080 });
    await tablet.click(byRole('button', 'Đăng ký phát biểu'));
    await tablet.waitFor(inside(byTestId('my-request'), byText('Thứ tự 1/1')));
    const queue = byTestId('speaker-queue');
    await chair.waitFor(inside(queue, byText('Danh sách đăng ký (1)')));
    await chair.click(inside(queue, byRole('button', /^Mời phát biểu/)));
    await tablet.waitFor(inside(byTestId('speaker-timer'), byText(/Bạn đang phát biểu/)));
    await hall.waitFor(inside(byTestId('speaker-timer'), byText(f.delegate.displayName)));
    await shot('speaking', byTestId('speaker-timer'));
    await tablet.click(byRole('button', 'Kết thúc phát biểu'));
    await chair.waitFor(byText('Chưa có đại biểu phát biểu.'));
    await hall.waitFor(byText('Chưa có đại biểu phát biểu.'));
  });

  it("votes on a secret poll the chair opens on the console: Escape takes a choice back, a confirmed ballot locks with a receipt, the console counts it", async () => {
    ok(await (await rig.joined(f.absent[0]!.id))('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), status: 'online' }));
    await textBecomes(chair, { ...byTestId('quorum'), nth: 0 }, 'Đủ số đại biểu: có mặt 34/50');
    const poll = await draftPoll(secretarySocket, f.sittingId, { title: SECRET, kind: 'resolution', secret: true });
    await confirmOnConsole(chair, SECRET, 'Mở biểu quyết', `Mở biểu quyết “${SECRET}”?`);
    await chair.waitFor(castCount(inside(controlOf(SECRET), byTestId('poll-count')), 0));

    const ballot = ballotOf(SECRET);
    await tablet.waitFor(inside(ballot, byText('Biểu quyết kín: không ai biết bạn chọn gì')));
    await tablet.click(inside(ballot, byRole('button', 'Không đồng ý')));
    await tablet.waitFor(inside(confirmDialog, byText(/^Bạn chọn: Không đồng ý\./)));
    await tablet.press('Escape');
    await tablet.waitFor(confirmDialog, 'gone');
    expect(await serving.server().deps.models.PollVoted.countDocuments({ pollId: poll.id })).toBe(0);

    await tablet.click(inside(ballot, byRole('button', 'Đồng ý')));
    await tablet.waitFor(inside(confirmDialog, byText(/^Bạn chọn: Đồng ý\./)));
    await shot('confirm');
    await tablet.click(inside(confirmDialog, byRole('button', 'Gửi phiếu')));
    await tablet.waitFor(inside(ballot, inside(byTestId('voted'), byText('Bạn đã biểu quyết: Đồng ý'))));
    receipt = (await tablet.attributeOf(inside(ballot, byTestId('receipt')), 'data-receipt'))!;
    expect(receipt).toMatch(/^[0-9a-f]{64}$/);
    expect(await tablet.count(inside(ballot, byRole('button', 'Đồng ý')))).toBe(0);
    await shot('voted', inside(ballot, byTestId('receipt')));
    await chair.waitFor(castCount(controlOf(SECRET), 1));
    await hall.waitFor(castCount(hallPoll, 1));
  });

  it('when the chair closes and publishes the secret poll, the hall shows ĐẠT and the tablet finds its receipt in the published list', async () => {
    const poll = (await serving.server().deps.models.Poll.findOne({ title: SECRET, sittingId: f.sittingId }).lean())!;
    const voters = await Promise.all(f.checkedIn.slice(0, 25).map((d) => rig.joined(d.id)));
    await Promise.all(voters.map((v) => castVote(v, String(poll._id), 1, ['yes'])));
    await chair.waitFor(castCount(controlOf(SECRET), 26));
    await confirmOnConsole(chair, SECRET, 'Kết thúc biểu quyết', `Kết thúc biểu quyết “${SECRET}”?`);
    await hall.waitFor(hallResults);
    expect(await hall.attributeOf(hallResults, 'data-outcome')).toBe('PASSED');
    const shown = await hall.textOf(hallResults);
    expect(shown).toMatch(/ĐẠT/);
    expect(shown).toMatch(/Đồng ý 26 \(52%\)/);
    await hall.screenshot(`browsers-${engine}-hall-result.png`);

    const ballot = ballotOf(SECRET);
    await tablet.waitFor(inside(ballot, byTestId('poll-results')));
    expect(await tablet.attributeOf(inside(ballot, byTestId('receipt')), 'data-receipt')).toBe(receipt);
    await confirmOnConsole(chair, SECRET, 'Công bố kết quả', `Công bố kết quả “${SECRET}”?`);
    await chair.waitFor(inside(controlOf(SECRET), byText('Đã công bố')));
    const check = inside(ballot, byTestId('receipt-check'));
    await tablet.click(inside(check, byRole('button', 'Tìm phiếu của tôi trong danh sách công bố')));
    await tablet.waitFor(inside(check, inside(byTestId('receipt-found'), byText(/Phiếu của bạn có trong danh sách công bố \(mã thứ \d+\/26\)/))));
    await shot('receipt-found', inside(check, byTestId('receipt-found')));
  });

  it("votes on a named poll the chair's socket opens; the hall shows KHÔNG ĐẠT and, once published, the console names the delegate's choice", async () => {
    const poll = await createAndOpen(secretarySocket, chairSocket, f.sittingId, { title: NAMED, kind: 'resolution', secret: false, threshold: { kind: 'more_than_half' } });
    const ballot = ballotOf(NAMED);
    await tablet.waitFor(inside(ballot, byText('Biểu quyết công khai: lựa chọn của từng đại biểu được công bố sau khi kết thúc.')));
    await tablet.click(inside(ballot, byRole('button', 'Không đồng ý')));
    await tablet.click(inside(confirmDialog, byRole('button', 'Gửi phiếu')));
    await tablet.waitFor(inside(ballot, byText('Bạn đã biểu quyết: Không đồng ý')));
    await shot('named-voted', inside(ballot, byTestId('voted')));
    const voters = await Promise.all(f.checkedIn.slice(0, 10).map((d) => rig.joined(d.id)));
    await Promise.all(voters.map((v, i) => castVote(v, poll.id, 1, [i < 6 ? 'yes' : 'no'])));
    await chairCommand(chairSocket, 'poll:close', poll.id);

    await textBecomes(hall, hallResults, 'KHÔNG ĐẠT');
    expect(await hall.attributeOf(hallResults, 'data-outcome')).toBe('FAILED');
    await chairCommand(chairSocket, 'poll:publish', poll.id);
    const named = inside(controlOf(NAMED), byTestId('named-choices'));
    await chair.click(inside(named, byCss('summary')));
    expect(await chair.textOf(inside(named, byCss(`[data-voter="${f.delegate.id}"]`)))).toBe(`${f.delegate.displayName} Không đồng ý`);
    await tablet.waitFor(inside(ballot, byTestId('named-choices')));
  });

  it('no page had an uncaught error', async () => {
    for (const tab of [tablet, chair, hall]) expect(await tab.problems()).toEqual([]);
  });
});
