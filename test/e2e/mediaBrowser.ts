import { chromium, type Browser, type Page } from 'playwright-core';
import { talkingMicFile } from './talkingMic.js';

/**
 * Chromium for WebRTC tests: the project's usual headless flags (browser.ts) plus a fake
 * camera and microphone granted without a prompt, and sound that may start without a click.
 * The fake camera runs at 15 frames a second (a commune room's webcam on a slow link, and
 * half the encoding work of 30): a test runs five pages sending and receiving on two cores.
 * `talking`: the microphone talks (talkingMic.ts) instead of Chromium's beeps.
 */
export function launchChromiumWithFakeMedia(opts: { talking?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream=fps=15', '--autoplay-policy=no-user-gesture-required',
      ...(opts.talking ? [`--use-file-for-fake-audio-capture=${talkingMicFile()}`] : []),
    ],
  });
}

/** Per consumer, what the page's browser receives (the meeting room exposes `window.hdndMedia`). */
export interface Inbound {
  peerId: string;
  kind: 'audio' | 'video';
  source: string;
  bytesReceived: number;
  framesDecoded: number;
}

export async function inboundOf(page: Page): Promise<Inbound[]> {
  // A string: the test's tsconfig has no DOM types (as in browser.ts).
  return (await page.evaluate('window.hdndMedia ? window.hdndMedia.stats() : []')) as Inbound[];
}

/** The peer id of a meeting point or of the hall, as the page's roster names it. */
export async function peerIdOf(page: Page, match: { role: string; meetingPointId?: string }): Promise<string | null> {
  const peers = (await page.evaluate('window.hdndMedia ? window.hdndMedia.peers : []')) as Array<{ peerId: string; role: string; meetingPointId: string | null }>;
  return peers.find((p) => p.role === match.role && (match.meetingPointId === undefined || p.meetingPointId === match.meetingPointId))?.peerId ?? null;
}

/**
 * Waits until `pick` finds a stream in the page's stats whose bytes and decoded frames (for
 * video) rise between two samples; returns the last figures.
 */
export async function waitForFlowing(page: Page, pick: (s: Inbound[]) => Inbound | undefined, timeoutMs = 15_000): Promise<Inbound> {
  const until = Date.now() + timeoutMs;
  let last: Inbound | undefined;
  while (Date.now() < until) {
    const now = pick(await inboundOf(page));
    if (now && last && now.peerId === last.peerId && now.bytesReceived > last.bytesReceived && (now.kind === 'audio' || now.framesDecoded > last.framesDecoded)) return now;
    last = now;
    await new Promise((r) => setTimeout(r, 400));
  }
  throw new Error(`no flowing stream within ${timeoutMs} ms; last figures: ${JSON.stringify(last ?? null)}`);
}
