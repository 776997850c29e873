import type { types } from 'mediasoup-client';
import type { MediaRole, MediaSource } from '../../../../contract/media.js';
import type { AppSocket } from '../realtime/socket.svelte.js';
import { request } from './request.js';
import { HALL_CAMERA, REMOTE_CAMERA, ROOM_CAMERA, SCREEN } from './encodings.js';

/** 720p when the camera has it: the top simulcast layer; lower layers are scaled from it. */
const CAMERA_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 25 } };

/**
 * This screen's camera, microphone and shared screen. The tracks outlive producers: after a
 * reconnection the same tracks are sent again, without asking for the devices again.
 */
export class LocalMedia {
  stream = $state.raw<MediaStream | null>(null);
  micOn = $state(true);
  camOn = $state(true);
  sharing = $state(false);
  /** Why the devices could not be opened (permission denied, none present). */
  deviceError = $state<string | null>(null);
  devices = $state.raw<MediaDeviceInfo[]>([]);
  #producers = new Map<MediaSource, types.Producer>();
  /** The screen being shared (the presenter sees what the rooms see). */
  screen = $state.raw<MediaStreamTrack | null>(null);
  /**
   * A delegate on their own device: the microphone, a track of its own opened only while they
   * hold the floor (the device's light is off otherwise); whether it is on the wire now; why
   * it could not be opened; and the one chosen in the device check (null: the default).
   */
  micTrack = $state.raw<MediaStreamTrack | null>(null);
  micLive = $state(false);
  micError = $state<string | null>(null);
  micDeviceId = $state<string | null>(null);
  /** Counts `stop()`s: a device answer that arrives after one is stopped, not kept. */
  #epoch = 0;

  /** Tracks that arrived after `stop()` (the briefing ended while the browser was opening them) are stopped too. */
  #stale(epoch: number, tracks: MediaStreamTrack[]): boolean {
    if (epoch === this.#epoch) return false;
    tracks.forEach((t) => t.stop());
    return true;
  }

  /** Opens the camera and (unless `audio` is false: a delegate on their own device) the microphone. */
  async acquire(audio = true): Promise<void> {
    if (this.stream) return;
    const epoch = this.#epoch;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio, video: CAMERA_CONSTRAINTS });
      if (this.#stale(epoch, stream.getTracks())) return;
      this.stream = stream;
      this.deviceError = null;
    } catch (err) {
      this.deviceError = err instanceof Error ? err.name : 'Error';
    }
    // Not awaited: Firefox answers enumerateDevices only once the window has focus, and a room
    // whose operator is in another window must still go live.
    void this.refreshDevices();
  }

  /** The cameras and microphones present (named once the browser allowed one of them). */
  async refreshDevices(): Promise<void> {
    this.devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  }

