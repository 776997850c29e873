import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket } from '../helpers/sockets.js';
import { playScriptedSitting, type ScriptedSitting } from '../helpers/recordsFixtures.js';
import { startRemoteSigningRig, type RemoteSigningRig } from '../helpers/remoteSigningRig.js';
import { buildClient } from '../e2e/browser.js';
import { byLabel, byRole, byText, ENGINES, inside, type Engine, type Tab } from './driver.js';
import { launchEngine } from './engines.js';
import {
  ARTICLE_1_PLACEHOLDER, listed, listedVote, openAs, rendered, resolutionList, resolutionStatus, signDialog, statusBecomes, TEXT_BOX_VALUE, VOTE_TITLE,
} from './resolutionScreens.js';

/**
 * An adopted resolution at tablet size, one test body in Chromium, Firefox and WebKit (the
 * Chromium-only original with both screen sizes: test/e2e/resolutionSigning.test.ts): the
 * secretariat drafts it from the passed vote on the session page and writes Article 1; the chair
 * signs it with their own certificate at the remote signing service (the CSC test service, PIN
 * and OTP: the same path as the original, all of it typed into the page), the seal follows; a
 * delegate finds it signed with its number and opens it. One signing server for the file; each
 * engine plays a scripted sitting of its own (a council of its own, so each numbers 01).
 */
const dir = mkdtempSync(join(tmpdir(), 'hdnd-browsers-resolution-'));
const PIN = '246810';
const OTP = '135791';
const CHAIR = 'Trần Thị Minh Hoa';
const ADOPTED = 'Tổng dự toán thu ngân sách nhà nước trên địa bàn năm 2027 là 25.000 tỷ đồng.';

let signing: RemoteSigningRig;
let distDir = '';
beforeAll(async () => {
  distDir = await buildClient();
  signing = await startRemoteSigningRig(dir, 'ma-truy-cap-browsers-nq', distDir);
}, 180_000);
afterAll(async () => {
  await signing?.stop();
  if (distDir) rmSync(distDir, { recursive: true, force: true });
});

