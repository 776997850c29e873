import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import { TypedEmitter } from '../TypedEmitter.js';
import type { Room } from '../Room.js';
import { AudioRelay } from './AudioRelay.js';
import { FfmpegSupervisor } from './FfmpegSupervisor.js';
import { ffmpegArgs, LIVE_PLAYLIST, RECORDING_PLAYLIST, type EncodeSettings } from './ffmpegArgs.js';
import { pickSources } from './pickSources.js';
import { releasePortPair, reservePortPair } from './ports.js';
import { webcastSdp } from './sdp.js';
import { Tap } from './Tap.js';

/**
 * - `waiting`: no hall camera yet (or it went away): ffmpeg is not running;
 * - `starting`: ffmpeg runs, no segment yet; `live`: the playlist has segments;
 * - `unavailable`: ffmpeg cannot be run (`reason` says why); `stopped`: ended for good.
 */
export type WebcastState = 'waiting' | 'starting' | 'live' | 'unavailable' | 'stopped';

export interface WebcastOptions {
  room: Room;
  ffmpegPath: string;
  /** This webcast's own directory: the SDP file and `live/` (the served playlist and segments). */
  workDir: string;
  /** Where the whole sitting is recorded (`recording.m3u8` and its segments); kept after stop. */
  recordingDir: string;
  /** UDP ports ffmpeg listens on (pairs: RTP, and RTCP above it). */
  ports?: { min: number; max: number };
  /**
   * The hall camera's simulcast layer consumed: 1 (the middle one, ≈ 640×360 from a 720p
   * camera) by default, which is what the encode's size needs, at a third of the decoding
   * cost of the top layer.
   */
  spatialLayer?: number;
  encode?: EncodeSettings;
  /** Diagnostics (ffmpeg's deaths with its last lines); optional. */
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

export type WebcastEvents = { state: [state: WebcastState, reason: string | null] };

const KEYFRAME_AT_START_MS = [0, 300, 1000, 2000, 4000];
const KEYFRAME_EVERY_MS = 30_000;

/**
 * The live webcast of one briefing: the hall's camera, the hall's microphone and the floor
 * holder's microphone (pickSources.ts) consumed on PlainTransports into one ffmpeg reading an
 * SDP file, which writes a sliding live HLS playlist and the sitting's recording (ffmpegArgs.ts).
 * Audio passes through AudioRelays so a muted or absent microphone never stalls the mix; the
 * floor changing moves only the second relay's source, without touching ffmpeg. A new hall
 * camera (the chair re-joined, a worker died) restarts ffmpeg on the new stream.
 */
export class Webcast extends TypedEmitter<WebcastEvents> {
  readonly #o: WebcastOptions;
  readonly liveDir: string;
  readonly #sdpPath: string;
  readonly #ports: { video: number; hall: number; floor: number };
  readonly #relays: { hall: AudioRelay; floor: AudioRelay };
  readonly #opusPt: number;
  #video: Tap | null = null;
  #hallAudio: Tap | null = null;
  #floorAudio: Tap | null = null;
  #ffmpeg: FfmpegSupervisor | null = null;
  #state: WebcastState = 'waiting';
  #reason: string | null = null;
  #queue: Promise<void> = Promise.resolve();
  #timers = new Set<NodeJS.Timeout>();
  #livePoll: NodeJS.Timeout | null = null;
  #keyTimer: NodeJS.Timeout | null = null;
  #recordingStartedAt: Date | null = null;
  #runs = 0;
  readonly #detach: Array<() => void> = [];

  static async start(o: WebcastOptions): Promise<Webcast> {
    const range = o.ports ?? { min: 30000, max: 34999 };
    const ports = { video: await reservePortPair(range), hall: await reservePortPair(range), floor: await reservePortPair(range) };
    const opus = o.room.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'audio/opus');
    const w = new Webcast(o, ports, opus?.preferredPayloadType ?? 100);
    await mkdir(w.liveDir, { recursive: true });
    await mkdir(o.recordingDir, { recursive: true });
    await w.#relays.hall.start();
    await w.#relays.floor.start();
    w.#follow();
    // In the queue the room's events feed, so no event can run a second reconcile beside it.
    w.#queue = w.#reconcile();
    await w.#queue;
    return w;
  }

