import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import type { ReceiptList } from '../../../contract/poll.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { errors } from '../platform/errors.js';
import { actorFor } from '../council/actor.js';
import { loadPoll } from './lifecycle.js';

const ReceiptListView = z.object({ pollId: z.string(), round: z.number(), receipts: z.array(z.string()) });

/** Voting over REST: the published list of receipts (a delegate finds their own in it). */
export function pollRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');
  const auth = requireAuth(deps);

  api.route({
    method: 'get', path: '/polls/:id/receipts', tag: 'polls', auth: true, params: IdParams, response: ReceiptListView,
    summary: 'Every receipt of a published poll round, sorted (members of the council)',
  }, auth, async (ctx) => {
    const p = await loadPoll(deps, input<unknown, unknown, { id: string }>(ctx).params.id);
    const actor = await actorFor(deps, authOf(ctx).userId, p.councilId);
    if (actor.roles.length === 0) throw errors.forbidden('xem danh sách biên nhận của cuộc biểu quyết này');
    if (p.status !== 'published') throw errors.conflict('Danh sách biên nhận có sau khi công bố kết quả. / Receipts are listed once the result is published.');
    const pollId = String(p._id);
    // Sorted by value, so the list's order says nothing about when a ballot was cast.
    const receipts = p.secret
      ? (await deps.models.SealedBallot.find({ pollId, round: p.round }, { receiptHash: 1 }).lean()).map((b) => b.receiptHash)
      : (await deps.models.NamedBallot.find({ pollId, round: p.round }, { receipt: 1 }).lean()).map((b) => b.receipt);
    const data: ReceiptList = { pollId, round: p.round, receipts: receipts.sort() };
    ctx.body = { ok: true, data };
  });

  return api;
}
