import type { Context } from 'koa';
import { IdParams } from '../../../../contract/common.js';
import { SigningKeyView } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { input } from '../../platform/http/validate.js';
import { requireAuth, authOf } from '../../auth/middleware.js';
import { errors } from '../../platform/errors.js';
import { loadSession, loadSitting, requireMember } from '../../council/loaders.js';
import { contentDisposition } from '../../platform/http/contentDisposition.js';
import { RECORD_STAFF, requireRecordRole } from '../access.js';
import { gatherMinutesData } from '../minutes/minutesData.js';
import { attendanceCsv, pollResultsCsv } from './csv.js';
import { buildBundle } from './bundle.js';
import { slug } from './fileNames.js';

const idOf = (ctx: Context) => input<unknown, unknown, { id: string }>(ctx).params.id;

function download(ctx: Context, type: string, name: string, body: Buffer | Uint8Array): void {
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('Content-Disposition', contentDisposition('attachment', name));
  ctx.type = type;
  ctx.body = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** CSV exports of a sitting, the session's archive bundle, and a council's public signing key. */
export function registerExportRoutes(api: ApiRouter, deps: Deps): void {
  const auth = requireAuth(deps);

  for (const [file, what, make] of [['attendance.csv', 'điểm danh', attendanceCsv], ['polls.csv', 'kết quả biểu quyết', pollResultsCsv]] as const) {
    api.route({ method: 'get', path: `/sittings/:id/${file}`, tag: 'records', auth: true, params: IdParams,
      summary: `The sitting's ${file === 'attendance.csv' ? 'attendance' : 'poll results'} as CSV (UTF-8 with BOM, for Excel) (secretariat, chair)` }, auth, async (ctx) => {
      const sitting = await loadSitting(deps, idOf(ctx));
      await requireRecordRole(deps, authOf(ctx), sitting.councilId, RECORD_STAFF, `tải ${what}`);
      const data = await gatherMinutesData(deps, String(sitting._id));
      download(ctx, 'text/csv; charset=utf-8', `${file === 'attendance.csv' ? 'diem-danh' : 'ket-qua-bieu-quyet'}-${slug(sitting.title, 40)}.csv`, make(data));
    });
  }

  api.route({ method: 'get', path: '/sessions/:id/records/bundle.zip', tag: 'records', auth: true, params: IdParams,
    summary: 'The session\'s archive bundle: every document version, signed minutes and resolutions, audit log and a signed manifest of SHA-256 hashes (secretariat, chair)' }, auth, async (ctx) => {
    const session = await loadSession(deps, idOf(ctx));
    const roles = await requireRecordRole(deps, authOf(ctx), session.councilId, RECORD_STAFF, 'tải gói lưu trữ');
    const me = await deps.models.User.findById(authOf(ctx).userId, { displayName: 1, login: 1 }).lean();
    const { zip } = await buildBundle(deps, String(session._id), { userId: authOf(ctx).userId, name: me?.displayName || me?.login || '', role: roles.includes('secretariat') ? 'secretariat' : 'chair' });
    download(ctx, 'application/zip', `ho-so-luu-tru-${slug(session.title, 50)}.zip`, zip);
  });

  api.route({ method: 'get', path: '/councils/:id/signing-key', tag: 'records', auth: true, params: IdParams, response: SigningKeyView,
    summary: 'The council\'s public signing key and its fingerprint, to check signatures against (members)' }, auth, async (ctx) => {
    await requireMember(deps, authOf(ctx), idOf(ctx));
    const k = await deps.models.SigningKey.findById(idOf(ctx)).lean();
    if (!k) throw errors.notFound('khóa ký của hội đồng (chưa ký biên bản nào)');
    ctx.body = { ok: true, data: { councilId: k._id, councilName: k.councilName, algorithm: 'Ed25519', publicKey: k.publicKey, fingerprint: k.fingerprint, createdAt: new Date(k.createdAt).toISOString(),
      pdfCertificate: k.pdfCertificate ? { pem: k.pdfCertificate.pem, fingerprint: k.pdfCertificate.fingerprint } : null } satisfies SigningKeyView };
  });
}
