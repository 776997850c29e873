import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { connectSocket, cookieFor, type ClientSocket } from '../helpers/sockets.js';
import { emitterOf, type Emit } from '../helpers/acks.js';
import { buildClient, launchBrowser, openSignedIn, type Engine, type Opened } from './browser.js';
import { buildSittingFixture } from './sittingFixture.js';

/**
 * What the sitting and voting browser tests stand on: the client built, a real server
 * serving it, the sitting fixture, and the browser (Chromium unless told); pages open signed
 * in, sockets join the sitting, and `stop` closes all of it.
 */
export interface SittingRig {
  server: TestServer;
  browser: Browser;
  f: Awaited<ReturnType<typeof buildSittingFixture>>;
  /** A browser context signed in as `userId`, opened at `path` (1280×800 unless told). */
  openAs(userId: string, path: string, opts?: Parameters<Browser['newContext']>[0]): Promise<Opened>;
  /** A socket of `userId` joined to the fixture's sitting (so it may list polls and gets broadcasts). */
  joined(userId: string): Promise<Emit>;
  /** A socket of `userId`, not joined to anything; closed by `stop`. */
  socketOf(userId: string): Promise<ClientSocket>;
  stop(): Promise<void>;
}

/** `client`: a build the caller owns and removes (clientBuildPerFile); else the rig builds its own. */
export async function startSittingRig(opts: { engine?: Engine; client?: () => Promise<string> } = {}): Promise<SittingRig> {
  const distDir = opts.client ? await opts.client() : await buildClient();
  const server = await startTestServer({ env: { CLIENT_DIST: distDir } });
  const f = await buildSittingFixture(server.deps);
  const browser = await launchBrowser(opts.engine ?? 'chromium');
  const sockets: ClientSocket[] = [];
  const socketOf = async (userId: string) => {
    const s = await connectSocket(server.url, await cookieFor(server.deps, userId));
    sockets.push(s);
    return s;
  };
  return {
    server, browser, f, socketOf,
    openAs: (userId, path, opts = {}) => openSignedIn(browser, server, userId, path, { viewport: { width: 1280, height: 800 }, ...opts }),
    async joined(userId) {
      const emit = emitterOf(await socketOf(userId));
      const res = await emit('sitting:join', { sittingId: f.sittingId });
      if (!res.ok) throw new Error(`sitting:join refused: ${res.error}`);
      return emit;
    },
    async stop() {
      for (const s of sockets) s.close();
      await browser.close();
      await server.stop();
      if (!opts.client) rmSync(distDir, { recursive: true, force: true });
    },
  };
}
