import { Types } from 'mongoose';
import { z } from 'zod';
import { MyDocument, MyDocumentsQuery, type AccessLevel } from '../../../contract/document.js';
import type { Role } from '../../../contract/roles.js';
import type { Deps } from '../app/deps.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { canRead, isStaff } from './access.js';
import { toDocumentView } from './views.js';
import { linkVersions } from './versions.js';

/** Who sees a council's draft sessions (as on the home page's list). */
const SEES_DRAFTS: readonly Role[] = ['admin', 'secretariat', 'chair'];

/**
 * GET /api/me/documents: the current documents the signed-in user may read in every council
 * they belong to, by the dossier's own rule (canRead), newest session first. An observer's
 * `?access=named,confidential` is what the council granted them beyond the public documents.
 */
export function registerMyDocumentsRoute(api: ApiRouter, deps: Deps): void {
  api.route({
    method: 'get', path: '/me/documents', tag: 'documents', auth: true, query: MyDocumentsQuery, response: z.array(MyDocument),
    summary: 'The current documents I may read across my councils\' sessions (?access=named,confidential narrows the levels)',
  }, requireAuth(deps), async (ctx) => {
    const { userId } = authOf(ctx);
    const { query } = input<unknown, MyDocumentsQuery>(ctx);
    const levels = query.access?.length ? new Set<AccessLevel>(query.access) : null;
    const { Membership, Council, CouncilSession, Document } = deps.models;
    const ms = await Membership.find({ userId: new Types.ObjectId(userId) }).lean();
    const rolesOf = new Map<string, Role[]>();
    for (const m of ms) rolesOf.set(String(m.councilId), [...(rolesOf.get(String(m.councilId)) ?? []), m.role as Role]);
    if (rolesOf.size === 0) return void (ctx.body = { ok: true, data: [] });
    const councilIds = [...rolesOf.keys()].map((id) => new Types.ObjectId(id));
    const names = new Map((await Council.find({ _id: { $in: councilIds } }).lean()).map((c) => [String(c._id), c.name]));
    const sessions = (await CouncilSession.find({ councilId: { $in: councilIds } }).sort({ startsAt: -1 }).limit(100).lean())
      .filter((s) => s.status !== 'draft' || rolesOf.get(String(s.councilId))!.some((r) => SEES_DRAFTS.includes(r)));
    if (sessions.length === 0) return void (ctx.body = { ok: true, data: [] });
    // Every version is read (FerretDB scans the collection whatever the filter) to link them.
    const docs = linkVersions(await Document.find({ sessionId: { $in: sessions.map((s) => s._id) } }).sort({ createdAt: 1 }).lean());
    const data: MyDocument[] = [];
    for (const s of sessions) {
      const councilId = String(s.councilId);
      const roles = rolesOf.get(councilId)!;
      const session = { id: String(s._id), number: s.number ?? '', title: s.title, councilId, councilName: names.get(councilId) ?? '', startsAt: s.startsAt.toISOString() };
      for (const d of docs) {
        if (String(d.sessionId) !== session.id || d.supersededBy) continue;
        if (levels && !levels.has(d.access as AccessLevel)) continue;
        if (!canRead(d.access as AccessLevel, roles, userId, d)) continue;
        data.push({ ...toDocumentView(d, { showReaders: isStaff(roles) }), session });
      }
    }
    ctx.body = { ok: true, data };
  });
}
