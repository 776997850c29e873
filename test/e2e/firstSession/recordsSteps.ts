import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { textOf } from '../browser.js';
import { COUNCIL, OPENING, POLL, chair, secretary, pdfText } from './cast.js';
import type { FirstSession } from './world.js';

/** The chair closes the sitting; the secretary generates, edits and signs the minutes and downloads the signed PDF, which names the council. */
export async function minutesSigned(w: FirstSession): Promise<void> {
  const console = w.chairSide.page;
  await console.getByRole('button', { name: 'Bế mạc phiên họp' }).click();
  await console.getByRole('dialog', { name: `Bế mạc phiên họp “${OPENING}”?` }).getByRole('button', { name: 'Bế mạc phiên họp' }).click();
  await console.getByText('Phiên họp đã bế mạc.').first().waitFor();
  // The closed sitting's poll can still have its result published, but no new round is offered.
  await expect.poll(() => w.controlOf(console, POLL).getByRole('button', { name: 'Mở lại (vòng 2)' }).count()).toBe(0);
  expect(await w.controlOf(console, POLL).getByRole('button', { name: 'Công bố kết quả' }).count()).toBe(1);
  await w.shots(console, 'chair-closed');

  const page = w.clerk.page;
  await page.goto(`${w.server.url}/ky-hop/${w.sessionId}`);
  await page.getByRole('link', { name: `Biên bản: ${OPENING}` }).click();
  await page.getByRole('heading', { name: 'Biên bản phiên họp', level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/bien-ban/${w.sittingId}`);
  await page.getByTestId('minutes-status').filter({ hasText: 'Chưa có dự thảo biên bản.' }).waitFor();
  await page.getByTestId('generate').click();
  await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 1, chưa ký.' }).waitFor();
  const doc = page.getByTestId('minutes-rendered');
  await doc.getByRole('heading', { name: 'II. Thành phần tham dự' }).waitFor();
  const shown = await textOf(doc);
  expect(shown).toContain(POLL);
  expect(shown).toContain(chair.name);
  await w.shots(page, 'minutes-draft');

  await page.getByRole('button', { name: 'Sửa nội dung' }).click();
  const text = page.getByRole('textbox', { name: 'Văn bản biên bản' });
  await text.fill(`${await text.inputValue()}\n\nThư ký phiên họp: ${secretary.name}.`);
  await page.getByLabel('Ghi chú lần sửa').fill('Bổ sung thư ký phiên họp');
  await page.getByTestId('save').click();
  await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 2, chưa ký.' }).waitFor();
  await w.shots(page, 'minutes-edited');
  await page.getByTestId('sign').click();
  const dialog = page.getByRole('dialog', { name: 'Ký số biên bản, bản số 2?' });
  await w.shots(page, 'minutes-sign-confirm');
  await dialog.getByRole('button', { name: 'Ký số biên bản' }).click();
  await page.getByTestId('minutes-status').filter({ hasText: `Đã ký số bởi ${secretary.name} (bản số 2).` }).waitFor();
  await w.shots(page, 'minutes-signed');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải biên bản đã ký (PDF)' }).click()]);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const pdf = await pdfText(new Uint8Array(bytes));
  expect(pdf).toContain('HỘI ĐỒNG NHÂN DÂN');
  expect(pdf).toMatch(/TỈNH HÀ TĨNH|tỉnh Hà Tĩnh/);
  expect(pdf).toContain(`Thư ký phiên họp: ${secretary.name}.`);

  // The page's own verifier: the file chosen with the app's button is named, intact and signed by the council's key.
  expect(await page.getByTestId('verify-file-name').innerText()).toBe('Chưa chọn tệp.');
  await page.getByTestId('verify-file').setInputFiles({ name: 'bien-ban-phien-khai-mac.pdf', mimeType: 'application/pdf', buffer: bytes });
  expect(await page.getByTestId('verify-file-name').innerText()).toBe('bien-ban-phien-khai-mac.pdf');
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  const verdict = page.getByTestId('verify-result');
  await verdict.getByText('Tệp còn nguyên vẹn, chữ ký hợp lệ.').waitFor();
  await verdict.getByText(`Khóa ký là khóa đã đăng ký của ${COUNCIL}.`).waitFor();
  // When it was signed reads in the council's time, not as the server's ISO stamp.
  expect(await textOf(verdict)).toMatch(new RegExp(`Người ký: ${secretary.name}, ${COUNCIL}, lúc \\d{1,2}:\\d{2}:\\d{2} \\d{1,2}/\\d{1,2}/\\d{4}\\.`));
  await w.shots(page, 'minutes-verified');
}

/** The session page lists no adopted resolution: the only resolution vote failed against N, so there is none to draft. */
export async function noResolutionAdopted(w: FirstSession): Promise<void> {
  const page = w.clerk.page;
  await page.goto(`${w.server.url}/ky-hop/${w.sessionId}`);
  await page.getByRole('heading', { name: 'Nghị quyết đã thông qua', level: 2 }).waitFor();
  await page.getByText('Kỳ họp chưa thông qua nghị quyết nào.').waitFor();
}
