import type { Context, Next } from 'koa';
import { z } from 'zod';
import { IdParams } from '../../../../contract/common.js';
import { ImportQuery, ImportResult } from '../../../../contract/org.js';
import type { Deps } from '../../app/deps.js';
import { input } from '../../platform/http/validate.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { requireAuth, authOf } from '../../auth/middleware.js';
import { loadCouncil, requireCouncilStaff, type ByIdParams } from '../access.js';
import { csvTextBody } from './csvBody.js';
import { importDelegates } from './csvImport.js';
import { auditCouncil } from '../orgAudit.js';

const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** Checks the right to import before the upload is read. */
function mayImport(deps: Deps) {
  return async (ctx: Context, next: Next) => {
    const council = await loadCouncil(deps, String((ctx as { params?: { id?: string } }).params?.id ?? ''));
    await requireCouncilStaff(deps, authOf(ctx), council);
    await next();
  };
}

/** Bulk import of a council's delegates from a CSV list (by the admin or the secretariat). */
export function registerImportRoutes(api: ApiRouter, deps: Deps): void {
  api.route({
    method: 'post',
    path: '/councils/:id/delegates/import',
    tag: 'org',
    auth: true,
    summary: 'Import delegates from CSV (name, unit, council, role, email, phone; UTF-8; comma or semicolon); ?dryRun=true only checks',
    params: IdParams,
    query: ImportQuery,
    body: z.string(),
    bodyContentType: 'text/csv',
    response: ImportResult,
  }, requireAuth(deps), mayImport(deps), csvTextBody(MAX_CSV_BYTES), async (ctx) => {
    const { params, body, query } = input<string, ImportQuery, ByIdParams>(ctx);
    const council = await loadCouncil(deps, params.id);
    const { importId, ...result } = await importDelegates(deps, council, body, { dryRun: query.dryRun });
    if (!query.dryRun) {
      deps.log.info({ councilId: params.id, importId, imported: result.imported, rejected: result.rejected.length, by: authOf(ctx).userId }, 'delegates imported');
      // A bulk grant of roles: one entry on the council's chain naming the import.
      if (importId) await auditCouncil(deps, authOf(ctx).userId, params.id, 'membership:imported', { kind: 'council', id: params.id }, { importId, imported: result.imported, rejected: result.rejected.length });
    }
    ctx.body = { ok: true, data: result };
  });
}
