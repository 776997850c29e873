import { describe, expect, it } from 'vitest';
import { withoutBwe } from './Tap.js';

describe('a tap offers ffmpeg no bandwidth estimation', () => {
  it('drops transport-cc, REMB and abs-send-time, keeps the codecs, NACK and PLI', () => {
    const caps = withoutBwe({
      codecs: [{ kind: 'video', mimeType: 'video/VP8', clockRate: 90000, preferredPayloadType: 101, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb' }, { type: 'transport-cc' }] }],
      headerExtensions: [
        { kind: 'video', uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', preferredId: 4 },
        { kind: 'video', uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01', preferredId: 5 },
        { kind: 'video', uri: 'urn:3gpp:video-orientation', preferredId: 11 },
      ],
    });
    expect(caps.codecs![0]!.rtcpFeedback).toEqual([{ type: 'nack' }, { type: 'nack', parameter: 'pli' }]);
    expect(caps.headerExtensions!.map((h) => h.uri)).toEqual(['urn:3gpp:video-orientation']);
  });
});
