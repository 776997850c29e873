import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { DocumentListQuery, DocumentUploadQuery, DocumentUploadResult, DocumentView, type AccessLevel } from '../../../contract/document.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { loadSession, requireMember, requireSecretariat } from '../council/loaders.js';
import { canRead, isStaff, loadReadableDocument } from './access.js';
import { documentCache } from './cache.js';
import { receivePdf } from './receive.js';
import { planDocument, storeDocument } from './upload.js';
import { registerFileRoute } from './fileRoute.js';
import { registerPagesRoute } from './pagesRoute.js';
import { registerManageRoutes } from './manageRoutes.js';
import { registerMyDocumentsRoute } from './mine.js';
import { toDocumentView } from './views.js';
import { linkVersions, withSuccessor } from './versions.js';

/** The session dossier (hồ sơ kỳ họp): uploads by the secretariat, reads by whoever may. */
export function documentRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');
  const auth = requireAuth(deps);

  api.route({
    method: 'post', path: '/sessions/:id/documents', tag: 'documents', auth: true, params: IdParams, query: DocumentUploadQuery,
    bodyContentType: 'application/pdf', body: z.any().describe('the PDF itself'), response: DocumentUploadResult,
    summary: 'Upload a PDF (raw body, metadata in the query) as a new document or, with supersedes, a new version (secretariat)',
  }, auth, async (ctx) => {
    const { params, query } = input<unknown, DocumentUploadQuery, { id: string }>(ctx);
    const session = await loadSession(deps, params.id);
    await requireSecretariat(deps, authOf(ctx), session.councilId);
    const plan = await planDocument(deps, session, query);
    const file = await receivePdf(ctx, documentCache(deps).incomingDir, deps.config.DOCUMENT_MAX_BYTES);
    try {
      ctx.body = { ok: true, data: await storeDocument(deps, authOf(ctx), session, plan, file) };
      deps.realtime?.toSession(String(session._id), 'documents:changed', { sessionId: String(session._id) });
    } finally {
      await file.discard();
    }
  });

  api.route({
    method: 'get', path: '/sessions/:id/documents', tag: 'documents', auth: true, params: IdParams, query: DocumentListQuery, response: z.array(DocumentView),
    summary: 'The documents of a session I may read: current versions, or every version with ?all=true',
  }, auth, async (ctx) => {
    const { params, query } = input<unknown, { all?: string }, { id: string }>(ctx);
    const session = await loadSession(deps, params.id);
    const { userId } = authOf(ctx);
    const roles = await requireMember(deps, authOf(ctx), session.councilId);
    const all = query.all === 'true' || query.all === '1';
    // Every version is read (FerretDB scans the collection whatever the filter) to link them.
    const docs = linkVersions(await deps.models.Document.find({ sessionId: session._id }).sort({ createdAt: 1 }).lean());
    const readable = docs.filter((d) => (all || !d.supersededBy) && canRead(d.access as AccessLevel, roles, userId, d));
    ctx.body = { ok: true, data: readable.map((d) => toDocumentView(d, { showReaders: isStaff(roles) })) };
  });

  api.route({
    method: 'get', path: '/documents/:id', tag: 'documents', auth: true, params: IdParams, response: DocumentView,
    summary: 'One document version\'s metadata (supersededBy tells whether a newer version exists)',
  }, auth, async (ctx) => {
    const { params } = input<unknown, unknown, { id: string }>(ctx);
    const { doc, roles } = await loadReadableDocument(deps, authOf(ctx), params.id);
    ctx.body = { ok: true, data: toDocumentView(await withSuccessor(deps, doc), { showReaders: isStaff(roles) }) };
  });

  registerMyDocumentsRoute(api, deps);
  registerFileRoute(api, deps);
  registerPagesRoute(api, deps);
  registerManageRoutes(api, deps);
  return api;
}
