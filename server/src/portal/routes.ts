import { z } from 'zod';
import { PublicCalendar, PublicCouncil, PublicCouncilParams, PublicDelegateList, PublicDocumentParams, PublicRecordingFileParams, PublicResolutionParams, PublicSitting, PublicSittingParams } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { listPublicCouncils } from './councils.js';
import { buildCalendar } from './calendar.js';
import { buildPublicSitting } from './sittingView.js';
import { buildDelegates } from './delegates.js';
import { loadPublicDocument } from './documents.js';
import { loadPublicSitting, portalNotFound } from './visibility.js';
import { signatureOf } from '../records/signing/sign.js';
import { LIST_CACHE, LIVE_CACHE, respondPublic } from './respond.js';
import { ViewCache } from './viewCache.js';
import { DOCUMENT_FILE_CACHE, MINUTES_FILE_CACHE, sendPublicPdf } from './files.js';
import { loadPublicResolution } from './resolutions.js';
import { sendRecordingFile } from './recording.js';
import { recordingStore } from '../webcast/recordingStore.js';

const tag = 'portal';

/**
 * The public portal (cổng thông tin công khai): read-only, no sign-in (`auth: false`), only
 * what is published (contract/portal.ts). Everything unpublished answers `not_found`.
 */
export function portalRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api/public');
  // Views kept 2 s (a crowd polling costs one build per view); any change of a sitting, a
  // poll or a session drops them all at once, so nothing turned private is served from here.
  const views = new ViewCache(2000);
  for (const e of ['sitting.changed', 'poll.changed', 'poll.deleted', 'session.cancelled', 'minutes.signed', 'resolution.signed'] as const) deps.events.subscribe(e, () => views.clear(), 'everywhere');
  recordingStore(deps).onSealed(() => views.clear());

  api.route({ method: 'get', path: '/councils', tag, auth: false, summary: 'Public portal: every council', response: z.array(PublicCouncil) }, async (ctx) => {
    respondPublic(ctx, await views.get('councils', () => listPublicCouncils(deps)), LIST_CACHE);
  });

  api.route({ method: 'get', path: '/councils/:councilId/calendar', tag, auth: false, params: PublicCouncilParams, response: PublicCalendar,
    summary: 'Public portal: a council\'s published sessions and their public sittings' }, async (ctx) => {
    const { councilId } = input<unknown, unknown, { councilId: string }>(ctx).params;
    respondPublic(ctx, await views.get(`calendar:${councilId}`, () => buildCalendar(deps, councilId)), LIVE_CACHE);
  });

  api.route({ method: 'get', path: '/councils/:councilId/delegates', tag, auth: false, params: PublicCouncilParams, response: PublicDelegateList,
    summary: 'Public portal: a council\'s delegates and their attendance at public sittings' }, async (ctx) => {
    const { councilId } = input<unknown, unknown, { councilId: string }>(ctx).params;
    respondPublic(ctx, await views.get(`delegates:${councilId}`, () => buildDelegates(deps, councilId)), LIST_CACHE);
  });

  api.route({ method: 'get', path: '/sittings/:sittingId', tag, auth: false, params: PublicSittingParams, response: PublicSitting,
    summary: 'Public portal: one public sitting (agenda, public documents, published results, questions, signed minutes, live state)' }, async (ctx) => {
    const { sittingId } = input<unknown, unknown, { sittingId: string }>(ctx).params;
    respondPublic(ctx, await views.get(`sitting:${sittingId}`, () => buildPublicSitting(deps, sittingId)), LIVE_CACHE);
  });

  api.route({ method: 'get', path: '/documents/:documentId/file', tag, auth: false, params: PublicDocumentParams,
    summary: 'Public portal: the PDF of a public document (Range, ETag)' }, async (ctx) => {
    const doc = await loadPublicDocument(deps, input<unknown, unknown, { documentId: string }>(ctx).params.documentId);
    await sendPublicPdf(ctx, deps, doc, DOCUMENT_FILE_CACHE);
  });

  api.route({ method: 'get', path: '/minutes/:sittingId/file', tag, auth: false, params: PublicSittingParams,
    summary: 'Public portal: the signed minutes (PDF) of a public sitting (Range, ETag)' }, async (ctx) => {
    const { sitting } = await loadPublicSitting(deps, input<unknown, unknown, { sittingId: string }>(ctx).params.sittingId);
    // Only once signed: drafts and revisions of the minutes are never public.
    const signed = await signatureOf(deps, String(sitting._id));
    if (!signed) throw portalNotFound('biên bản');
    await sendPublicPdf(ctx, deps, signed, MINUTES_FILE_CACHE);
  });

  api.route({ method: 'get', path: '/resolutions/:pollId/file', tag, auth: false, params: PublicResolutionParams,
    summary: 'Public portal: a signed resolution (PDF) adopted in a public sitting (Range, ETag)' }, async (ctx) => {
    // Only once signed (drafts are never public), and only of a sitting the public may see.
    const signed = await loadPublicResolution(deps, input<unknown, unknown, { pollId: string }>(ctx).params.pollId);
    await sendPublicPdf(ctx, deps, signed, MINUTES_FILE_CACHE);
  });

  api.route({ method: 'get', path: '/sittings/:sittingId/recording/:file', tag, auth: false, params: PublicRecordingFileParams,
    summary: 'Public portal: the recording of a closed public sitting (HLS: recording.m3u8 and its segments; Range, ETag, immutable segments)' }, async (ctx) => {
    const { sittingId, file } = input<unknown, unknown, { sittingId: string; file: string }>(ctx).params;
    await sendRecordingFile(ctx, deps, sittingId, file);
  });

  return api;
}
