import type { types } from 'mediasoup-client';
import type { MediaRole, MediaSource } from '../../../../contract/media.js';
import type { AppSocket } from '../realtime.svelte.js';
import { request } from './request.js';
import { HALL_CAMERA, ROOM_CAMERA, SCREEN } from './encodings.js';

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

  async acquire(): Promise<void> {
    if (this.stream) return;
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: CAMERA_CONSTRAINTS });
      this.deviceError = null;
    } catch (err) {
      this.deviceError = err instanceof Error ? err.name : 'Error';
    }
    this.devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  }

  #track(kind: 'audio' | 'video'): MediaStreamTrack | undefined {
    return kind === 'audio' ? this.stream?.getAudioTracks()[0] : this.stream?.getVideoTracks()[0];
  }

  async produceAll(send: types.Transport, role: MediaRole): Promise<void> {
    const mic = this.#track('audio');
    const cam = this.#track('video');
    if (mic) this.#producers.set('mic', await send.produce({ track: mic, stopTracks: false, appData: { source: 'mic' }, codecOptions: { opusDtx: true, opusFec: true } }));
    if (cam) {
      const encodings = role === 'hall' ? HALL_CAMERA : ROOM_CAMERA;
      this.#producers.set('camera', await send.produce({ track: cam, stopTracks: false, encodings, appData: { source: 'camera' }, codecOptions: { videoGoogleStartBitrate: 600 } }));
    }
    if (this.screen) this.#producers.set('screen', await send.produce({ track: this.screen, stopTracks: false, encodings: SCREEN, appData: { source: 'screen' } }));
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
    const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = display.getVideoTracks()[0];
    if (!track) return;
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
    const s = await navigator.mediaDevices.getUserMedia(audio ? { audio: { deviceId: { exact: deviceId } } } : { video: { ...CAMERA_CONSTRAINTS, deviceId: { exact: deviceId } } });
    const track = (audio ? s.getAudioTracks() : s.getVideoTracks())[0];
    if (!track) return;
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

  /** The producers went with their transport (a reconnection): forget them, keep the tracks. */
  forgetProducers(): void {
    this.#producers.clear();
  }

  stop(): void {
    this.stream?.getTracks().forEach((t) => t.stop());
    this.screen?.stop();
    this.stream = null;
    this.screen = null;
    this.#producers.clear();
  }
}
