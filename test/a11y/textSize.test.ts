import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ok, type Emit } from '../helpers/acks.js';
import { ENGINES, overflowsHorizontally, screenshot, type Opened } from '../e2e/browser.js';
import { startSittingRig, type SittingRig } from '../e2e/sittingRig.js';
import { ballotOf, castVote, chairCommand, createAndOpen } from '../e2e/votingScreens.js';
import { clippedTexts, computed, doubleTextSize, fontPx, reachable, viewportShot } from './textFit.js';

/**
 * Text size for readers with poor eyesight: the tablet's voting page at 1024×768 with the
 * text doubled (WCAG 1.4.4) keeps every choice and the send button reachable, clips no text
 * and does not scroll sideways; the hall screen at 1920×1080 is measured, and its result is
 * large enough to read from the back of the hall (at least 48 px at 1080p).
 */
describe.each(ENGINES)('text size: the tablet at 200 %% text, the hall screen at 1080p, in %s', (engine) => {
  let rig: SittingRig;
  let f: SittingRig['f'];
  let tablet: Opened;
  let page: Page;
  let hall: Page;
  let chair: Emit;
  let secretary: Emit;
  const RESOLUTION = 'Nghị quyết về kế hoạch đầu tư công trung hạn giai đoạn 2026–2030';
  const ELECTION = 'Bầu Ủy viên Thường trực Hội đồng nhân dân tỉnh nhiệm kỳ 2026–2031';
  let resolutionId = '';
  const sizes: Array<[string, number]> = [];
  /** The hall page's height with the result shown (1080 fits the projector without scrolling). */
  let hallHeight = 0;

  beforeAll(async () => {
    rig = await startSittingRig({ engine });
    f = rig.f;
    tablet = await rig.openAs(f.delegate.id, `/phien-hop/${f.sittingId}`, { viewport: { width: 1024, height: 768 }, hasTouch: true });
    page = tablet.page;
    hall = (await rig.openAs(f.secretary.id, `/man-hinh/${f.sittingId}`, { viewport: { width: 1920, height: 1080 } })).page;
    chair = await rig.joined(f.chair.id);
    secretary = await rig.joined(f.secretary.id);
    ok(await (await rig.joined(f.absent[0]!.id))('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), status: 'online' }));
    await page.getByRole('button', { name: 'Tôi có mặt' }).click();
    await page.getByTestId('checkin').getByText(/Có mặt tại hội trường/).waitFor();
  }, 120_000);
  afterAll(async () => {
    console.log(['Hall screen at 1920×1080: computed font sizes (CSS px)', ...sizes.map(([n, px]) => `${px.toFixed(1).padStart(6)} px  ${n}`), `page height with the result: ${hallHeight} px`].join('\n'));
    await rig?.stop();
  });

  it('at 200 % text the resolution\'s choices and the confirmation stay reachable, nothing is clipped, nothing scrolls sideways', async () => {
    const before = await fontPx(page.getByRole('heading', { name: 'Điểm danh' }));
    await doubleTextSize(page);
    expect(await fontPx(page.getByRole('heading', { name: 'Điểm danh' }))).toBeCloseTo(2 * before, 0);
    resolutionId = (await createAndOpen(secretary, chair, f.sittingId, { title: RESOLUTION, kind: 'resolution', secret: true })).id;
    const ballot = ballotOf(page, RESOLUTION);
    await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).waitFor();
    for (const name of ['Đồng ý', 'Không đồng ý', 'Không biểu quyết']) expect(await reachable(page, ballot.getByRole('button', { name, exact: true })), name).toBe(true);
    await ballot.scrollIntoViewIfNeeded();
    await viewportShot(page, 'a11y-tablet-text-200.png');
    expect(await clippedTexts(page)).toEqual([]);
    expect(await overflowsHorizontally(page)).toBe(false);
    // The header, a third of the window at this size, scrolls away instead of covering the ballot.
    expect(await computed(page.locator('header.app-header'), 'position')).toBe('relative');
    // One column: the agenda goes under the ballot at a readable width, not one word a line.
    const [voting, agenda] = await Promise.all([page.getByTestId('voting-panel').boundingBox(), page.locator('.agenda-col').boundingBox()]);
    expect(agenda!.y).toBeGreaterThan(voting!.y + voting!.height);
    expect(agenda!.width).toBeGreaterThan(900);

    await ballot.getByRole('button', { name: 'Không đồng ý', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Xác nhận phiếu biểu quyết' });
    await dialog.waitFor();
    for (const name of ['Hủy', 'Gửi phiếu']) expect(await reachable(page, dialog.getByRole('button', { name, exact: true })), name).toBe(true);
    await viewportShot(page, 'a11y-tablet-text-200-confirm.png');
    await dialog.getByRole('button', { name: 'Gửi phiếu', exact: true }).click();
    await ballot.getByTestId('voted').waitFor();
    expect(await clippedTexts(page)).toEqual([]);
    expect(await overflowsHorizontally(page)).toBe(false);
  });

  it('the hall screen shows the open poll\'s title and count large', async () => {
    const box = hall.getByTestId('hall-poll');
    await box.getByTestId('poll-count').waitFor();
    sizes.push(['sitting title (h1, band)', await fontPx(hall.locator('main h1'))]);
    sizes.push(['poll title (h2)', await fontPx(box.getByRole('heading', { name: RESOLUTION }))]);
    sizes.push(['ballots counted ("Đã bỏ phiếu: n/N")', await fontPx(box.getByTestId('poll-count').locator('.text'))]);
    sizes.push(['threshold line', await fontPx(box.locator('.threshold'))]);
    expect(await fontPx(box.getByTestId('poll-count').locator('.text'))).toBeGreaterThanOrEqual(48);
    expect(await overflowsHorizontally(hall)).toBe(false);
  });

  it('the result on the hall screen is at least 48 px at 1080p (the outcome and each option\'s count) and fits the 1080 lines with the quorum line', async () => {
    const voters = await Promise.all(f.checkedIn.slice(0, 27).map((d) => rig.joined(d.id)));
    await Promise.all(voters.map((v, i) => castVote(v, resolutionId, 1, [i < 24 ? 'yes' : i < 26 ? 'no' : 'abstain'])));
    await chairCommand(chair, 'poll:close', resolutionId);
    const results = hall.getByTestId('hall-poll').getByTestId('poll-results');
    await results.waitFor();
    await hall.waitForTimeout(300);
    const measured = {
      outcome: await fontPx(results.locator('.outcome')),
      option: await fontPx(results.locator('.row.yes .label')),
      count: await fontPx(results.locator('.row.yes .count strong')),
      figures: await fontPx(results.locator('.figures')),
    };
    sizes.push(['result: ĐẠT / KHÔNG ĐẠT', measured.outcome], ['result: option label ("Đồng ý")', measured.option], ['result: option count ("25")', measured.count], ['result: totals line (N, ballots, did not vote)', measured.figures]);
    await screenshot(hall, 'a11y-hall-result-1080p.png');
    hallHeight = (await hall.evaluate('document.documentElement.scrollHeight')) as number;
    for (const [what, px] of Object.entries({ outcome: measured.outcome, option: measured.option, count: measured.count })) expect(px, what).toBeGreaterThanOrEqual(48);
    expect(await overflowsHorizontally(hall)).toBe(false);
    // The projector shows 1080 lines: the quorum line at the foot must not fall off it.
    expect(hallHeight).toBeLessThanOrEqual(1080);
  });

  it('at 200 % text an election\'s candidates and its send button stay reachable and nothing is clipped', async () => {
    const names = ['Đỗ Minh Tâm', 'Vũ Thị Lan Hương', 'Hồ Quang Sơn'];
    const poll = await createAndOpen(secretary, chair, f.sittingId, { title: ELECTION, kind: 'election', secret: true, maxChoices: 2, options: names.map((label, i) => ({ key: `c${i + 1}`, label })) });
    const ballot = ballotOf(page, ELECTION);
    await ballot.getByRole('button', { name: names[0], exact: true }).waitFor();
    for (const name of names) expect(await reachable(page, ballot.getByRole('button', { name, exact: true })), name).toBe(true);
    const send = ballot.getByRole('button', { name: 'Gửi phiếu', exact: true });
    expect(await reachable(page, send)).toBe(true);
    await viewportShot(page, 'a11y-tablet-text-200-election.png');
    expect(await clippedTexts(page)).toEqual([]);
    expect(await overflowsHorizontally(page)).toBe(false);
    await chairCommand(chair, 'poll:close', poll.id);
    expect(tablet.problems).toEqual([]);
  });
});
