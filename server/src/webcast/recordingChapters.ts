import type { PublicChapter } from '../../../contract/portal.js';
import { positionOf, type RecordingManifest } from './recordingStore.js';

/** What happened when, as the minutes' timeline reads it from the audit chain (records/minutes/timeline.ts). */
export interface HeldSpans {
  items: ReadonlyArray<{ itemId: string; startedAt: Date; endedAt: Date | null }>;
  turns: ReadonlyArray<{ userId: string; startedAt: Date; endedAt: Date | null }>;
}

/**
 * The chapters of a sitting's recording, from its audit chain's times: each agenda item taken
 * up and each turn at the floor, placed at its position in the joined recording. A span that
 * began before the recording (or while it was off, behind closed doors) starts the next
 * recorded moment; a span wholly outside what was recorded is left out (a turn behind closed
 * doors is never named). Only items of the public agenda (`itemTitle` knows them) are shown.
 */
export function recordingChapters(
  m: RecordingManifest,
  timeline: HeldSpans,
  itemTitle: (itemId: string) => string | null,
  speakerName: (userId: string) => string | null,
): PublicChapter[] {
  const out: Array<PublicChapter & { order: number }> = [];
  const place = (start: Date, end: Date | null, kind: PublicChapter['kind'], title: string | null, order: number) => {
    if (!title) return;
    const at = positionOf(m, start);
    if (!at) return;
    if (!at.recorded) {
      // It began off the air: kept only if it was still going when the recording resumed.
      const resumed = end ? positionOf(m, end) : null;
      if (resumed && resumed.seconds <= at.seconds) return;
    }
    out.push({ at: Math.round(at.seconds * 10) / 10, kind, title, order });
  };
  timeline.items.forEach((s, i) => place(s.startedAt, s.endedAt, 'item', itemTitle(s.itemId), i * 2));
  timeline.turns.forEach((s, i) => place(s.startedAt, s.endedAt, 'speaker', speakerName(s.userId), i * 2 + 1));
  // By time; an item before the turn that starts with it.
  return out.sort((a, b) => a.at - b.at || (a.kind === b.kind ? a.order - b.order : a.kind === 'item' ? -1 : 1)).map(({ order: _order, ...c }) => c);
}
