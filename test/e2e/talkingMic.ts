import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fake microphone that talks. Chromium's own fake microphone beeps briefly twice a second,
 * the same in every page; to mediasoup's dominant-speaker detection (Volfin–Cohen, on the
 * RFC 6464 audio levels) two such beepers are a toss-up, and a muted peer gave way to a
 * beeping one after 1 to more than 20 s (a flaky highlight test). This file is speech-like:
 * a voiced sound (a 120–170 Hz fundamental and its harmonics) in syllables of 120–260 ms at
 * varying loudness, short gaps between them and a breath every couple of seconds, looped by
 * Chromium (`--use-file-for-fake-audio-capture`). Written once per machine, 16-bit mono WAV.
 */
export function talkingMicFile(): string {
  const dir = join(tmpdir(), 'hdnd-fake-media');
  const path = join(dir, 'talking-v1.wav');
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const rate = 48_000;
  const samples = new Int16Array(rate * 8);
  let t = 0;
  for (let syllable = 0; t < samples.length; syllable++) {
    // Deterministic variety without a generator: irrational steps through sin.
    const wobble = (k: number) => 0.5 + 0.5 * Math.sin(syllable * k);
    const length = Math.round(rate * (0.12 + 0.14 * wobble(2.31)));
    const loudness = 0.25 + 0.6 * wobble(1.73);
    const f0 = 120 + 50 * wobble(0.97);
    for (let i = 0; i < length && t < samples.length; i++, t++) {
      const envelope = Math.sin((Math.PI * i) / length) * loudness;
      let v = 0;
      for (let h = 1; h <= 8; h++) v += Math.sin((2 * Math.PI * f0 * h * t) / rate) / h;
      samples[t] = Math.round(Math.max(-1, Math.min(1, (v / 2.7) * envelope)) * 32_000);
    }
    // A short gap between syllables; a breath after every twelfth.
    t += Math.round(rate * (syllable % 12 === 11 ? 0.35 : 0.03 + 0.06 * wobble(3.11)));
  }
  writeFileSync(path, wav(samples, rate));
  return path;
}

function wav(samples: Int16Array, rate: number): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + data.length, 4); h.write('WAVE', 8);
  h.write('fmt ', 12); h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24); h.writeUInt32LE(rate * 2, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34);
  h.write('data', 36); h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}
