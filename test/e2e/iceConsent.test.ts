import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openSignedIn } from './browser.js';
import { launchChromiumWithFakeMedia, peerIdOf, waitForFlowing } from './mediaBrowser.js';
import { startBriefingRig, type BriefingRig } from './briefingRig.js';
import type { Peer } from '../../media/src/Peer.js';

/** Process ids descending from `root` (this test process): the Chromium processes it launched. */
function descendants(root: number): Set<number> {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing paren.
      const rest = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ');
      parent.set(Number(name), Number(rest[1]));
    } catch { /* the process ended meanwhile */ }
  }
  const out = new Set<number>();
  const isBelow = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  for (const pid of parent.keys()) if (isBelow(pid)) out.add(pid);
  return out;
}

/**
 * A commune room's tablet that vanishes without a word (battery out, Wi-Fi gone: simulated by
 * freezing its whole browser with SIGSTOP, so it sends nothing, not even a DTLS close) is let
 * go by the server through ICE consent (RFC 7675: the browser's consent checks stop), while
 * the hall, whose browser keeps answering, stays connected. Real server, mediasoup worker,
 * two Chromium instances.
 */
describe('ICE consent in Chromium: a vanished tablet is let go, a live one is kept', () => {
  const CONSENT_S = 10; // mediasoup's minimum
  const SILENCE_MS = 4000; // the time left for an ICE restart once consent is lost
  let rig: BriefingRig;
  let tablet: Browser | undefined;
  let frozen: number[] = [];

  beforeAll(async () => {
    rig = await startBriefingRig({ workers: 1, ports: { min: 49000, max: 49999 }, iceConsentTimeoutSeconds: CONSENT_S, silenceTimeoutMs: SILENCE_MS });
  }, 180_000);

  afterAll(async () => {
    for (const pid of frozen) { try { process.kill(pid, 'SIGCONT'); } catch { /* gone */ } }
    await tablet?.close().catch(() => {});
    await rig?.stop();
  });

  const open = async (browser: Browser, userId: string): Promise<Page> => {
    const { page } = await openSignedIn(browser, rig.server, userId, `/hop-truc-tuyen/${rig.f.sittingId}`, { viewport: { width: 1280, height: 900 } });
    await page.locator('[data-testid="media-status"][data-status="live"]').waitFor({ timeout: 20_000 });
    return page;
  };

  it('the room\'s transports turn disconnected when its consent checks stop, the peer is closed and leaves the hall\'s list; the hall stays connected', async () => {
    const hall = await open(rig.browser, rig.f.chair.id);
    const before = descendants(process.pid);
    tablet = await launchChromiumWithFakeMedia();
    const tabletPids = [...descendants(process.pid)].filter((p) => !before.has(p));
    expect(tabletPids.length).toBeGreaterThan(0);
    const room1 = await open(tablet, rig.f.operator1.id);
    const hallPeerId = (await peerIdOf(room1, { role: 'hall' }))!;
    await waitForFlowing(room1, (s) => s.find((x) => x.kind === 'video' && x.peerId === hallPeerId));
    await expect.poll(() => peerIdOf(hall, { role: 'room', meetingPointId: rig.f.mp1 })).not.toBeNull();

    const room = (await rig.media.existing(rig.f.sittingId))!;
    const peerOf = (role: string) => room.peers().find((p) => p.role === role)!;
    const roomPeer: Peer = peerOf('room');
    const hallPeer: Peer = peerOf('hall');
    const iceStates: Array<{ at: number; state: string }> = [];
    const t0 = Date.now();
    for (const t of roomPeer.transportList()) t.on('icestatechange', (state) => iceStates.push({ at: Date.now() - t0, state }));
    const closed = new Promise<{ at: number; reason: string }>((resolve) => roomPeer.once('close', (reason) => resolve({ at: Date.now() - t0, reason })));

    frozen = tabletPids;
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');

    const { at, reason } = await closed;
    expect(reason).toBe('silent');
    const disconnected = iceStates.filter((s) => s.state === 'disconnected');
    expect(disconnected.length).toBeGreaterThan(0);
    // Consent ran out (10 s after the last check, which Chromium sends every few seconds)...
    expect(disconnected[0]!.at).toBeGreaterThan((CONSENT_S - 6) * 1000);
    expect(disconnected[0]!.at).toBeLessThan((CONSENT_S + 3) * 1000);
    // ...and the peer went once no transport had come back for the silence time.
    expect(at - disconnected[disconnected.length - 1]!.at).toBeGreaterThanOrEqual(SILENCE_MS - 100);
    console.log(`ICE consent: disconnected ${disconnected[0]!.at} ms after the tablet froze, peer closed at ${at} ms`);

    await expect.poll(() => peerIdOf(hall, { role: 'room', meetingPointId: rig.f.mp1 }), { timeout: 5000 }).toBeNull();
    // The hall, answering consent all along, is still there and connected.
    expect(hallPeer.closed).toBe(false);
    expect(hallPeer.unreachableForMs()).toBe(0);
    expect(await hall.locator('[data-testid="media-status"]').getAttribute('data-status')).toBe('live');
  }, 90_000);
});
