import { IdParams } from '../../../contract/common.js';
import { DocumentPageReads } from '../../../contract/document.js';
import type { Deps } from '../app/deps.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { loadReadableDocument } from './access.js';
import { pageReadsOf } from './pageReadsStore.js';

/**
 * What the viewer reads to draw each page (DocumentPageReads), for whoever may read the
 * document: the file's layout, not its content, so a confidential read is not logged here
 * (its bytes still are, by the file route). One version's record never changes.
 */
export function registerPagesRoute(api: ApiRouter, deps: Deps): void {
  api.route({
    method: 'get', path: '/documents/:id/pages', tag: 'documents', auth: true, params: IdParams, response: DocumentPageReads,
    summary: 'Where each page\'s bytes are in the file (chunks), so the viewer asks for a page in one request; null when unknown',
  }, requireAuth(deps), async (ctx) => {
    const { params } = input<unknown, unknown, { id: string }>(ctx);
    const { doc } = await loadReadableDocument(deps, authOf(ctx), params.id);
    ctx.set('Cache-Control', 'private, max-age=31536000, immutable');
    ctx.body = { ok: true, data: await pageReadsOf(deps, doc._id) };
  });
}
