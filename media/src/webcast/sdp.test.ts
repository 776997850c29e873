import { describe, it, expect } from 'vitest';
import { webcastSdp } from './sdp.js';
import { ffmpegArgs } from './ffmpegArgs.js';

describe('what ffmpeg is given', () => {
  it('an SDP with one receive-only m-line per stream, on 127.0.0.1, with the codec and its parameters', () => {
    const sdp = webcastSdp([
      { kind: 'video', port: 30000, codec: { mimeType: 'video/H264', payloadType: 102, clockRate: 90000, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' } } },
      { kind: 'audio', port: 30002, codec: { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 } },
    ]);
    expect(sdp.split('\r\n')).toEqual(expect.arrayContaining([
      'c=IN IP4 127.0.0.1',
      'm=video 30000 RTP/AVP 102', 'a=rtpmap:102 H264/90000', 'a=fmtp:102 packetization-mode=1;profile-level-id=42e01f',
      'm=audio 30002 RTP/AVP 100', 'a=rtpmap:100 opus/48000/2',
    ]));
  });

  it('one encode written twice through tee: the sliding live list (1 s segments, deleted as they leave) and the recording (kept); a restart marks a discontinuity', () => {
    const args = ffmpegArgs({ sdpPath: '/w/stream.sdp', liveDir: '/w/live', recordingDir: '/r', restart: false });
    const tee = args[args.length - 1]!;
    expect(args).toEqual(expect.arrayContaining(['libx264', 'veryfast', 'zerolatency', 'aac']));
    expect(tee).toContain('hls_time=1:hls_list_size=6:hls_flags=delete_segments+append_list+independent_segments+omit_endlist:hls_segment_filename=/w/live/seg-%05d.ts]/w/live/index.m3u8');
    expect(tee).toContain('hls_list_size=0:hls_playlist_type=event');
    expect(tee).not.toContain('discont_start');
    expect(ffmpegArgs({ sdpPath: '/w/stream.sdp', liveDir: '/w/live', recordingDir: '/r', restart: true }).at(-1)).toContain('+discont_start');
    expect(() => ffmpegArgs({ sdpPath: '/w/s.sdp', liveDir: '/w/a:b', recordingDir: '/r', restart: false })).toThrow(/tee/);
  });
});
