/**
 * The speaker test: a short three-note chime played with WebAudio (no sound file to load),
 * about a second long; resolves when it has played.
 */
export async function playChime(): Promise<void> {
  const ctx = new AudioContext();
  await ctx.resume().catch(() => {});
  const start = ctx.currentTime + 0.05;
  [784, 988, 1319].forEach((hz, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = hz;
    const at = start + i * 0.22;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.35, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.65);
  });
  await new Promise((r) => setTimeout(r, 1200));
  await ctx.close().catch(() => {});
}
