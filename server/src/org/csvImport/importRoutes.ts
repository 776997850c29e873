import type { Context, Next } from 'koa';
import { z } from 'zod';
import { IdParams } from '../../../../contract/common.js';
import { ImportResult } from '../../../../contract/org.js';
import type { Deps } from '../../app/deps.js';
import { input } from '../../platform/http/validate.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { requireAuth, authOf } from '../../auth/middleware.js';
import { loadCouncil, requireCouncilStaff, type ByIdParams } from '../access.js';
import { csvTextBody } from './csvBody.js';
import { importDelegates } from './csvImport.js';

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
    summary: 'Import delegates from CSV (name, unit, council, role, email, phone; UTF-8; comma or semicolon)',
    params: IdParams,
    body: z.string(),
    bodyContentType: 'text/csv',
    response: ImportResult,
  }, requireAuth(deps), mayImport(deps), csvTextBody(MAX_CSV_BYTES), async (ctx) => {
    const { params, body } = input<string, unknown, ByIdParams>(ctx);
    const council = await loadCouncil(deps, params.id);
    const { importId, ...result } = await importDelegates(deps, council, body);
    deps.log.info({ councilId: params.id, importId, imported: result.imported, rejected: result.rejected.length, by: authOf(ctx).userId }, 'delegates imported');
    ctx.body = { ok: true, data: result };
  });
}
