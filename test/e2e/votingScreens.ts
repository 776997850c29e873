import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { PollView, Receipt, TallyView } from '../../contract/poll.js';
import { ok, type Emit } from '../helpers/acks.js';

/** The voting panel's card of one poll on a tablet, by the poll's title. */
export const ballotOf = (p: Page, title: string) => p.getByTestId('ballot').filter({ has: p.getByRole('heading', { name: title, exact: true }) });

/** The chair's (or secretariat's) controls of one poll, by the poll's title. */
export const controlOf = (p: Page, title: string) => p.getByTestId('poll-control').filter({ has: p.getByRole('heading', { name: title, exact: true }) });

/** One ballot sent through a delegate's socket; its receipt (a refusal throws). */
export const castVote = (who: Emit, pollId: string, round: number, choices: string[]) =>
  who<Receipt>('poll:vote', { pollId, round, commandId: randomUUID(), choices }).then(ok);

/** A poll created by the secretariat and opened by the chair, through their sockets. */
export async function createAndOpen(secretary: Emit, chair: Emit, sittingId: string, body: Record<string, unknown>): Promise<PollView> {
  const poll = ok(await secretary<PollView>('poll:create', { sittingId, commandId: randomUUID(), ...body }));
  return ok(await chair<PollView>('poll:open', { pollId: poll.id, commandId: randomUUID() }));
}

/** The chair's socket runs a poll command (close, publish) on a poll; its tally. */
export const chairCommand = (chair: Emit, name: 'poll:close' | 'poll:publish', pollId: string) =>
  chair<TallyView>(name, { pollId, commandId: randomUUID() }).then(ok);

/** Confirms the ballot in the tablet's confirmation dialog. */
export const confirmBallot = (p: Page) => p.getByRole('dialog', { name: 'Xác nhận phiếu biểu quyết' }).getByRole('button', { name: 'Gửi phiếu' }).click();
