import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { connectSocket, cookieFor, type ClientSocket } from '../helpers/sockets.js';
import { emitterOf, type Emit } from '../helpers/acks.js';
import { buildClient } from '../e2e/browser.js';
import { buildSittingFixture } from '../e2e/sittingFixture.js';
import type { Engine, EngineName, Tab, Viewport } from './driver.js';
import { launchEngine } from './engines.js';

/** The client built once and a real server serving it, shared by every engine of a file. */
export interface Serving { server: TestServer; stop(): Promise<void> }

export async function startServing(): Promise<Serving> {
  const distDir = await buildClient();
  const server = await startTestServer({ env: { CLIENT_DIST: distDir } });
  return {
    server,
    async stop() {
      await server.stop();
      rmSync(distDir, { recursive: true, force: true });
    },
  };
}

/**
 * The file's server, started before its tests and stopped after them: `server()` answers it
 * once the file's beforeAll has run.
 */
export function servingPerFile(): { server(): TestServer } {
  let serving: Serving | undefined;
  beforeAll(async () => {
    serving = await startServing();
  }, 120_000);
  afterAll(async () => serving?.stop());
  return {
    server() {
      if (!serving) throw new Error('the server is not started yet (use it inside a test or a describe\'s beforeAll)');
      return serving.server;
    },
  };
}

/**
 * One engine's share: a sitting fixture of its own (a council, 50 delegates, 32 checked in),
 * the engine launched, tabs opened as a user, sockets joined to the sitting; `stop` ends all.
 */
export interface EngineRig {
  engine: Engine;
  f: Awaited<ReturnType<typeof buildSittingFixture>>;
  /** A tab at `path`, signed in as `userId` by a session cookie (null: signed out). */
  open(userId: string | null, path: string, viewport: Viewport): Promise<Tab>;
  /** A socket of `userId` joined to the fixture's sitting. */
  joined(userId: string): Promise<Emit>;
  stop(): Promise<void>;
}

export async function startEngineRig(server: TestServer, name: EngineName): Promise<EngineRig> {
  const f = await buildSittingFixture(server.deps);
  const engine = await launchEngine(name);
  const sockets: ClientSocket[] = [];
  return {
    engine,
    f,
    async open(userId, path, viewport) {
      const cookie = userId ? await cookieFor(server.deps, userId) : undefined;
      const tab = await engine.open({ origin: server.url, viewport, ...(cookie ? { cookie } : {}) });
      await tab.goto(path);
      return tab;
    },
    async joined(userId) {
      const socket = await connectSocket(server.url, await cookieFor(server.deps, userId));
      sockets.push(socket);
      const emit = emitterOf(socket);
      const res = await emit('sitting:join', { sittingId: f.sittingId });
      if (!res.ok) throw new Error(`sitting:join refused: ${res.error}`);
      return emit;
    },
    async stop() {
      for (const s of sockets) s.close();
      await engine.close();
    },
  };
}
