import { randomBytes, randomUUID } from 'node:crypto';
import { io as ioClient } from 'socket.io-client';
import type { Types } from 'mongoose';
import type { Models } from '../../server/src/app/models.js';
import type { Deps } from '../../server/src/app/deps.js';
import { openLogin, SESSION_COOKIE } from '../../server/src/auth/logins.js';
import { SittingMirror } from '../../contract/sittingSync.js';
import type { SittingCommandName, SittingDelta, SittingSnapshot, SittingState } from '../../contract/sitting.js';
import type { Ack } from '../../contract/errors.js';
import type { CommandResult } from '../../contract/events.js';
import type { Role } from '../../contract/roles.js';
import type { ClientSocket } from './sockets.js';

/**
 * Live-sitting fixtures shared by test/live and bench/live: a large council with a sitting,
 * session cookies minted without argon2, and `followSitting`, the client protocol
 * (join → snapshot → ordered deltas → resync on a gap or a reconnection) on a real socket.
 * Works on bare models, so it serves the in-process test server and a spawned server alike.
 */

const uniq = () => randomBytes(4).toString('hex');

export interface LiveSitting {
  councilId: string;
  sessionId: string;
  sittingId: string;
  itemIds: string[];
  chairId: string;
  secretaryId: string;
  observerId: string;
  delegateIds: string[];
}

/**
 * A council with elected total N, a chair, a secretary, an observer, `delegates` delegates,
 * a session with `items` agenda items, and a sitting (open unless told otherwise).
 */
export async function buildLiveSitting(models: Models, opts: { delegates: number; electedTotal?: number; items?: number; status?: 'draft' | 'published' | 'open' | 'closed'; closedDoors?: boolean }): Promise<LiveSitting> {
  const tag = uniq();
  const unit = await models.Unit.create({ name: `Tỉnh ${tag}`, unitType: 'tinh', parentId: null, validFrom: new Date('2025-07-01') });
  const council = await models.Council.create({
    unitId: unit._id, name: `HĐND ${tag}`, term: '2021-2026', termStart: new Date('2021-06-01'), electedTotal: opts.electedTotal ?? opts.delegates,
  });
  const session = await models.CouncilSession.create({ councilId: council._id, title: `Kỳ họp ${tag}`, startsAt: new Date(), endsAt: new Date(Date.now() + 86400_000), status: 'published' });
  const kinds = ['report', 'plenary', 'group_discussion', 'interpellation', 'vote'] as const;
  const items = await models.AgendaItem.insertMany(Array.from({ length: opts.items ?? 5 }, (_, i) => ({ sessionId: session._id, order: i + 1, title: `Nội dung ${i + 1}`, kind: kinds[i % kinds.length] })));
  const staff = await models.User.insertMany((['chair', 'secretariat', 'observer'] as const).map((r) => ({ login: `${r}-${tag}@x.vn`, displayName: `${r} ${tag}` })));
  const users: Array<{ _id: Types.ObjectId }> = [];
  for (let i = 0; i < opts.delegates; i += 500) {
    const n = Math.min(500, opts.delegates - i);
    users.push(...await models.User.insertMany(Array.from({ length: n }, (_, j) => ({ login: `d${i + j}-${tag}@x.vn`, displayName: `Đại biểu ${i + j + 1}` }))));
  }
  const roles: Array<[Types.ObjectId, Role]> = [[staff[0]!._id, 'chair'], [staff[1]!._id, 'secretariat'], [staff[2]!._id, 'observer'], ...users.map((u) => [u._id, 'delegate'] as [Types.ObjectId, Role])];
  for (let i = 0; i < roles.length; i += 500) {
    await models.Membership.insertMany(roles.slice(i, i + 500).map(([userId, role]) => ({ userId, councilId: council._id, role })));
  }
  const sitting = await models.Sitting.create({ sessionId: session._id, councilId: council._id, title: `Phiên họp ${tag}`, status: opts.status ?? 'open', closedDoors: opts.closedDoors ?? false });
  return {
    councilId: String(council._id),
    sessionId: String(session._id),
    sittingId: String(sitting._id),
    itemIds: items.map((i) => String(i._id)),
    chairId: String(staff[0]!._id),
    secretaryId: String(staff[1]!._id),
    observerId: String(staff[2]!._id),
    delegateIds: users.map((u) => String(u._id)),
  };
}

