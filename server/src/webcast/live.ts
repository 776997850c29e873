/**
 * What the public HLS route needs of the webcasts: the directory a sitting's live playlist and
 * segments are served from while its webcast is on air, else null. (No imports: app/deps.ts
 * names it without a cycle.)
 */
export interface LiveWebcasts {
  liveDir(sittingId: string): string | null;
}
