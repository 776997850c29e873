import { levelOf } from './view.js';

/**
 * The microphone's level for the device check: a temporary microphone track read by a
 * WebAudio analyser, never sent anywhere, and stopped when the check ends.
 */
export class MicLevel {
  /** 0–100, with a short decay so a word stays visible. */
  level = $state(0);
  /** Why the microphone could not be opened (a `DOMException` name), null when it was. */
  error = $state<string | null>(null);
  /** The track being measured (its settings name the device in use). */
  track = $state.raw<MediaStreamTrack | null>(null);
  #ctx: AudioContext | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  /** Counts starts and stops: a microphone that opens after a newer one (or a stop), stopped at once. */
  #epoch = 0;

  async start(deviceId: string | null): Promise<void> {
    this.stop();
    const epoch = this.#epoch;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { ideal: deviceId } } : true, video: false });
    } catch (err) {
      if (epoch === this.#epoch) this.error = err instanceof Error ? err.name : 'Error';
      return;
    }
    if (epoch !== this.#epoch) return void stream.getTracks().forEach((t) => t.stop());
    this.error = null;
    this.track = stream.getAudioTracks()[0] ?? null;
    const ctx = new AudioContext();
    this.#ctx = ctx;
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(stream).connect(analyser);
    void ctx.resume().catch(() => {});
    const samples = new Float32Array(analyser.fftSize);
    this.#timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const v of samples) sum += v * v;
      this.level = Math.max(levelOf(Math.sqrt(sum / samples.length)), Math.floor(this.level * 0.8));
    }, 80);
  }

  stop(): void {
    this.#epoch += 1;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    void this.#ctx?.close().catch(() => {});
    this.#ctx = null;
    this.track?.stop();
    this.track = null;
    this.level = 0;
  }
}