/**
 * Session cookies for many users, minted with `openLogin` (no argon2 sign-in), a few at a
 * time. `openLogin` only needs the models and SESSION_MAX_HOURS.
 */
export async function mintCookies(models: Models, userIds: string[], opts: { concurrency?: number; maxHours?: number } = {}): Promise<string[]> {
  const deps = { models, config: { SESSION_MAX_HOURS: opts.maxHours ?? 12 } } as unknown as Deps;
  const out: string[] = new Array(userIds.length);
  let next = 0;
  const worker = async () => {
    while (next < userIds.length) {
      const i = next++;
      out[i] = `${SESSION_COOKIE}=${await openLogin(deps, userIds[i] as unknown as Types.ObjectId)}`;
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 16, userIds.length) }, worker));
  return out;
}

export interface ClientOptions {
  reconnection?: boolean;
  reconnectionDelay?: number;
  reconnectionDelayMax?: number;
  /** Connection timeout per attempt. */
  timeout?: number;
}

/** A real socket.io client over websocket, resolved once connected (rejects on the first connect error). */
export async function connectClient(url: string, cookie: string, opts: ClientOptions = {}): Promise<ClientSocket> {
  const socket: ClientSocket = ioClient(url, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    forceNew: true,
    reconnection: opts.reconnection ?? true,
    reconnectionDelay: opts.reconnectionDelay ?? 200,
    reconnectionDelayMax: opts.reconnectionDelayMax ?? 1000,
    timeout: opts.timeout ?? 20_000,
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => { socket.off('connect', onConnect); socket.close(); reject(err); };
    const onConnect = () => { socket.off('connect_error', onError); resolve(); };
    socket.once('connect', onConnect);
    socket.once('connect_error', onError);
  });
  return socket;
}

/** Runs `fn` over `items` with at most `limit` at once; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  }));
  return out;
}

export const commandId = () => randomUUID();

/**
 * Sends a sitting command and waits for its acknowledgement; without one in `timeoutMs`
 * (a dropped connection, a server restart) sends it again with the SAME command id, which
 * the server applies at most once. Throws after `attempts` silent tries.
 */
export async function sendCommand(socket: ClientSocket, name: SittingCommandName, payload: { sittingId: string; commandId?: string; [k: string]: unknown }, opts: { timeoutMs?: number; attempts?: number } = {}): Promise<Ack<CommandResult>> {
  const body = { ...payload, commandId: payload.commandId ?? commandId() };
  const attempts = opts.attempts ?? 10;
  for (let i = 1; ; i++) {
    try {
      return await socket.timeout(opts.timeoutMs ?? 5000).emitWithAck(name, body);
    } catch (err) {
      if (i >= attempts) throw new Error(`${name} ${body.commandId}: no acknowledgement after ${attempts} tries (${(err as Error).message})`);
    }
  }
}

export interface Follower {
  readonly socket: ClientSocket;
  readonly mirror: SittingMirror;
  /** Resolves with the first snapshot; rejects if the first join is refused. */
  readonly ready: Promise<void>;
  /** Connections seen (the first included) and when the latest happened (performance.now()). */
  readonly connects: number;
  readonly lastConnectAt: number;
  readonly disconnects: number;
  /** When the mirror last loaded or applied anything (performance.now()). */
  readonly lastChangeAt: number;
  /** Joins answered (first join, rejoins after reconnection, resyncs after a gap). */
  readonly joins: number;
  /** Resolves once the mirror holds at least `version` (rejects after timeoutMs). */
  waitForVersion(version: number, timeoutMs: number): Promise<void>;
  /** Stops following (listeners off); the socket is left as it is. */
  stop(): void;
}