describe.each(ENGINES)('an adopted resolution drafted, signed and read in %s', (name) => {
  let engine: Engine;
  let s: ScriptedSitting;
  const sockets: ClientSocket[] = [];
  const tabs: Tab[] = [];
  let started = 0;
  const sessionPage = () => `/ky-hop/${s.sessionId}`;
  const shot = (tab: Tab, step: string, around?: Parameters<Tab['screenshot']>[1]) => tab.screenshot(`browsers-${name}-resolution-${step}.png`, around);
  const open = async (userId: string) => {
    const tab = await openAs(engine, signing.server, userId, sessionPage());
    tabs.push(tab);
    return tab;
  };

  beforeAll(async () => {
    started = Date.now();
    s = await playScriptedSitting(signing.server, sockets);
    await signing.enrol(s.cast.users.chair.id, CHAIR, { pin: PIN, otp: OTP });
    engine = await launchEngine(name);
  }, 120_000);
  afterAll(async () => {
    sockets.forEach((x) => x.close());
    await engine?.close();
    const starts = engine?.sessionStartMs ? ` · WebDriver sessions started in ${engine.sessionStartMs.join(', ')} ms` : '';
    console.info(`[browsers] resolution ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s${starts}`);
  });

  it('the secretariat finds the passed vote "Chưa soạn" on the session page, drafts the resolution in the official format and saves Article 1 as revision 2, which only the chair may sign', async () => {
    const clerk = await open(s.cast.users.secretariat.id);
    await clerk.waitFor(inside(listedVote, byText('Chưa soạn')));
    await clerk.click(inside(resolutionList, byRole('link', VOTE_TITLE)));
    await statusBecomes(clerk, 'Chưa có dự thảo nghị quyết.');
    await clerk.click(byRole('button', 'Soạn nghị quyết theo thể thức'));
    await statusBecomes(clerk, 'Dự thảo, bản số 1, chờ Chủ tịch HĐND ký ban hành.');
    await clerk.waitFor(rendered('QUYẾT NGHỊ:'));
    await clerk.waitFor(rendered(/^Điều 1\. Thông qua Nghị quyết về ngân sách\.$/));
    await shot(clerk, 'drafted');

    await clerk.click(byRole('button', 'Sửa nội dung'));
    const generated = await clerk.evaluate<string>(TEXT_BOX_VALUE);
    expect(generated).toMatch(ARTICLE_1_PLACEHOLDER);
    await clerk.fill(byLabel('Văn bản nghị quyết'), generated.replace(ARTICLE_1_PLACEHOLDER, ADOPTED));
    await clerk.click(byRole('button', 'Lưu bản sửa'));
    await statusBecomes(clerk, 'Dự thảo, bản số 2, chờ Chủ tịch HĐND ký ban hành.');
    await clerk.click(byRole('button', 'Xem văn bản'));
    // Article 1 now says what was adopted, a paragraph of its own; the rest of the text is kept line by line.
    await clerk.waitFor(rendered(ADOPTED));
    await clerk.waitFor(rendered(/^Điều 2\. Tổ chức thực hiện$/));
    expect(await clerk.count(rendered(/Văn phòng HĐND ghi tại đây/))).toBe(0);
    expect(await clerk.count(byRole('button', /^Ký ban hành/))).toBe(0);
    await clerk.waitFor(byText('Chủ tịch HĐND ký ban hành nghị quyết.'));
    expect(await clerk.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await shot(clerk, 'saved', rendered(ADOPTED));
  }, 120_000);

  it('the chair signs revision 2 with their own certificate, PIN and OTP: the resolution is numbered 01/NQ-HĐND, signed in their name, and the signed PDF offered', async () => {
    const chair = await open(s.cast.users.chair.id);
    await chair.click(inside(resolutionList, byRole('link', VOTE_TITLE)));
    await statusBecomes(chair, 'Dự thảo, bản số 2');
    await chair.waitFor(rendered(ADOPTED));
    await chair.click(byRole('button', 'Ký ban hành (bản số 2)'));
    const dialog = signDialog(2);
    await chair.waitFor(inside(dialog, byText(new RegExp(`^Chứng thư số của bạn: ${CHAIR}, hiệu lực đến`))));
    await chair.waitFor(inside(dialog, byText(/TM\. Hội đồng nhân dân, Chủ tịch/)));
    await chair.click(inside(dialog, byRole('button', 'Gửi mã OTP đến điện thoại')));
    await chair.waitFor(inside(dialog, byText('Đã gửi mã OTP; hãy xem tin nhắn trên điện thoại của bạn.')));
    await chair.fill(inside(dialog, byLabel('Mã PIN ký số')), PIN);
    await chair.fill(inside(dialog, byLabel('Mã OTP')), OTP);
    await shot(chair, 'sign-dialog');
    await chair.click(inside(dialog, byRole('button', 'Ký ban hành nghị quyết')));
    await statusBecomes(chair, new RegExp(`^Đã ký ban hành: Số: 01/NQ-HĐND, do ${CHAIR} ký lúc`));
    await chair.waitFor(dialog, 'gone');
    await chair.waitFor(byRole('link', 'Tải nghị quyết đã ký (PDF)'));
    // Signed, it can be neither edited nor signed again.
    expect(await chair.count(byRole('button', /^Ký ban hành/))).toBe(0);
    expect(await chair.count(byRole('button', 'Sửa nội dung'))).toBe(0);
    await chair.evaluate('window.scrollTo(0, 0)');
    await shot(chair, 'signed');
  }, 120_000);

  it('a delegate sees it "Đã ký ban hành" with its number on the session page and opens the signed text, which they cannot edit', async () => {
    const delegate = await open(s.cast.users.delegate.id);
    const item = listed(byText(/^Số: 01\/NQ-HĐND$/));
    await delegate.waitFor(inside(item, byText('Đã ký ban hành')));
    expect(await delegate.textOf(inside(item, byRole('link')))).toBe(VOTE_TITLE);
    await shot(delegate, 'session-list', item);
    await delegate.click(inside(item, byRole('link')));
    await delegate.waitFor(rendered(ADOPTED));
    expect(await delegate.textOf(resolutionStatus)).toMatch(new RegExp(`^Đã ký ban hành: Số: 01/NQ-HĐND, do ${CHAIR} ký lúc`));
    expect(await delegate.count(byRole('button', 'Sửa nội dung'))).toBe(0);
    await shot(delegate, 'opened');
  }, 90_000);

  it('no page had an uncaught error', async () => {
    expect(tabs).toHaveLength(3);
    for (const tab of tabs) expect(await tab.problems()).toEqual([]);
  });
});
