import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollView } from '../../contract/poll.js';
import { ok, type Emit } from '../helpers/acks.js';
import type { TestServer } from '../helpers/testServer.js';
import { overflowsHorizontally, SCREENSHOT_DIR, shotFromTop, smallTouchTargets, type Opened } from './browser.js';
import { startSittingRig, type SittingRig } from './sittingRig.js';
import { controlOf } from './votingScreens.js';

/**
 * Draft polls in real Chromium (issue 13): the secretariat edits a draft's title in the
 * creation form ("Sửa") and deletes another draft after confirming ("Xóa"); the chair's
 * console follows both without a reload. Screenshots of the form and the dialog at
 * 1024×768 and 1440×900.
 */
describe('editing and deleting draft polls in Chromium', () => {
  let rig: SittingRig;
  let server: TestServer;
  let f: SittingRig['f'];
  let secretariat: Opened;
  let chair: Opened;
  let secretarySocket: Emit;

  const EDITED = 'Nghị quyết về kế hoạch đầu tư công năm 2027';
  const FIRST = 'Nghị quyết về kế hoạch đầu tư công năm 2026';
  const SECOND = 'Nghị quyết về phân bổ dự toán ngân sách (bản thử, sẽ xóa)';
  const SIZES = [{ width: 1024, height: 768 }, { width: 1440, height: 900 }] as const;
  let first: PollView;
  let second: PollView;

  beforeAll(async () => {
    rig = await startSittingRig();
    ({ server, f } = rig);
    secretarySocket = await rig.joined(f.secretary.id);
    const create = (title: string, body: Record<string, unknown> = {}) =>
      secretarySocket<PollView>('poll:create', { sittingId: f.sittingId, commandId: randomUUID(), title, kind: 'resolution', secret: false, ...body }).then(ok);
    first = await create(FIRST, { agendaItemId: String(f.items.votes._id), countingCommittee: ['Nguyễn Văn An', 'Lê Thị Hạnh'], threshold: { kind: 'at_least_two_thirds' } });
    second = await create(SECOND);
    secretariat = await openAs(f.secretary.id, `/chuan-bi/${f.sessionId}`, { viewport: { width: 1440, height: 900 } });
    chair = await openAs(f.chair.id, `/dieu-hanh/${f.sittingId}`, { viewport: { width: 1440, height: 900 } });
  }, 180_000);
  afterAll(async () => rig?.stop());

  const openAs: SittingRig['openAs'] = (...a) => rig.openAs(...a);

  it('the secretariat opens a draft in the form, filled with it, changes its title and saves; the chair\'s console shows the new title', async () => {
    for (const p of [secretariat.page, chair.page]) await controlOf(p, FIRST).getByText('Nháp', { exact: true }).waitFor();
    const control = controlOf(secretariat.page, FIRST);
    await control.getByRole('button', { name: 'Sửa', exact: true }).click();
    const form = secretariat.page.getByTestId('poll-edit-form');
    const title = form.getByLabel('Tên cuộc biểu quyết');
    expect(await title.inputValue()).toBe(FIRST);
    expect(await form.getByLabel('Loại biểu quyết').inputValue()).toBe('resolution');
    expect(await form.getByLabel('Ngưỡng thông qua (tính trên tổng số đại biểu)').inputValue()).toBe('at_least_two_thirds');
    expect(await form.getByLabel('Ban kiểm phiếu (mỗi dòng một người)').inputValue()).toBe('Nguyễn Văn An\nLê Thị Hạnh');
    expect(await form.getByLabel('Thuộc nội dung chương trình').inputValue()).toBe(String(f.items.votes._id));
    expect(await form.getByRole('radio', { name: 'Biểu quyết công khai' }).getAttribute('aria-checked')).toBe('true');
    // The creation form of the desk is still there, empty, beside the list.
    expect(await secretariat.page.getByTestId('poll-form').getByLabel('Tên cuộc biểu quyết').inputValue()).toBe('');

    await title.fill(EDITED);
    for (const size of SIZES) {
      await secretariat.page.setViewportSize(size);
      await shotFromTop(secretariat.page, `poll-draft-edit-${size.width}x${size.height}.png`);
      expect(await overflowsHorizontally(secretariat.page)).toBe(false);
    }
    expect(await smallTouchTargets(secretariat.page)).toEqual([]);

    // A cleared title is refused in the form, as at creation.
    await title.fill('');
    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await form.getByText('Vui lòng nhập tên cuộc biểu quyết.').waitFor();
    await title.fill(EDITED);
    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await form.waitFor({ state: 'detached' });

    await controlOf(secretariat.page, EDITED).getByText('Nháp', { exact: true }).waitFor();
    await controlOf(chair.page, EDITED).getByRole('button', { name: 'Mở biểu quyết' }).waitFor();
    expect(await controlOf(chair.page, FIRST).count()).toBe(0);
    await chair.page.setViewportSize({ width: 1024, height: 768 });
    await shotFromTop(chair.page, 'poll-draft-chair-1024x768.png');
    expect(await overflowsHorizontally(chair.page)).toBe(false);
    expect(await smallTouchTargets(chair.page)).toEqual([]);
    const stored = await server.deps.models.Poll.findById(first.id).lean();
    expect(stored).toMatchObject({ title: EDITED, status: 'draft', threshold: { kind: 'at_least_two_thirds' }, countingCommittee: ['Nguyễn Văn An', 'Lê Thị Hạnh'] });
    expect(String(stored!.agendaItemId)).toBe(String(f.items.votes._id));
  }, 90_000);

  it('cancelling the edit changes nothing', async () => {
    const control = controlOf(secretariat.page, EDITED);
    await control.getByRole('button', { name: 'Sửa', exact: true }).click();
    const form = secretariat.page.getByTestId('poll-edit-form');
    await form.getByLabel('Tên cuộc biểu quyết').fill('Không lưu tên này');
    await form.getByRole('button', { name: 'Hủy' }).click();
    await form.waitFor({ state: 'detached' });
    expect((await server.deps.models.Poll.findById(first.id).lean())!.title).toBe(EDITED);
  });

  it('the secretariat deletes the other draft after a dialog naming it (cancel first keeps it); both screens drop it', async () => {
    await controlOf(chair.page, SECOND).waitFor();
    const control = controlOf(secretariat.page, SECOND);
    const dialog = secretariat.page.getByRole('dialog', { name: `Xóa bản nháp “${SECOND}”?` });
    await control.getByRole('button', { name: 'Xóa', exact: true }).click();
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await server.deps.models.Poll.exists({ _id: second.id })).not.toBeNull();

    await control.getByRole('button', { name: 'Xóa', exact: true }).click();
    await dialog.getByText('Bản nháp bị xóa khỏi phiên họp trên mọi màn hình').waitFor();
    for (const size of SIZES) {
      await secretariat.page.setViewportSize(size);
      // The viewport as the secretariat sees it (a full-page shot would dim only its top part).
      await secretariat.page.screenshot({ path: join(SCREENSHOT_DIR, `poll-draft-delete-confirm-${size.width}x${size.height}.png`) });
    }
    await dialog.getByRole('button', { name: 'Xóa', exact: true }).click();

    await control.waitFor({ state: 'detached' });
    await controlOf(chair.page, SECOND).waitFor({ state: 'detached' });
    expect(await server.deps.models.Poll.exists({ _id: second.id })).toBeNull();
    // The edited draft is still there on both screens.
    for (const p of [secretariat.page, chair.page]) expect(await controlOf(p, EDITED).count()).toBe(1);
    const audit = await server.deps.models.AuditEntry.find({ chain: `sitting:${f.sittingId}`, action: 'poll:deleted' }).lean();
    expect(audit.map((a) => (a.data as { title: string }).title)).toEqual([SECOND]);
  }, 60_000);

  it('a draft the chair has opened meanwhile is no longer offered for editing or deletion', async () => {
    // 34 delegates needed for the quorum; the fixture checked in 32.
    for (const d of f.absent.slice(0, 2)) ok(await (await rig.joined(d.id))('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), status: 'hall' }));
    const control = controlOf(secretariat.page, EDITED);
    await control.getByRole('button', { name: 'Sửa', exact: true }).click();
    const form = secretariat.page.getByTestId('poll-edit-form');
    await form.waitFor();
    const chairSocket = await rig.joined(f.chair.id);
    ok(await chairSocket('poll:open', { pollId: first.id, commandId: randomUUID() }));
    // The open poll replaces the form and its buttons on the secretariat's desk.
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => control.getAttribute('data-status')).toBe('open');
    expect(await control.getByRole('button', { name: 'Sửa', exact: true }).count()).toBe(0);
    expect(await control.getByRole('button', { name: 'Xóa', exact: true }).count()).toBe(0);
    for (const o of [secretariat, chair]) expect(o.problems).toEqual([]);
  }, 60_000);
});
