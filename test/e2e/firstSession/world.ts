import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../../helpers/testServer.js';
import type { startSmtpListener } from '../../helpers/smtpListener.js';
import type { MediaService } from '../../../media/src/MediaService.js';
import type { Opened } from '../browser.js';
import { setPasswordWithCode, shotsAt } from '../fromEmptySteps.js';
import { secretary } from './cast.js';

/**
 * What the first session's steps share as they go: the running server, media and browser, the
 * pages each user has open, the ids the pages created, and the ways of finding things on them.
 * Each step (adminSteps.ts, prepareSteps.ts, sittingSteps.ts, recordsSteps.ts) picks up where
 * the one before left it.
 */
export class FirstSession {
  /** What a real user would find wrong on a screen: sideways scrolling, small targets. */
  readonly layout: string[] = [];
  readonly opened: Opened[] = [];
  /** One-time codes by login. */
  readonly codes: Record<string, string> = {};
  adminPage!: Page;
  clerk!: Opened;
  chairSide!: Opened;
  hallTablet!: Opened;
  roomTablet!: Opened;
  room!: Opened;
  hall!: Page;
  sessionId = '';
  sittingId = '';
  roomId = '';

  constructor(readonly server: TestServer, readonly media: MediaService, readonly browser: Browser, readonly smtp: Awaited<ReturnType<typeof startSmtpListener>>) {}

  shots = (page: Page, name: string) => shotsAt(page, 'first', name, this.layout);
  tab = async (name: string, heading: string) => {
    await this.adminPage.getByRole('tab', { name, exact: true }).click();
    await this.adminPage.getByRole('heading', { name: heading, level: 2 }).waitFor();
  };
  accountRow = (login: string) => this.adminPage.getByTestId('account-row').filter({ hasText: login });
  memberRow = (login: string) => this.adminPage.getByTestId('member-row').filter({ hasText: login });
  pointCard = (name: string) => this.adminPage.getByTestId('point-card').filter({ has: this.adminPage.getByRole('heading', { name, exact: true }) });
  deskRow = (name: string) => this.clerk.page.getByTestId('attendance-desk').locator('[data-user-id]').filter({ has: this.clerk.page.getByText(name, { exact: true }) });
  quorumOf = (p: Page) => p.getByTestId('quorum').first();
  ballotOf = (p: Page, title: string) => p.getByTestId('ballot').filter({ has: p.getByRole('heading', { name: title, exact: true }) });
  controlOf = (p: Page, title: string) => p.getByTestId('poll-control').filter({ has: p.getByRole('heading', { name: title, exact: true }) });
  /** Sets `who`'s password with their one-time code and signs them in: their page, kept to be checked at the end. */
  signIn = async (who: { login: string; name: string; password: string }, viewport = { width: 1024, height: 768 }): Promise<Opened> => {
    // The password page photographed once, for the secretary.
    const filled = who === secretary ? (p: Page) => this.shots(p, 'set-password') : undefined;
    const o = await setPasswordWithCode(this.browser, this.server.url, { ...who, code: this.codes[who.login]! }, { viewport, hasTouch: viewport.width <= 1024, acceptDownloads: true }, filled);
    this.opened.push(o);
    return o;
  };
}
