import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildLiveSitting, mintCookies, connectClient, followSitting, sendCommand, type LiveSitting } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';

/**
 * A tablet joining at the very moment the chair changes something must end with the change,
 * either in the snapshot its join returns or as a delta after it, even when nothing happens
 * afterwards to reveal a gap. The join is sent at a sweep of delays after the command, so some
 * land while the command is being applied.
 */

let server: TestServer;
let f: LiveSitting;
let cookies: string[];
const open: ClientSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  f = await buildLiveSitting(server.deps.models, { delegates: 300, items: 3 });
  cookies = await mintCookies(server.deps.models, [f.chairId, f.delegateIds[299]!]);
}, 120_000);
afterAll(async () => {
  open.forEach((s) => s.close());
  await server?.stop();
});

describe('joining a sitting', () => {
  it('a client that joins while a command is being applied ends at that command\'s version, with no later change needed', async () => {
    const chair = await connectClient(server.url, cookies[0]!, { reconnection: false });
    open.push(chair);
    const outcomes: Array<{ delayMs: number; commandVersion: number; joinedAt: number; endedAt: number }> = [];
    for (let i = 0; i < 40; i++) {
      const delayMs = i * 4;
      const tablet = await connectClient(server.url, cookies[1]!, { reconnection: false });
      open.push(tablet);
      const command = sendCommand(chair, 'agenda:setCurrent', { sittingId: f.sittingId, agendaItemId: f.itemIds[i % 3]! });
      await new Promise((r) => setTimeout(r, delayMs));
      const fl = followSitting(tablet, f.sittingId);
      await fl.ready;
      const joinedAt = fl.mirror.version;
      const ack = await command;
      if (!ack.ok) throw new Error(ack.message);
      await fl.waitForVersion(ack.data.version, 2000).catch(() => {});
      outcomes.push({ delayMs, commandVersion: ack.data.version, joinedAt, endedAt: fl.mirror.version });
      fl.stop();
      tablet.close();
    }
    expect(outcomes.filter((o) => o.endedAt < o.commandVersion)).toEqual([]);
  }, 120_000);
});
