import { qualityOf, type Quality } from '../media/encodings.js';
import type { Shown, Stage } from '../media/stage.js';

/**
 * The quality of a delegate's own link: the worst of mediasoup's score for what the device
 * sends (its uplink) and its scores for what the device receives; unknown until one is known.
 */
export function linkQuality(sendScore: number | null, remotes: Pick<Shown, 'score'>[]): Quality {
  const scores = [sendScore, ...remotes.map((r) => r.score)].filter((s): s is number => s !== null);
  return scores.length === 0 ? 'unknown' : qualityOf(Math.min(...scores));
}

/**
 * What a delegate on their own device sees large: whoever outside the hall holds the floor
 * (a commune room, another delegate at home), else the hall (its shared screen or camera).
 * Holding the floor themselves, they see the hall (their own picture is beside it).
 */
export function remoteMain<M extends Shown>(stage: Stage<M>, myPeerId: string | null): { media: M | null; from: 'floor' | 'hall' } {
  if (stage.floor && stage.floor.peerId !== myPeerId) return { media: stage.floor, from: 'floor' };
  return { media: stage.main, from: 'hall' };
}

/** A signal's RMS (0–1) on a 0–100 meter: −60 dBFS and below is 0, full scale 100. */
export function levelOf(rms: number): number {
  if (!(rms > 0)) return 0;
  const db = 20 * Math.log10(rms);
  return Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100)));
}
