import { readFile } from 'node:fs/promises';
import type { Deps } from '../../app/deps.js';
import { joinedPlaylist, recordingStore } from '../../webcast/recordingStore.js';
import { slug } from './fileNames.js';
import type { ZipFile } from './zip.js';

/** A sitting's recording as the bundle's manifest describes it. */
export interface BundleRecording { sittingId: string; playlist: string; durationSeconds: number; bytes: number; segments: number; parts: Array<{ startedAt: string; endedAt: string }> }

export type RecordingZipFile = ZipFile & { meta: { kind: 'recording' | 'recording_playlist'; title: string } };

/**
 * The recording of a closed sitting for the archive bundle: every segment of its public parts
 * (`recordings/<sitting>/p<part>-rec-NNNNN.ts`) and the joined playlist beside them
 * (`recording.m3u8`, so the folder plays as it is), each with its SHA-256 in the manifest.
 * Sealed now if the sitting has closed and it was not yet. None recorded (or removed by
 * retention): nothing.
 */
export async function recordingForBundle(deps: Deps, sitting: { _id: unknown; title: string; status: string }): Promise<{ files: RecordingZipFile[]; row: BundleRecording } | null> {
  const id = String(sitting._id);
  const store = recordingStore(deps);
  const m = (await store.manifest(id)) ?? (sitting.status === 'closed' ? await store.seal(id) : null);
  if (!m) return null;
  const folder = `recordings/${slug(sitting.title, 40)}-${id.slice(-6)}`;
  const files: RecordingZipFile[] = [];
  for (const [i, part] of m.parts.entries()) {
    for (const seg of part.segments) {
      const name = `p${i}-${seg.file}`;
      const bytes = await readFile(store.segmentPath(id, m, name)!.path).catch(() => null);
      // A segment gone from the disk is left out: the manifest then lists what the bundle holds, and the playlist names the gap.
      if (bytes) files.push({ name: `${folder}/${name}`, bytes, meta: { kind: 'recording', title: sitting.title } });
    }
  }
  const playlist = `${folder}/recording.m3u8`;
  files.push({ name: playlist, bytes: Buffer.from(joinedPlaylist(m), 'utf8'), meta: { kind: 'recording_playlist', title: sitting.title } });
  return {
    files,
    row: { sittingId: id, playlist, durationSeconds: m.durationSeconds, bytes: m.bytes, segments: files.length - 1, parts: m.parts.map((p) => ({ startedAt: p.startedAt, endedAt: p.endedAt })) },
  };
}
