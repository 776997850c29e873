import { spawn, type ChildProcess } from 'node:child_process';
import type { types } from 'mediasoup';
import type { Room } from '../Room.js';
import type { Peer } from '../Peer.js';

/**
 * For tests: a peer's camera and microphone (or only its microphone) made by ffmpeg (testsrc VP8 and a sine tone
 * in Opus, real time) and sent as RTP into PlainTransports of the peer (comedia: mediasoup
 * learns ffmpeg's address from its first packet; RTCP on its own port, as ffmpeg sends it from
 * a socket of its own), produced through the room like a browser's.
 */
export async function feedFromFfmpeg(room: Room, peer: Peer, opts: { ffmpegPath?: string; width?: number; height?: number; audioOnly?: boolean; toneHz?: number } = {}): Promise<{ videoId: string | null; audioId: string; stop(): void }> {
  const plain = () => peer.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
  const vt = await plain();
  const at = await plain();
  // The room knows a peer's transports by id; a PlainTransport stands in for a browser's here.
  peer.addTransport(vt as unknown as types.WebRtcTransport);
  peer.addTransport(at as unknown as types.WebRtcTransport);
  const videoSsrc = 0x0badc0de;
  const audioSsrc = 0x0a0d10ff;
  const videoId = opts.audioOnly ? null : await room.produce(peer, vt.id, 'video', {
    codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] }],
    encodings: [{ ssrc: videoSsrc }],
  }, 'camera');
  const audioId = await room.produce(peer, at.id, 'audio', {
    codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
    encodings: [{ ssrc: audioSsrc }],
  }, 'mic');
  const vp = vt.tuple.localPort;
  const ap = at.tuple.localPort;
  const vrtcp = vt.rtcpTuple!.localPort;
  const artcp = at.rtcpTuple!.localPort;
  const w = opts.width ?? 640;
  const h = opts.height ?? 360;
  const child: ChildProcess = spawn(opts.ffmpegPath ?? 'ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', `testsrc=size=${w}x${h}:rate=25`,
    '-f', 'lavfi', '-i', `sine=frequency=${opts.toneHz ?? 440}:sample_rate=48000`,
    ...(opts.audioOnly ? [] : ['-map', '0:v', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '600k', '-g', '25',
      '-payload_type', '101', '-ssrc', String(videoSsrc), '-f', 'rtp', `rtp://127.0.0.1:${vp}?rtcpport=${vrtcp}&pkt_size=1200`]),
    '-map', '1:a', '-c:a', 'libopus', '-ac', '2', '-b:a', '64k',
    '-payload_type', '100', '-ssrc', String(audioSsrc), '-f', 'rtp', `rtp://127.0.0.1:${ap}?rtcpport=${artcp}`,
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (opts.audioOnly) vt.close();
  return {
    videoId, audioId,
    stop() { child.kill('SIGKILL'); },
  };
}
