import type { types } from 'mediasoup-client';
import type { MediaSource } from '../../../../contract/media.js';

/** A received stream as the view shows it. */
export interface RemoteMedia {
  consumerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  track: MediaStreamTrack;
  /** mediasoup's score (0–10) of what we receive; null until the first report. */
  score: number | null;
  spatialLayer: number | null;
}

/** Per-consumer figures from the browser's own getStats (inbound-rtp). */
export interface InboundFigures {
  consumerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  bytesReceived: number;
  framesDecoded: number;
  packetsLost: number;
  packetsReceived: number;
}

export async function inboundFigures(consumer: types.Consumer, r: RemoteMedia): Promise<InboundFigures> {
  const out: InboundFigures = { consumerId: r.consumerId, peerId: r.peerId, kind: r.kind, source: r.source, bytesReceived: 0, framesDecoded: 0, packetsLost: 0, packetsReceived: 0 };
  const report = await consumer.getStats();
  report.forEach((s: { type: string; bytesReceived?: number; framesDecoded?: number; packetsLost?: number; packetsReceived?: number }) => {
    if (s.type !== 'inbound-rtp') return;
    out.bytesReceived += s.bytesReceived ?? 0;
    out.framesDecoded += s.framesDecoded ?? 0;
    out.packetsLost += s.packetsLost ?? 0;
    out.packetsReceived += s.packetsReceived ?? 0;
  });
  return out;
}
