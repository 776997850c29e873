import { randomUUID } from 'node:crypto';
import { ok, type Emit } from '../helpers/acks.js';
import type { PollView } from '../../contract/poll.js';
import { byRole, byTestId, byText, inside, type Query, type Tab, type Text } from './driver.js';

/** The tablet's ballot card of a poll, by the poll's title. */
export const ballotOf = (title: string): Query => ({ ...byTestId('ballot'), has: byRole('heading', title) });
/** The chair's controls of a poll, by the poll's title. */
export const controlOf = (title: string): Query => ({ ...byTestId('poll-control'), has: byRole('heading', title) });
/** The tablet's confirmation of a ballot. */
export const confirmDialog = byRole('dialog', 'Xác nhận phiếu biểu quyết');
/** The hall screen's poll, and its results once closed. */
export const hallPoll = byTestId('hall-poll');
export const hallResults = inside(hallPoll, byTestId('poll-results'));
/** "Đã bỏ phiếu: n/50" inside `scope`. */
export const castCount = (scope: Query, n: number) => inside(scope, byText(`Đã bỏ phiếu: ${n}/50`));

/** Clicks `button` in the console's control of a poll, then the same button in its confirmation dialog. */
export async function confirmOnConsole(chair: Tab, title: string, button: string, dialogName: string) {
  await chair.click(inside(controlOf(title), byRole('button', button)));
  await chair.click(inside(byRole('dialog', dialogName), byRole('button', button)));
}

/** A poll created by the secretariat's socket, left a draft (test/e2e/votingScreens.ts createAndOpen also opens it). */
export async function draftPoll(secretary: Emit, sittingId: string, body: Record<string, unknown>): Promise<PollView> {
  return ok(await secretary<PollView>('poll:create', { sittingId, commandId: randomUUID(), threshold: { kind: 'more_than_half' }, ...body }));
}

/** Waits until `tab`'s text of `q` matches `expected` (polled, for the step timeout). */
export async function textBecomes(tab: Tab, q: Query, expected: Text): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const text = await tab.textOf(q);
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`text ${JSON.stringify(text)} never matched ${String(expected)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