/**
 * Follows a sitting on a socket with a SittingMirror, as a tablet does: join on every
 * (re)connection and load the snapshot it returns, apply `sitting:changed` deltas in version
 * order, and fetch the snapshot again on a gap. Fetching goes through `sitting:join` (not
 * `sitting:snapshot`): after a reconnection that was not recovered the socket is no longer in
 * the sitting's room, and joining again both restores the room and returns the snapshot.
 */
export function followSitting(socket: ClientSocket, sittingId: string, opts: {
  /** Called for every delta of this sitting, before it is applied. */
  onDelta?: (delta: SittingDelta) => void;
  onChange?: (state: SittingState, version: number) => void;
  /** Acknowledgement timeout of one join attempt; a timed-out join is tried again. */
  joinTimeoutMs?: number;
} = {}): Follower {
  let stopped = false;
  let firstDone = false;
  let resolveReady!: () => void;
  let rejectReady!: (err: Error) => void;
  const ready = new Promise<void>((res, rej) => { resolveReady = res; rejectReady = rej; });
  const waiters = new Set<{ version: number; resolve: () => void }>();
  const stats = { connects: 0, lastConnectAt: 0, disconnects: 0, lastChangeAt: 0, joins: 0 };

  const onChange = (state: SittingState, version: number) => {
    stats.lastChangeAt = performance.now();
    opts.onChange?.(state, version);
    for (const w of waiters) if (version >= w.version) { waiters.delete(w); w.resolve(); }
  };

  /** The snapshot, by joining; retried until answered. Never rejects once the first join succeeded. */
  const fetchSnapshot = async (): Promise<SittingSnapshot> => {
    for (let attempt = 0; ; attempt++) {
      if (stopped) return new Promise<never>(() => {}); // the follower is gone: never settle
      try {
        const res = await socket.timeout(opts.joinTimeoutMs ?? 5000).emitWithAck('sitting:join', { sittingId });
        if (res.ok) { stats.joins += 1; return res.data; }
        if (!firstDone) throw Object.assign(new Error(`sitting:join refused: ${res.error} ${res.message}`), { refused: true });
      } catch (err) {
        if ((err as { refused?: boolean }).refused) throw err;
        // No acknowledgement in time: the connection dropped, or the server is restarting.
      }
      await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** Math.min(attempt, 5))));
    }
  };

  const mirror = new SittingMirror(fetchSnapshot, onChange);

  const join = async () => {
    try {
      const snap = await fetchSnapshot();
      if (stopped) return;
      mirror.load(snap);
      if (!firstDone) { firstDone = true; resolveReady(); }
    } catch (err) {
      if (!firstDone) rejectReady(err as Error);
    }
  };

  const onConnect = () => {
    stats.connects += 1;
    stats.lastConnectAt = performance.now();
    void join();
  };
  const onDisconnect = () => { stats.disconnects += 1; };
  const onDelta = (delta: SittingDelta) => {
    if (delta.sittingId !== sittingId) return;
    opts.onDelta?.(delta);
    mirror.apply(delta);
  };
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('sitting:changed', onDelta);
  if (socket.connected) onConnect();

  return {
    socket,
    mirror,
    ready,
    get connects() { return stats.connects; },
    get lastConnectAt() { return stats.lastConnectAt; },
    get disconnects() { return stats.disconnects; },
    get lastChangeAt() { return stats.lastChangeAt; },
    get joins() { return stats.joins; },
    waitForVersion(version, timeoutMs) {
      if (mirror.version >= version) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const w = { version, resolve: () => { clearTimeout(timer); resolve(); } };
        const timer = setTimeout(() => { waiters.delete(w); reject(new Error(`mirror at version ${mirror.version}, not ${version}, after ${timeoutMs} ms`)); }, timeoutMs);
        waiters.add(w);
      });
    },
    stop() {
      stopped = true;
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('sitting:changed', onDelta);
    },
  };
}

/** Percentile (nearest rank) of an ascending-sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
