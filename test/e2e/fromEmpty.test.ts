import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.js';
import { startSmtpListener } from '../helpers/smtpListener.js';
import { MediaService } from '../../media/src/MediaService.js';
import { WorkerPool } from '../../media/src/WorkerPool.js';
import { buildClient } from './browser.js';
import { launchChromiumWithFakeMedia } from './mediaBrowser.js';
import { FirstSession } from './firstSession/world.js';
import * as adminSteps from './firstSession/adminSteps.js';
import * as prepareSteps from './firstSession/prepareSteps.js';
import * as sittingSteps from './firstSession/sittingSteps.js';
import * as recordsSteps from './firstSession/recordsSteps.js';

/**
 * A council's first session from an empty system, through the pages only (README, "Your first
 * session"): the first administrator, the province council with N and its delegates (a CSV
 * import, an account made by hand, a password reset with a one-time code), a commune meeting
 * point and its operator; the secretariat's session with two sittings, agenda, two PDFs
 * uploaded with their progress, a poll, publication and the invitations e-mailed; delegates
 * who open the invitation, read a document, check in to a quorum of N and vote; a delegate at
 * the commune point given the floor, the commune room heard in the hall; the sitting closed
 * and its minutes generated, edited, signed and downloaded. Every screen is photographed at
 * 1024×768 and 1440×900 (test-results/screenshots/first-*.png). The steps are in
 * firstSession/, in the order they run here; each picks up the state the one before left.
 */
describe('a council’s first session from an empty system, through the pages only (Chromium)', () => {
  let w: FirstSession;
  let distDir: string;

  beforeAll(async () => {
    distDir = await buildClient();
    const smtp = await startSmtpListener();
    const pool = await WorkerPool.create({ size: 1, listen: { ip: '127.0.0.1', portRange: { min: 46000, max: 46999 } }, respawnDelayMs: 200 });
    const media = MediaService.withPool(pool, {
      transport: { initialAvailableOutgoingBitrate: 1_000_000, maxIncomingBitrate: 3_000_000 },
      consumerBudget: 500,
    });
    const server = await startTestServer({ env: { CLIENT_DIST: distDir, ...smtp.env }, media });
    w = new FirstSession(server, media, await launchChromiumWithFakeMedia(), smtp);
  }, 240_000);

  afterAll(async () => {
    await w?.browser.close();
    await w?.server.stop();
    w?.media.close();
    await w?.smtp.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('the first-run page creates the administrator, the province and its council with N', () => adminSteps.firstRunAndCouncil(w), 90_000);
  it('the administrator adds the commune and its meeting point', () => adminSteps.communeAndMeetingPoint(w), 90_000);
  it('imports the chair, the secretary and eleven delegates from a CSV file (a dry run first)', () => adminSteps.importDelegates(w), 90_000);
  it('creates the operator’s and the twelfth delegate’s accounts by hand and gives one-time codes to those who sign in', () => adminSteps.accountsByHand(w), 120_000);
  it('gives the commune delegate the commune’s meeting point and assigns the operator to it', () => adminSteps.communeDelegatePlace(w), 90_000);
  it('the secretary sets a password with the code and creates the session with its agenda and two sittings, the opening one with the commune room', () => prepareSteps.sessionWithAgenda(w), 120_000);
  it('uploads two PDFs from the page, each with its progress, then prepares a poll and publishes the sittings', () => prepareSteps.uploadsAndPoll(w), 180_000);
  it('sends the invitations from Triệu tập; the local mail server receives one with its PDF for each invitee', () => prepareSteps.invitations(w), 90_000);
  it('a delegate sets her password, opens the invitation, reads a document and checks in on her tablet', () => sittingSteps.delegateChecksIn(w), 120_000);
  it('the commune delegate checks in online from the commune room; the secretariat checks in most of the others from its desk until a quorum of N', () => sittingSteps.quorumFromDesk(w), 120_000);
  it('the chair sets a password, sees the quorum on the console and opens the sitting', () => sittingSteps.chairOpens(w), 90_000);
  it('the commune room’s operator asks for the floor for its delegate, the chair gives it: the commune room holds the floor and the hall hears it', () => sittingSteps.communeFloor(w), 150_000);
  it('the chair opens the poll the secretariat prepared; the two delegates vote on their tablets; the chair ends it and the result counts against N', () => sittingSteps.pollAgainstN(w), 120_000);
  it('the chair closes the sitting; the secretary generates, edits and signs the minutes and downloads the signed PDF, which names the council', () => recordsSteps.minutesSigned(w), 150_000);
  it('the session page lists no adopted resolution: the resolution vote failed against N', () => recordsSteps.noResolutionAdopted(w), 60_000);

  it('no page logged an error, and every screen fits both sizes with touch targets of at least 44 px', () => {
    for (const o of w.opened) expect(o.problems).toEqual([]);
    expect(w.layout).toEqual([]);
  });
});
