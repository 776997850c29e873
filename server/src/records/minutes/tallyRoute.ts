import { PollIdParams, TallyRecordQuery } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { input } from '../../platform/http/validate.js';
import { requireAuth, authOf } from '../../auth/middleware.js';
import { rolesIn } from '../../council/roles.js';
import { errors } from '../../platform/errors.js';
import { contentDisposition } from '../../platform/http/contentDisposition.js';
import { holds, RECORD_STAFF } from '../access.js';
import { tallyRecordName, tallyRecordPdf, type TallyPoll } from './tallyRecord.js';
import { recordErrors } from '../errors.js';

/**
 * GET /api/polls/:pollId/tally-record.pdf[?round=n] — the tally record (biên bản kiểm phiếu) of a
 * closed round, read from the stored closure (PollClosure `${pollId}:${round}`), with the
 * council's seal in it (sealed on the first download, the same file after). The chair and the
 * secretariat get it once the round is closed; the council's delegates once it is published.
 */
export function registerTallyRoute(api: ApiRouter, deps: Deps): void {
  api.route({
    method: 'get', path: '/polls/:pollId/tally-record.pdf', tag: 'records', auth: true, params: PollIdParams, query: TallyRecordQuery,
    summary: 'The tally record (biên bản kiểm phiếu) of a closed poll round as a PDF (chair, secretariat; delegates once published)',
  }, requireAuth(deps), async (ctx) => {
    const { params, query } = input<unknown, { round?: number }, { pollId: string }>(ctx);
    const poll = await deps.models.Poll.findById(params.pollId).lean<TallyPoll>();
    if (!poll) throw errors.notFound('cuộc biểu quyết');
    const roles = await rolesIn(deps, authOf(ctx).userId, String(poll.councilId));
    const staff = holds(roles, RECORD_STAFF);
    if (!staff && !roles.includes('delegate')) throw errors.forbidden('xem biên bản kiểm phiếu');
    const round = query.round ?? poll.round;
    if (round > poll.round) throw errors.notFound('vòng biểu quyết này');
    // Delegates read only the published result: the current round of a published poll.
    if (!staff && !(poll.status === 'published' && round === poll.round)) throw recordErrors.notPublished();
    const pdf = await tallyRecordPdf(deps, poll, round);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Content-Disposition', contentDisposition('attachment', tallyRecordName(poll.title, round)));
    ctx.type = 'application/pdf';
    ctx.body = pdf;
  });
}