  #track(kind: 'audio' | 'video'): MediaStreamTrack | undefined {
    return kind === 'audio' ? this.stream?.getAudioTracks()[0] : this.stream?.getVideoTracks()[0];
  }

  async produceAll(send: types.Transport, role: MediaRole): Promise<void> {
    const mic = this.#track('audio');
    const cam = this.#track('video');
    if (mic && !this.#producers.has('mic')) this.#producers.set('mic', await send.produce({ track: mic, stopTracks: false, appData: { source: 'mic' }, codecOptions: { opusDtx: true, opusFec: true } }));
    if (cam && !this.#producers.has('camera')) {
      const encodings = role === 'hall' ? HALL_CAMERA : role === 'remote' ? REMOTE_CAMERA : ROOM_CAMERA;
      const videoGoogleStartBitrate = role === 'remote' ? 150 : 600;
      this.#producers.set('camera', await send.produce({ track: cam, stopTracks: false, encodings, appData: { source: 'camera' }, codecOptions: { videoGoogleStartBitrate } }));
    }
    if (this.screen && !this.#producers.has('screen')) this.#producers.set('screen', await send.produce({ track: this.screen, stopTracks: false, encodings: SCREEN, appData: { source: 'screen' } }));
    // A muted microphone or camera stays muted across a reconnection.
    for (const [source, on] of [['mic', this.micOn], ['camera', this.camOn]] as const) {
      const p = this.#producers.get(source);
      if (p && !on) await this.#pause(p);
    }
  }

  async #pause(p: types.Producer, socket?: AppSocket): Promise<void> {
    p.pause();
    if (socket) await request(socket, 'media:pauseProducer', { producerId: p.id });
  }

  async toggle(socket: AppSocket, source: 'mic' | 'camera'): Promise<void> {
    const on = source === 'mic' ? (this.micOn = !this.micOn) : (this.camOn = !this.camOn);
    const p = this.#producers.get(source);
    if (!p) return;
    if (on) {
      p.resume();
      await request(socket, 'media:resumeProducer', { producerId: p.id });
    } else {
      await this.#pause(p, socket);
    }
  }

  async shareScreen(send: types.Transport, socket: AppSocket): Promise<void> {
    const epoch = this.#epoch;
    const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = display.getVideoTracks()[0];
    if (this.#stale(epoch, display.getTracks()) || !track) return;
    this.screen = track;
    this.sharing = true;
    // Stopped from the browser's own "stop sharing" bar: the rooms must stop showing it too.
    track.addEventListener('ended', () => { if (this.screen === track) void this.stopScreen(socket); });
    this.#producers.set('screen', await send.produce({ track, stopTracks: false, encodings: SCREEN, appData: { source: 'screen' } }));
  }

  async stopScreen(socket: AppSocket): Promise<void> {
    const p = this.#producers.get('screen');
    this.#producers.delete('screen');
    this.screen?.stop();
    this.screen = null;
    this.sharing = false;
    if (p) {
      p.close();
      await request(socket, 'media:closeProducer', { producerId: p.id }).catch(() => {});
    }
  }

  /** Switches to another camera or microphone, replacing the track being sent. */
  async useDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    const audio = kind === 'audioinput';
    const epoch = this.#epoch;
    const s = await navigator.mediaDevices.getUserMedia(audio ? { audio: { deviceId: { exact: deviceId } } } : { video: { ...CAMERA_CONSTRAINTS, deviceId: { exact: deviceId } } });
    const track = (audio ? s.getAudioTracks() : s.getVideoTracks())[0];
    if (this.#stale(epoch, s.getTracks()) || !track) return;
    const old = this.#track(audio ? 'audio' : 'video');
    await this.#producers.get(audio ? 'mic' : 'camera')?.replaceTrack({ track });
    const next = new MediaStream([...(this.stream?.getTracks().filter((t) => t !== old) ?? []), track]);
    old?.stop();
    this.stream = next;
  }

  /**
   * A commune room sends its microphone only while it holds the floor (nobody hears it
   * otherwise): a poor mountain link keeps the uplink for the camera.
   */
  async setAudible(socket: AppSocket, audible: boolean): Promise<void> {
    const p = this.#producers.get('mic');
    if (!p) return;
    const send = audible && this.micOn;
    if (send === !p.paused) return;
    if (send) {
      p.resume();
      await request(socket, 'media:resumeProducer', { producerId: p.id }).catch(() => {});
    } else {
      await this.#pause(p, socket).catch(() => {});
    }
  }

  /**
   * A delegate on their own device given the floor: opens the microphone (the one chosen) and
   * sends it — a new producer the first time, after that the paused one with the new track.
   * Paused, the producer's transceiver is inactive (`zeroRtpOnPause`): nothing at all is sent.
   */
  async openMic(send: types.Transport, socket: AppSocket): Promise<void> {
    const p = this.#producers.get('mic');
    if (this.micTrack?.readyState === 'live' && p && !p.closed && !p.paused) return;
    const epoch = this.#epoch;
    let track: MediaStreamTrack | undefined;
    try {
      const s = await navigator.mediaDevices.getUserMedia({ audio: this.micDeviceId ? { deviceId: { ideal: this.micDeviceId } } : true });
      track = s.getAudioTracks()[0];
      if (this.#stale(epoch, s.getTracks()) || !track) return;
      this.micError = null;
    } catch (err) {
      this.micError = err instanceof Error ? err.name : 'Error';
      return;
    }
    this.micTrack?.stop();
    this.micTrack = track;
    try {
      if (p && !p.closed) {
        await p.replaceTrack({ track });
        p.resume();
        await request(socket, 'media:resumeProducer', { producerId: p.id });
      } else {
        this.#producers.set('mic', await send.produce({
          track, stopTracks: false, zeroRtpOnPause: true, disableTrackOnPause: true,
          appData: { source: 'mic' }, codecOptions: { opusDtx: true, opusFec: true },
        }));
      }
      this.micLive = true;
    } catch {
      // Refused (the floor moved meanwhile) or the transport went: nothing may be sent.
      await this.closeMic(socket);
    }
  }

  /**
   * The floor left: the producer is paused (its transceiver goes inactive: nothing on the
   * wire), the server told so, and the microphone released (the device's light goes off).
   */
  async closeMic(socket: AppSocket | null): Promise<void> {
    const p = this.#producers.get('mic');
    this.micLive = false;
    if (p && !p.closed) {
      if (!p.paused) {
        p.pause();
        if (socket) await request(socket, 'media:pauseProducer', { producerId: p.id }).catch(() => {});
      }
      await p.replaceTrack({ track: null }).catch(() => {});
    }
    this.releaseMic();
  }

  /** Stops the own-device microphone track (its producer, if any, went or is paused). */
  releaseMic(): void {
    this.micTrack?.stop();
    this.micTrack = null;
    this.micLive = false;
  }

  /** The producers went with their transport (a reconnection): forget them, keep the tracks. */
  forgetProducers(): void {
    this.#producers.clear();
  }

  /**
   * Stops every local track at once — camera, microphone, shared screen — and closes their
   * producers: the devices are released (their lights go out) and nothing is sent any more.
   * Devices still being opened are stopped when they arrive.
   */
  stop(): void {
    this.#epoch += 1;
    for (const p of this.#producers.values()) p.close();
    this.#producers.clear();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.releaseMic();
    this.screen?.stop();
    this.stream = null;
    this.screen = null;
    this.sharing = false;
  }
}
