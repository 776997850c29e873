/** How the webcast is encoded and cut. */
export interface EncodeSettings {
  width: number;
  height: number;
  fps: number;
  videoKbps: number;
  audioKbps: number;
  /** Live HLS segment length (s); a key frame starts every segment. */
  segmentSeconds: number;
  /** Segments the live playlist keeps (older ones are deleted). */
  liveListSize: number;
  /** The recording's segment length (s). */
  recordingSegmentSeconds: number;
}

export const DEFAULT_ENCODE: EncodeSettings = {
  width: 640, height: 360, fps: 25, videoKbps: 900, audioKbps: 96,
  segmentSeconds: 1, liveListSize: 6, recordingSegmentSeconds: 6,
};

/** The live playlist's name, served as is. */
export const LIVE_PLAYLIST = 'index.m3u8';
export const RECORDING_PLAYLIST = 'recording.m3u8';

/**
 * The webcast's encoders: x264 veryfast/zerolatency main at a capped rate, a key frame every
 * `gopSeconds` (a live segment by default), AAC stereo 48 kHz. Shared with what must look like
 * the webcast's output (the recording test kit, bench:public's source).
 */
export function encoderArgs(e: EncodeSettings = DEFAULT_ENCODE, gopSeconds = e.segmentSeconds): string[] {
  const gop = Math.max(1, Math.round(e.fps * gopSeconds));
  return [
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'main',
    '-b:v', `${e.videoKbps}k`, '-maxrate', `${e.videoKbps}k`, '-bufsize', `${e.videoKbps * 2}k`,
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    '-c:a', 'aac', '-b:a', `${e.audioKbps}k`, '-ar', '48000', '-ac', '2',
  ];
}

/** tee's option syntax reserves these; our own directories never contain them. */
function teePath(p: string): string {
  if (/[:|[\]\\'"]/.test(p)) throw new Error(`webcast path not usable by ffmpeg's tee muxer: ${p}`);
  return p;
}

/**
 * ffmpeg's arguments: the SDP's streams (video, the hall's audio, the floor holder's audio)
 * decoded, the two audios mixed, encoded once (x264 veryfast/zerolatency, AAC) and written
 * twice through tee: a sliding live HLS playlist (segments deleted as they leave it) and the
 * whole sitting's recording as an HLS event list. Both continue across a restart of ffmpeg
 * (`append_list`, which also marks each run's first segment as a discontinuity). Live
 * segments carry the run's id (`runId`) in their names: they are served as immutable, and a
 * later run — after a time off the air, or a new webcast of the same sitting — numbers its
 * segments from 0 again; a browser or proxy holding `seg-00003.ts` from before would
 * otherwise play that old picture as live.
 */
export function ffmpegArgs(o: { sdpPath: string; liveDir: string; recordingDir: string; restart: boolean; runId?: string; encode?: EncodeSettings }): string[] {
  const e = o.encode ?? DEFAULT_ENCODE;
  const common = `append_list+independent_segments+omit_endlist${o.restart ? '+discont_start' : ''}`;
  if (o.runId !== undefined && !/^[a-z0-9]+$/.test(o.runId)) throw new Error(`webcast run id must be [a-z0-9]+: ${o.runId}`);
  const segment = `seg-${o.runId ? `${o.runId}-` : ''}%05d.ts`;
  const live = `[f=hls:hls_time=${e.segmentSeconds}:hls_list_size=${e.liveListSize}:hls_flags=delete_segments+${common}:hls_segment_filename=${teePath(o.liveDir)}/${segment}]${teePath(o.liveDir)}/${LIVE_PLAYLIST}`;
  const rec = `[f=hls:hls_time=${e.recordingSegmentSeconds}:hls_list_size=0:hls_playlist_type=event:hls_flags=${common}:hls_segment_filename=${teePath(o.recordingDir)}/rec-%05d.ts]${teePath(o.recordingDir)}/${RECORDING_PLAYLIST}`;
  const video = `[0:v:0]fps=${e.fps},scale=${e.width}:${e.height}:force_original_aspect_ratio=decrease,pad=${e.width}:${e.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v]`;
  const audio = '[0:a:0][0:a:1]amix=inputs=2:duration=longest:normalize=0,aresample=async=1000[a]';
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'warning',
    '-protocol_whitelist', 'file,udp,rtp',
    '-fflags', '+genpts', '-analyzeduration', '2000000', '-probesize', '2000000', '-reorder_queue_size', '64',
    '-i', o.sdpPath,
    '-filter_complex', `${video};${audio}`,
    '-map', '[v]', '-map', '[a]',
    ...encoderArgs(e),
    '-f', 'tee', `${live}|${rec}`,
  ];
}
