import type { recordingVi } from './recording.vi.js';

/** English texts of a sitting's recording on the portal (see recording.vi.ts). */
export const recordingEn: Record<keyof typeof recordingVi, string> = {
  'recording.heading': 'Recording of the sitting',
  'recording.label': 'Recording of the sitting: {title}',
  'recording.duration': 'Duration {duration}',
  'recording.chapters': 'Chapters',
  'recording.chaptersHint': 'Choose an item or a speaker to watch from that moment.',
  'recording.noChapters': 'This recording has no chapters.',
  'recording.item': 'Item',
  'recording.speaker': 'Speaker',
  'recording.jump': 'Watch from {time}: {title}',
  'recording.loading': 'Loading the player…',
  'recording.unsupported': 'This browser cannot play the recording.',
  'recording.failed': 'The recording could not be played. Try reloading the page.',
};
