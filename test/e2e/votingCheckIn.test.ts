import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PollView } from '../../contract/poll.js';
import { ok, type Emit } from '../helpers/acks.js';
import type { TestServer } from '../helpers/testServer.js';
import { clientBuildPerFile, engineOf, ENGINES, overflowsHorizontally, shotNameFor, smallTouchTargets, textOf, type Opened } from './browser.js';
import { startSittingRig, type SittingRig } from './sittingRig.js';
import { ballotOf, confirmBallot, createAndOpen } from './votingScreens.js';

const SHOTS = join(process.cwd(), 'test-results', 'shots');
async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SHOTS, shotNameFor(engineOf(page), name)), fullPage: true });
}

const client = clientBuildPerFile();

/**
 * Who gets a ballot, on the delegate's tablet in real Chromium and Firefox: a delegate who
 * has not checked in sees "check in to vote" with the check-in buttons instead of the ballot,
 * checks in there and votes; a refusal by the server shows the server's own words.
 */
describe.each(ENGINES)('the tablet asks a delegate to check in before voting (%s)', (engine) => {
  let rig: SittingRig;
  let server: TestServer;
  let f: SittingRig['f'];
  let tablet: Opened;
  let chair: Emit;
  let secretary: Emit;
  const NAMED = 'Nghị quyết về giá dịch vụ khám bệnh, chữa bệnh';
  const SECRET = 'Bầu Ủy viên Thường trực HĐND tỉnh';

  beforeAll(async () => {
    rig = await startSittingRig({ engine, client });
    ({ server, f } = rig);
    chair = await rig.joined(f.chair.id);
    secretary = await rig.joined(f.secretary.id);
    // 32 checked in by the fixture, two more: the quorum of 34 (2/3 of 50), without the tablet's delegate.
    for (const d of f.absent.slice(0, 2)) ok(await (await rig.joined(d.id))('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), status: 'hall' }));
  }, 180_000);
  afterAll(async () => rig?.stop());

  it('a delegate not checked in sees "Bạn cần điểm danh để biểu quyết" with the check-in buttons instead of the ballot, checks in there, then votes', async () => {
    tablet = await rig.openAs(f.delegate.id, `/phien-hop/${f.sittingId}`, { viewport: { width: 1024, height: 768 }, hasTouch: true });
    await tablet.page.getByTestId('checkin').getByText('Bạn chưa điểm danh.').waitFor();
    const poll = await createAndOpen(secretary, chair, f.sittingId, { title: NAMED, kind: 'resolution', secret: false });
    const ballot = ballotOf(tablet.page, NAMED);
    const notice = ballot.getByTestId('check-in-to-vote');
    await notice.getByText('Bạn cần điểm danh để biểu quyết').waitFor();
    expect(await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).count()).toBe(0);
    await shot(tablet.page, 'voting-check-in-tablet-1024.png');
    expect(await smallTouchTargets(tablet.page)).toEqual([]);
    expect(await overflowsHorizontally(tablet.page)).toBe(false);
    await tablet.page.setViewportSize({ width: 1440, height: 900 });
    await shot(tablet.page, 'voting-check-in-desktop-1440.png');
    expect(await overflowsHorizontally(tablet.page)).toBe(false);
    await tablet.page.setViewportSize({ width: 1024, height: 768 });

    // Checking in from the ballot card: the ballot appears (a late ballot: the council allows it).
    await notice.getByRole('button', { name: 'Tôi có mặt' }).click();
    await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).waitFor();
    expect(await ballot.getByTestId('check-in-to-vote').count()).toBe(0);
    await tablet.page.getByTestId('checkin').getByText(/Có mặt tại hội trường/).waitFor();
    await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).click();
    await confirmBallot(tablet.page);
    await ballot.getByTestId('voted').getByText('Bạn đã biểu quyết: Đồng ý').waitFor();
    await shot(tablet.page, 'voting-check-in-then-voted-1024.png');
    const tally = ok(await chair<{ issued: number; ballots: number }>('poll:close', { pollId: poll.id, commandId: randomUUID() }));
    expect(tally).toMatchObject({ issued: 35, ballots: 1 });
  }, 120_000);

  it("a ballot the server refuses (late ballots forbidden since the round opened) shows the server's reason, then the card says no ballot was issued", async () => {
    // The delegate leaves; a secret round opens; then the council forbids late secret ballots.
    ok(await secretary('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), userId: f.delegate.id, status: 'absent' }));
    const poll: PollView = await createAndOpen(secretary, chair, f.sittingId, { title: SECRET, kind: 'resolution', secret: true });
    const ballot = ballotOf(tablet.page, SECRET);
    await ballot.getByTestId('check-in-to-vote').waitFor();
    await ballot.getByTestId('check-in-to-vote').getByRole('button', { name: 'Tôi có mặt' }).click();
    await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).waitFor();
    await tablet.page.getByTestId('checkin').getByText(/Có mặt tại hội trường/).waitFor();
    // The council forbids late secret ballots now: this screen still holds the view from the
    // opening (late ballots allowed) and offers the ballot; the server refuses it.
    await server.deps.models.Council.updateOne({ _id: f.council._id }, { $set: { 'rules.lateBallotsSecret': false } });
    // On a loaded machine the tablet may re-list the polls after the check-in only now, and so
    // learn the rule before the press: it then says so without offering the ballot (measured:
    // 4 of 8 runs in Chromium while a CI run loaded the machine). Either way no ballot is issued and the card says why.
    const pressed = await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).click({ timeout: 3_000 }).then(() => true, () => false);
    const sent = pressed && await confirmBallot(tablet.page).then(() => true, () => false);
    if (sent) {
      const alert = tablet.page.getByTestId('voting-panel').getByRole('alert');
      await alert.waitFor();
      expect(await textOf(alert)).toContain('Theo quy chế của Hội đồng, đại biểu điểm danh sau khi vòng bỏ phiếu kín đã mở không được phát phiếu trong vòng này.');
    }
    await ballot.getByTestId('late-no-ballot').waitFor();
    expect(await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).count()).toBe(0);
    await shot(tablet.page, 'voting-late-refused-1024.png');
    expect(await server.deps.models.PollVoted.countDocuments({ pollId: poll.id })).toBe(0);
    expect(tablet.problems).toEqual([]);
  }, 120_000);
});
