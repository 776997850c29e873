import { expect } from 'vitest';
import { textOf, watchProblems, type Opened } from '../browser.js';
import { peerIdOf, waitForFlowing } from '../mediaBrowser.js';
import { N, QUORUM, ROOM, SESSION, OPENING, ITEMS, DOCS, POLL, chair, operator, delegates, inHall, atRoom } from './cast.js';
import type { FirstSession } from './world.js';

/** A delegate sets her password, opens the invitation, reads a document and checks in on her tablet. */
export async function delegateChecksIn(w: FirstSession): Promise<void> {
  w.hallTablet = await w.signIn(inHall);
  const page = w.hallTablet.page;
  await page.getByRole('heading', { name: 'Giấy mời họp' }).waitFor();
  const card = page.getByTestId('invitation-card');
  expect(await card.getByTestId('invitation-state').innerText()).toBe('Mới');
  await w.shots(page, 'delegate-home');
  const [popup] = await Promise.all([w.hallTablet.context.waitForEvent('page'), card.getByRole('link', { name: `Mở giấy mời: ${SESSION}` }).click()]);
  await popup.waitForLoadState().catch(() => {});
  await popup.close();
  await expect.poll(() => card.getByTestId('invitation-state').innerText()).toBe('Đã xem');

  await page.getByRole('link', { name: `Xem kỳ họp: ${SESSION}` }).click();
  await page.getByRole('heading', { name: SESSION }).waitFor();
  await w.shots(page, 'delegate-session');
  await page.getByRole('link', { name: 'Tài liệu kỳ họp' }).click();
  await page.getByRole('heading', { name: 'Hồ sơ tài liệu kỳ họp' }).waitFor();
  await w.shots(page, 'delegate-dossier');
  await page.getByRole('link', { name: `Đọc “${DOCS[1]!.title}”` }).click();
  await page.getByTestId('page-canvas').waitFor();
  await expect.poll(() => page.getByTestId('text-layer').locator('span').count(), { timeout: 30_000 }).toBeGreaterThan(10);
  expect(await page.getByTestId('page-status').innerText()).toMatch(/^trên \d+$/);
  await w.shots(page, 'delegate-viewer');

  await page.goto(`${w.server.url}/phien-hop/${w.sittingId}`);
  await page.getByRole('button', { name: 'Tôi có mặt' }).click();
  await page.getByTestId('checkin').getByText(/Có mặt tại hội trường/).waitFor();
  await w.shots(page, 'delegate-tablet-checked-in');
}

/** The commune delegate checks in online from the commune room; the secretariat checks in most of the others from its desk until a quorum of N. */
export async function quorumFromDesk(w: FirstSession): Promise<void> {
  w.roomTablet = await w.signIn(atRoom);
  await w.roomTablet.page.goto(`${w.server.url}/phien-hop/${w.sittingId}`);
  await w.roomTablet.page.getByRole('button', { name: 'Tôi tham dự trực tuyến' }).click();
  // The tablet says where he attends from: the commune room, his membership's point, which the sitting includes.
  await w.roomTablet.page.getByTestId('checkin').getByText(new RegExp(`^Trực tuyến · ${ROOM} · lúc \\d\\d:\\d\\d$`)).waitFor();

  const page = w.clerk.page;
  await page.goto(`${w.server.url}/chuan-bi/${w.sessionId}`);
  await page.getByTestId('attendance-desk').waitFor();
  await expect.poll(() => w.deskRow(atRoom.name).getAttribute('data-status')).toBe('online');
  expect(await textOf(w.deskRow(atRoom.name).locator('.now'))).toContain(ROOM);
  await expect.poll(() => w.deskRow(inHall.name).getAttribute('data-status')).toBe('hall');
  const rest = delegates.filter((d) => d !== inHall && d !== atRoom).slice(0, QUORUM - 2);
  for (const d of rest) {
    await w.deskRow(d.name).getByRole('button', { name: 'Có mặt', exact: true }).click();
    await expect.poll(() => w.deskRow(d.name).getAttribute('data-status')).toBe('hall');
  }
  await w.shots(page, 'prepare-attendance');
}

/** The chair sets a password, sees the quorum on the console and opens the sitting. */
export async function chairOpens(w: FirstSession): Promise<void> {
  w.chairSide = await w.signIn(chair, { width: 1440, height: 900 });
  const page = w.chairSide.page;
  await page.goto(`${w.server.url}/dieu-hanh/${w.sittingId}`);
  await page.getByRole('heading', { name: OPENING }).waitFor();
  await expect.poll(() => w.quorumOf(page).innerText()).toContain(`Đủ số đại biểu: có mặt ${QUORUM}/${N}, cần ${QUORUM}`);
  await w.shots(page, 'chair-console-ready');
  await page.getByRole('button', { name: 'Khai mạc phiên họp' }).click();
  const dialog = page.getByRole('dialog', { name: `Khai mạc phiên họp “${OPENING}”?` });
  await dialog.getByRole('button', { name: 'Khai mạc phiên họp' }).click();
  await page.getByText('Đang họp').first().waitFor();
  await w.hallTablet.page.getByText('Đang họp').first().waitFor();
  // The first item of the sitting is taken up; the tablets follow.
  await page.getByRole('button', { name: `Chuyển đến: 1. ${ITEMS[0]}` }).click();
  await page.getByTestId('current-item').getByText(ITEMS[0]!).waitFor();
  await w.hallTablet.page.getByTestId('current-item').getByText(ITEMS[0]!).waitFor();
}