  private constructor(o: WebcastOptions, ports: { video: number; hall: number; floor: number }, opusPt: number) {
    super();
    this.#o = o;
    this.liveDir = join(o.workDir, 'live');
    this.#sdpPath = join(o.workDir, 'stream.sdp');
    this.#ports = ports;
    this.#opusPt = opusPt;
    this.#relays = { hall: new AudioRelay(ports.hall, opusPt), floor: new AudioRelay(ports.floor, opusPt) };
  }

  get state(): WebcastState {
    return this.#state;
  }

  /** Why the webcast is `unavailable` (e.g. "ffmpeg not found"), else null. */
  get reason(): string | null {
    return this.#reason;
  }

  /** The recording's playlist and when its first ffmpeg run started (null before any). */
  get recording(): { path: string; startedAt: Date | null } {
    return { path: join(this.#o.recordingDir, RECORDING_PLAYLIST), startedAt: this.#recordingStartedAt };
  }

  get livePlaylist(): string {
    return join(this.liveDir, LIVE_PLAYLIST);
  }

  /** The running ffmpeg's process id (for CPU readings), or null. */
  get ffmpegPid(): number | null {
    return this.#ffmpeg?.pid ?? null;
  }

  /** Producer ids the webcast consumes now (for tests and status). */
  get consuming(): { video: string | null; hallAudio: string | null; floorAudio: string | null } {
    return { video: this.#video?.producerId ?? null, hallAudio: this.#hallAudio?.producerId ?? null, floorAudio: this.#floorAudio?.producerId ?? null };
  }

  #ended(): boolean {
    return this.#state === 'stopped';
  }

  #setState(state: WebcastState, reason: string | null = null): void {
    if (this.#state === state || this.#state === 'stopped') return;
    this.#state = state;
    this.#reason = reason;
    this.emit('state', state, reason);
  }

  #follow(): void {
    const { room } = this.#o;
    const again = () => { this.#queue = this.#queue.then(() => this.#reconcile()).catch((err) => this.#o.log?.('webcast: following the briefing failed', { err })); };
    const closed = () => { void this.stop(); };
    room.on('producer', again);
    room.on('floor', again);
    room.on('restarted', again);
    room.on('peerclosed', again);
    room.once('close', closed);
    this.#detach.push(() => { room.off('producer', again); room.off('floor', again); room.off('restarted', again); room.off('peerclosed', again); room.off('close', closed); });
    this.#again = again;
  }

  #again: () => void = () => {};

  /** Brings the taps in line with what the webcast should carry now. */
  async #reconcile(): Promise<void> {
    if (this.#state === 'stopped' || this.#state === 'unavailable') return;
    const { room } = this.#o;
    if (room.closed) return;
    await room.ready();
    const want = pickSources(room.sources(), room.floor);
    this.#hallAudio = await this.#retap(this.#hallAudio, want.hallAudio, this.#relays.hall.port);
    this.#floorAudio = await this.#retap(this.#floorAudio, want.floorAudio, this.#relays.floor.port);
    const before = this.#video;
    this.#video = await this.#retap(this.#video, want.video, this.#ports.video, this.#o.spatialLayer ?? 1);
    if (this.#video === before && (this.#video || !this.#ffmpeg)) return;
    if (!this.#video) {
      // No hall camera: nothing to show; ffmpeg waits for the next one.
      await this.#ffmpeg?.stop(300);
      this.#ffmpeg = null;
      this.#setState('waiting');
      await this.#clearLive();
      return;
    }
    await writeFile(this.#sdpPath, webcastSdp([
      { kind: 'video', port: this.#ports.video, codec: this.#video.codec },
      { kind: 'audio', port: this.#ports.hall, codec: { mimeType: 'audio/opus', payloadType: this.#opusPt, clockRate: 48000, channels: 2 } },
      { kind: 'audio', port: this.#ports.floor, codec: { mimeType: 'audio/opus', payloadType: this.#opusPt, clockRate: 48000, channels: 2 } },
    ]));
    if (this.#ended()) return;
    if (this.#ffmpeg) await this.#ffmpeg.restart();
    else this.#startFfmpeg();
  }

  /**
   * Off the air: the live list and its segments go, so that the next run's list carries only
   * what is live then (kept, the old segments would be played first, as if live, a pause late).
   */
  async #clearLive(): Promise<void> {
    await rm(this.liveDir, { recursive: true, force: true });
    await mkdir(this.liveDir, { recursive: true });
  }

  async #retap(current: Tap | null, want: types.Producer | null, port: number, spatialLayer?: number): Promise<Tap | null> {
    if (current && !current.closed && current.producerId === want?.id) return current;
    current?.close();
    if (!want || want.closed || this.#state === 'stopped') return null;
    const router = await this.#o.room.tapRouter(want.id);
    const tap = await Tap.open(router, want, port, spatialLayer === undefined ? {} : { spatialLayer });
    tap.consumer.on('producerclose', () => this.#again());
    if (this.#ended()) { tap.close(); return null; }
    return tap;
  }

  #startFfmpeg(): void {
    const ff = new FfmpegSupervisor(this.#o.ffmpegPath, () => {
      this.#runs += 1;
      return ffmpegArgs({
        sdpPath: this.#sdpPath, liveDir: this.liveDir, recordingDir: this.#o.recordingDir, restart: this.#runs > 1,
        runId: Date.now().toString(36), ...(this.#o.encode ? { encode: this.#o.encode } : {}),
      });
    });
    ff.on('spawned', () => {
      this.#recordingStartedAt ??= new Date();
      if (this.#state !== 'live') {
        this.#setState('starting');
        this.#watchPlaylist(Date.now());
      }
      this.#askKeyFrames();
    });
    ff.on('died', (code, signal, tail, retryInMs) => this.#o.log?.('webcast: ffmpeg exited; restarting', { code, signal, retryInMs, stderr: tail }));
    ff.on('unavailable', (reason) => {
      this.#setState('unavailable', `webcast unavailable: ${reason}`);
      this.#releaseMedia();
    });
    this.#ffmpeg = ff;
    ff.start();
    this.#keyTimer ??= setInterval(() => this.#video?.requestKeyFrame(), KEYFRAME_EVERY_MS);
  }

  /** ffmpeg decodes from a key frame: ask for a few at start, so the first segment comes soon. */
  #askKeyFrames(): void {
    for (const ms of KEYFRAME_AT_START_MS) {
      const t = setTimeout(() => { this.#timers.delete(t); this.#video?.requestKeyFrame(); }, ms);
      this.#timers.add(t);
    }
  }

  /**
   * Live once this run of ffmpeg has listed a segment: a playlist written since `since`, not
   * one a run before it left behind (served as live again, it would be played first).
   */
  #watchPlaylist(since: number): void {
    if (this.#livePoll) clearInterval(this.#livePoll);
    this.#livePoll = setInterval(() => {
      stat(this.livePlaylist).then((info) => (info.mtimeMs >= since ? readFile(this.livePlaylist, 'utf8') : '')).then((text) => {
        if (!text.includes('#EXTINF')) return;
        if (this.#livePoll) clearInterval(this.#livePoll);
        this.#livePoll = null;
        if (this.#state === 'starting') this.#setState('live');
      }, () => {});
    }, 150);
  }

  #releaseMedia(): void {
    for (const d of this.#detach.splice(0)) d();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    if (this.#livePoll) clearInterval(this.#livePoll);
    if (this.#keyTimer) clearInterval(this.#keyTimer);
    this.#livePoll = null;
    this.#keyTimer = null;
    for (const tap of [this.#video, this.#hallAudio, this.#floorAudio]) tap?.close();
    this.#video = this.#hallAudio = this.#floorAudio = null;
    this.#relays.hall.close();
    this.#relays.floor.close();
    for (const p of Object.values(this.#ports)) releasePortPair(p);
  }

  /**
   * Ends the webcast: the state turns `stopped` at once, the consumers and transports close
   * (nothing more flows), ffmpeg is asked to finish and killed if it does not within 2 s, the
   * live segments are removed; the recording is kept, its playlist ended.
   */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    this.emit('state', 'stopped', null);
    const ffmpeg = this.#ffmpeg;
    this.#ffmpeg = null;
    // ffmpeg is told first, while its input still flows: it ends its files and exits within
    // ~10 ms (with its input cut first, it hangs until killed).
    await ffmpeg?.stop(1500);
    this.#releaseMedia();
    await this.#queue.catch(() => {});
    // A reconcile under way when stop() came may have started one: ended too.
    await (this.#ffmpeg as FfmpegSupervisor | null)?.stop(500);
    await rm(this.#o.workDir, { recursive: true, force: true });
    const rec = this.recording.path;
    const text = await readFile(rec, 'utf8').catch(() => null);
    if (text !== null && !text.includes('#EXT-X-ENDLIST')) await appendFile(rec, '#EXT-X-ENDLIST\n').catch(() => {});
  }
}
