import { IdParams } from '../../../contract/common.js';
import type { Deps } from '../app/deps.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { loadSession } from '../council/loaders.js';
import { contentDisposition } from '../platform/http/contentDisposition.js';
import { requireReviewer } from './access.js';
import { sessionComments } from './sessionComments.js';
import { buildCommentReport, vnDate } from './report/reportPdf.js';

/** The consolidated report as a PDF download, made fresh on each request (never cached). */
export function registerReportRoute(api: ApiRouter, deps: Deps): void {
  api.route({
    method: 'get', path: '/sessions/:id/comments/report.pdf', tag: 'comments', auth: true, params: IdParams,
    summary: 'The consolidated report of comments on drafts (báo cáo tổng hợp góp ý) as a PDF (secretariat and chair)',
  }, requireAuth(deps), async (ctx) => {
    const session = await loadSession(deps, input<unknown, unknown, { id: string }>(ctx).params.id);
    await requireReviewer(deps, authOf(ctx), session.councilId);
    const [council, me, comments] = await Promise.all([
      deps.models.Council.findById(session.councilId, { name: 1 }).lean(),
      deps.models.User.findById(authOf(ctx).userId, { displayName: 1, login: 1 }).lean(),
      sessionComments(deps, session._id),
    ]);
    const generatedAt = new Date();
    const pdf = await buildCommentReport({
      councilName: council?.name ?? '',
      session: { title: session.title, startsAt: session.startsAt, endsAt: session.endsAt, venue: session.venue ?? '' },
      generatedAt,
      generatedBy: me?.displayName || me?.login || '',
      comments,
    });
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Content-Disposition', contentDisposition('attachment', `Báo cáo tổng hợp góp ý ${vnDate(generatedAt).replaceAll('/', '-')}.pdf`));
    ctx.type = 'application/pdf';
    ctx.body = Buffer.from(pdf);
  });
}