/** The commune room’s operator asks for the floor for its delegate, the chair gives it: the commune room holds the floor and the hall hears it. */
export async function communeFloor(w: FirstSession): Promise<void> {
  w.room = await w.signIn(operator, { width: 1280, height: 900 });
  await w.room.page.goto(`${w.server.url}/hop-truc-tuyen/${w.sittingId}`);
  w.hall = await w.chairSide.context.newPage();
  w.opened.push({ context: w.chairSide.context, page: w.hall, problems: watchProblems(w.hall) });
  await w.hall.goto(`${w.server.url}/hop-truc-tuyen/${w.sittingId}`);
  for (const p of [w.room.page, w.hall]) await p.locator('[data-testid="media-status"][data-status="live"]').waitFor({ timeout: 45_000 });
  await expect.poll(() => w.hall.getByTestId('room-thumbnail').count(), { timeout: 20_000 }).toBe(1);

  // The delegate raises a hand in the commune room; its operator asks for the floor on his behalf.
  const inRoom = w.room.page.getByTestId('room-delegates').locator('[data-user-id]').filter({ hasText: atRoom.name });
  await inRoom.getByText(/^Đã điểm danh tại điểm cầu · \d\d:\d\d$/).waitFor();
  await inRoom.getByRole('button', { name: `Đăng ký phát biểu cho ${atRoom.name}` }).click();
  await inRoom.getByTestId('queue-place').getByText('Đã đăng ký · thứ 1').waitFor();
  await w.shots(w.room.page, 'room-request');
  const console = w.chairSide.page;
  const request = console.getByTestId('speaker-queue').locator('li', { hasText: atRoom.name });
  await request.waitFor();
  expect(await textOf(request)).toContain(`tại ${ROOM}`);
  await w.shots(console, 'chair-queue');
  await request.getByRole('button', { name: `Mời phát biểu: ${atRoom.name}` }).click();
  await console.getByTestId('speaker-timer').getByText(atRoom.name).waitFor();

  await expect.poll(() => w.room.page.getByTestId('floor-video').getAttribute('data-floor'), { timeout: 20_000 }).toBe(w.roomId);
  await expect.poll(() => w.hall.getByTestId('floor-video').getAttribute('data-floor'), { timeout: 20_000 }).toBe(w.roomId);
  const roomPeer = await peerIdOf(w.hall, { role: 'room', meetingPointId: w.roomId });
  expect(roomPeer).not.toBeNull();
  const audio = await waitForFlowing(w.hall, (s) => s.find((x) => x.kind === 'audio' && x.peerId === roomPeer), 30_000);
  expect(audio.bytesReceived).toBeGreaterThan(0);
  await inRoom.getByText('Đang phát biểu').waitFor();
  expect(await textOf(console.getByTestId('speaker-timer'))).toContain(`tại ${ROOM}`);
  await w.shots(w.room.page, 'room-floor');
  await w.shots(w.hall, 'hall-floor');
  await w.shots(console, 'chair-speaking');
  await w.shots(w.roomTablet.page, 'delegate-room-tablet-speaking');
  await console.getByRole('button', { name: 'Kết thúc lượt phát biểu' }).click();
  await expect.poll(() => w.room.page.getByTestId('floor-video').getAttribute('data-floor'), { timeout: 20_000 }).toBe('');
}

/** The chair opens the poll the secretariat prepared; the two delegates vote on their tablets; the chair ends it and the result counts against N. */
export async function pollAgainstN(w: FirstSession): Promise<void> {
  const console = w.chairSide.page;
  const control = w.controlOf(console, POLL);
  await control.getByRole('button', { name: 'Mở biểu quyết' }).click();
  await console.getByRole('dialog', { name: `Mở biểu quyết “${POLL}”?` }).getByRole('button', { name: 'Mở biểu quyết' }).click();
  await control.getByTestId('poll-count').getByText(`Đã bỏ phiếu: 0/${N}`).waitFor();
  const votes: Array<[Opened, string]> = [[w.hallTablet, 'Đồng ý'], [w.roomTablet, 'Đồng ý']];
  for (const [tablet, choice] of votes) {
    const ballot = w.ballotOf(tablet.page, POLL);
    await ballot.getByRole('button', { name: choice, exact: true }).click();
    const dialog = tablet.page.getByRole('dialog', { name: 'Xác nhận phiếu biểu quyết' });
    await dialog.getByText(`Bạn chọn: ${choice}.`).waitFor();
    if (tablet === w.hallTablet) await w.shots(tablet.page, 'delegate-ballot-confirm');
    await dialog.getByRole('button', { name: 'Gửi phiếu' }).click();
    await ballot.getByTestId('voted').getByText(`Bạn đã biểu quyết: ${choice}`).waitFor();
  }
  await control.getByTestId('poll-count').getByText(`Đã bỏ phiếu: ${votes.length}/${N}`).waitFor();
  await control.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
  await console.getByRole('dialog', { name: `Kết thúc biểu quyết “${POLL}”?` }).getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
  const results = control.getByTestId('poll-results');
  await results.waitFor();
  // Two ballots of N = 12: more than half of N is needed, so it does not pass.
  expect(await results.getAttribute('data-outcome')).toBe('FAILED');
  expect(await textOf(results)).toContain(`Tổng số đại biểu: ${N} · Đã bỏ phiếu: ${votes.length} · Không bỏ phiếu: ${N - votes.length}`);
  await w.ballotOf(w.hallTablet.page, POLL).getByTestId('poll-results').waitFor();
  await w.shots(console, 'chair-poll-closed');
  await w.shots(w.hallTablet.page, 'delegate-poll-result');
}
