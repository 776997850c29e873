import { createReadStream } from 'node:fs';
import type { Context } from 'koa';
import { Types } from 'mongoose';
import type { PublicAgendaItem, PublicRecording } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { chains } from '../audit/chains.js';
import { ifRangeHolds, noneMatchHits, parseRange } from '../document/range.js';
import { recordingChapters } from '../webcast/recordingChapters.js';
import { sittingTimeline } from '../records/minutes/timeline.js';
import { joinedPlaylist, recordingStore, type RecordingManifest } from '../webcast/recordingStore.js';
import { loadPublicSitting, portalNotFound } from './visibility.js';
import { weakEtag } from './respond.js';

/** A sealed recording never changes: its segments are immutable; the list is kept an hour (retention may remove it). */
export const SEGMENT_CACHE = 'public, max-age=31536000, immutable';
export const PLAYLIST_CACHE = 'public, max-age=3600';

export const recordingPlaylistUrl = (sittingId: string) => `/api/public/sittings/${sittingId}/recording/recording.m3u8`;

/**
 * The recording of a closed public sitting, with its chapters: the agenda items as the portal
 * numbers them and the turns at the floor by the speaker's name, from the audit chain's times.
 * Undefined while the sitting is not closed or nothing is sealed (yet).
 */
export async function publicRecordingOf(deps: Deps, sitting: { _id: Types.ObjectId; status: string }, agenda: readonly PublicAgendaItem[]): Promise<PublicRecording | undefined> {
  if (sitting.status !== 'closed') return undefined;
  const id = String(sitting._id);
  const m = await recordingStore(deps).manifest(id);
  if (!m || m.durationSeconds <= 0) return undefined;
  const entries = await deps.models.AuditEntry.find({ chain: chains.sitting(id) }, { _id: 0, at: 1, action: 1, data: 1 }).sort({ seq: 1 }).lean();
  const events = entries.map((e) => ({ at: new Date(e.at), action: e.action, data: e.data as Record<string, unknown> }));
  const speakerIds = [...new Set(events.map((e) => e.data.speaking).filter((s): s is string => typeof s === 'string' && Types.ObjectId.isValid(s)))];
  const users = speakerIds.length ? await deps.models.User.find({ _id: { $in: speakerIds.map((s) => new Types.ObjectId(s)) } }, { displayName: 1 }).lean() : [];
  const names = new Map(users.map((u) => [String(u._id), u.displayName]));
  const items = new Map(agenda.map((a) => [a.id, `${a.number}. ${a.title}`]));
  return {
    playlistUrl: recordingPlaylistUrl(id),
    durationSeconds: m.durationSeconds,
    chapters: recordingChapters(m, sittingTimeline(events), (itemId) => items.get(itemId) ?? null, (userId) => names.get(userId) || null),
  };
}

/** The manifest of a sitting the public may see, closed, with a sealed recording; `not_found` otherwise (closed doors included). */
async function servedManifest(deps: Deps, sittingId: string): Promise<RecordingManifest> {
  const { sitting } = await loadPublicSitting(deps, sittingId);
  const m = sitting.status === 'closed' ? await recordingStore(deps).manifest(String(sitting._id)) : null;
  if (!m) throw portalNotFound('bản ghi hình');
  return m;
}

/**
 * GET …/recording/:file: the joined playlist (built from the manifest, ETag) or one segment
 * (strong ETag = its SHA-256, Range, immutable).
 */
export async function sendRecordingFile(ctx: Context, deps: Deps, sittingId: string, file: string): Promise<void> {
  const m = await servedManifest(deps, sittingId);
  if (file === 'recording.m3u8') {
    const text = joinedPlaylist(m);
    const etag = weakEtag(text);
    ctx.set('ETag', etag);
    ctx.set('Cache-Control', PLAYLIST_CACHE);
    if (noneMatchHits(ctx.get('if-none-match') || undefined, etag)) { ctx.status = 304; return; }
    ctx.type = 'application/vnd.apple.mpegurl';
    ctx.body = text;
    return;
  }
  const seg = recordingStore(deps).segmentPath(sittingId, m, file);
  if (!seg) throw portalNotFound('tệp ghi hình');
  const etag = `"${seg.sha256}"`;
  ctx.set('ETag', etag);
  ctx.set('Accept-Ranges', 'bytes');
  ctx.set('Cache-Control', SEGMENT_CACHE);
  if (noneMatchHits(ctx.get('if-none-match') || undefined, etag)) { ctx.status = 304; return; }
  const range = ifRangeHolds(ctx.get('if-range') || undefined, etag) ? parseRange(ctx.get('range') || undefined, seg.bytes) : { kind: 'full' as const };
  if (range.kind === 'unsatisfiable') {
    ctx.status = 416;
    ctx.set('Content-Range', `bytes */${seg.bytes}`);
    return;
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, seg.bytes - 1];
  ctx.status = range.kind === 'partial' ? 206 : 200;
  ctx.type = 'video/mp2t';
  if (range.kind === 'partial') ctx.set('Content-Range', `bytes ${start}-${end}/${seg.bytes}`);
  ctx.length = end - start + 1;
  ctx.body = createReadStream(seg.path, { start, end });
}
