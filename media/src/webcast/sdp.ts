import type { types } from 'mediasoup';

/** One RTP stream ffmpeg receives: where, and the codec a consumer sends it with. */
export interface SdpStream {
  kind: types.MediaKind;
  port: number;
  codec: types.RtpCodecParameters;
}

/**
 * The SDP file ffmpeg reads the webcast's streams from (RFC 4566, receive-only, plain RTP on
 * 127.0.0.1). ffmpeg takes every m-line of one file as one input with several streams.
 */
export function webcastSdp(streams: SdpStream[]): string {
  const lines = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=HDND webcast', 'c=IN IP4 127.0.0.1', 't=0 0'];
  for (const s of streams) {
    const { payloadType: pt, mimeType, clockRate, channels, parameters } = s.codec;
    const name = mimeType.split('/')[1]!;
    lines.push(`m=${s.kind} ${s.port} RTP/AVP ${pt}`);
    lines.push(`a=rtpmap:${pt} ${name}/${clockRate}${s.kind === 'audio' && channels ? `/${channels}` : ''}`);
    const fmtp = Object.entries(parameters ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(';');
    if (fmtp) lines.push(`a=fmtp:${pt} ${fmtp}`);
    lines.push('a=recvonly');
  }
  return lines.join('\r\n') + '\r\n';
}
