import { IdParams } from '../../../contract/common.js';
import { DocumentEdit, DocumentView, DocumentWithdraw } from '../../../contract/document.js';
import type { Deps } from '../app/deps.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { editDocument, withdrawDocument } from './manage.js';
import { toDocumentView } from './views.js';

/**
 * The staff's changes to a document already in the dossier: its metadata, and its
 * withdrawal. Followers of the session's dossier hear `documents:changed`, as after an upload.
 */
export function registerManageRoutes(api: ApiRouter, deps: Deps): void {
  const auth = requireAuth(deps);
  const changed = (sessionId: string) => deps.realtime?.toSession(sessionId, 'documents:changed', { sessionId });

  api.route({
    method: 'patch', path: '/documents/:id', tag: 'documents', auth: true, params: IdParams, body: DocumentEdit, response: DocumentView,
    summary: 'Change a document\'s title, kind, access, named readers or agenda item, for all its versions (secretariat, chair)',
  }, auth, async (ctx) => {
    const { params, body } = input<DocumentEdit, unknown, { id: string }>(ctx);
    const { doc, sessionId } = await editDocument(deps, authOf(ctx), params.id, body);
    ctx.body = { ok: true, data: toDocumentView(doc, { showReaders: true }) };
    changed(sessionId);
  });

  api.route({
    method: 'post', path: '/documents/:id/withdraw', tag: 'documents', auth: true, params: IdParams, body: DocumentWithdraw, response: DocumentView,
    summary: 'Withdraw a document from the dossier with a reason (secretariat, chair); kept on record, audited',
  }, auth, async (ctx) => {
    const { params, body } = input<DocumentWithdraw, unknown, { id: string }>(ctx);
    const { doc, sessionId } = await withdrawDocument(deps, authOf(ctx), params.id, body.reason);
    ctx.body = { ok: true, data: toDocumentView(doc, { showReaders: true }) };
    changed(sessionId);
  });
}
