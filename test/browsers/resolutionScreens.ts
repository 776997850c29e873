import type { TestServer } from '../helpers/testServer.js';
import { cookieFor } from '../helpers/sockets.js';
import { byRole, byTestId, byText, inside, type Engine, type Query, type Tab, type Text } from './driver.js';
import { textBecomes } from './flowScreens.js';

/** The passed vote of the scripted sitting (test/helpers/recordsFixtures.ts), and the resolution it adopts. */
export const VOTE_TITLE = 'Thông qua Nghị quyết về ngân sách';
export const TABLET = { width: 1024, height: 768 };

/** A tablet-sized tab of `engine` at `path`, signed in as `userId` by a session cookie. */
export async function openAs(engine: Engine, server: TestServer, userId: string, path: string): Promise<Tab> {
  const tab = await engine.open({ origin: server.url, viewport: TABLET, cookie: await cookieFor(server.deps, userId) });
  await tab.goto(path);
  return tab;
}

/** The session page's "Nghị quyết đã thông qua", and one resolution's entry in it by what it holds. */
export const resolutionList = byTestId('resolutions');
export const listed = (has: Query): Query => ({ ...inside(resolutionList, byRole('listitem')), has });
export const listedVote = listed(byRole('link', VOTE_TITLE));

/** The resolution page: where it stands, and its text as the document it will be. */
export const resolutionStatus = byTestId('resolution-status');
export const rendered = (text: Text): Query => inside(byTestId('resolution-rendered'), byText(text));
export const statusBecomes = (tab: Tab, expected: Text) => textBecomes(tab, resolutionStatus, expected);

/** The chair's signing question for revision `n`. */
export const signDialog = (n: number) => byRole('dialog', `Ký ban hành nghị quyết, bản số ${n}?`);

/** The generated draft's stand-in for Article 1's content, which the secretariat replaces. */
export const ARTICLE_1_PLACEHOLDER = /\(Văn phòng HĐND ghi tại đây[^)]*\)/;
/** The resolution text box's value (a string expression: the tests have no DOM types). */
export const TEXT_BOX_VALUE = "document.querySelector('[data-testid=\"resolution-text\"]').value";
