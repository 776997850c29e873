import { join } from 'node:path';
import type { Deps } from '../app/deps.js';
import type { MediaService } from '../../../media/src/MediaService.js';
import type { Room } from '../../../media/src/Room.js';
import { Webcast } from '../../../media/src/webcast/Webcast.js';
import type { LiveWebcasts } from './live.js';

/** Whether a sitting may be webcast: open, and not behind closed doors (họp kín). */
export const mayWebcast = (s: { status: string; closedDoors: boolean }): boolean => s.status === 'open' && !s.closedDoors;

interface Running { webcast: Webcast; recordingDir: string }

/**
 * The webcasts of the server's briefings: one per public, open sitting whose briefing room
 * exists, started when both hold and stopped when either ends — at once (before any database
 * read) when a change makes the sitting closed-door or ends it.
 */
export class WebcastService implements LiveWebcasts {
  readonly #deps: Deps;
  readonly #media: MediaService;
  readonly #ffmpegPath: string;
  readonly #dir: string;
  readonly #running = new Map<string, Running>();
  /** Per sitting, the last sync under way (syncs of one sitting run one after another). */
  readonly #syncs = new Map<string, Promise<void>>();
  #closed = false;
  /** Why no webcast may run now (the recordings' disk limits, set by their sweep), else null. */
  #blocked: string | null = null;

  constructor(deps: Deps, media: MediaService, opts: { ffmpegPath: string; dir: string }) {
    this.#deps = deps;
    this.#media = media;
    this.#ffmpegPath = opts.ffmpegPath;
    this.#dir = opts.dir;
  }

  /** Follows the sittings' changes and the briefings' rooms. Called once. */
  follow(): void {
    this.#deps.events.subscribe('sitting.changed', ({ sittingId, patch }) => {
      // Closed doors or the end of the sitting: off the air now, not after a read.
      if (patch.closedDoors === true || (patch.status !== undefined && patch.status !== 'open')) void this.stop(sittingId);
      if ('closedDoors' in patch || 'status' in patch) this.sync(sittingId);
    }, 'everywhere'); // the webcast runs where the hall's media is
    this.#media.on('roomcreated', (room) => this.sync(room.id));
  }

  /** The live directory of a sitting's webcast while it is on the air. */
  liveDir(sittingId: string): string | null {
    const r = this.#running.get(sittingId);
    return r && r.webcast.state === 'live' ? r.webcast.liveDir : null;
  }

  /** The webcast of a sitting (any state), for status and tests. */
  webcastOf(sittingId: string): Webcast | null {
    return this.#running.get(sittingId)?.webcast ?? null;
  }

  /** Where a sitting's current webcast records, and since when (for chapters). */
  recordingOf(sittingId: string): { path: string; startedAt: Date | null } | null {
    return this.#running.get(sittingId)?.webcast.recording ?? null;
  }

  /** Brings the sitting's webcast in line with its sitting and its briefing room. */
  sync(sittingId: string): Promise<void> {
    const next = (this.#syncs.get(sittingId) ?? Promise.resolve())
      .then(() => this.#sync(sittingId))
      .catch((err) => this.#deps.log.error({ err, sittingId }, 'webcast: sync failed'));
    this.#syncs.set(sittingId, next);
    void next.finally(() => { if (this.#syncs.get(sittingId) === next) this.#syncs.delete(sittingId); });
    return next;
  }

  async #sync(sittingId: string): Promise<void> {
    if (this.#closed) return;
    const room = await this.#media.existing(sittingId)?.catch(() => undefined);
    const s = await this.#deps.models.Sitting.findById(sittingId, { status: 1, closedDoors: 1 }).lean<{ status: string; closedDoors: boolean }>();
    const wanted = !!room && !room.closed && !!s && mayWebcast(s);
    if (!wanted || this.#blocked) { await this.stop(sittingId); return; }
    if (!this.#running.has(sittingId)) await this.#start(sittingId, room);
  }

  async #start(sittingId: string, room: Room): Promise<void> {
    const startedAt = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const recordingDir = join(this.#dir, 'recordings', sittingId, startedAt);
    const webcast = await Webcast.start({
      room,
      ffmpegPath: this.#ffmpegPath,
      workDir: join(this.#dir, 'live', sittingId),
      recordingDir,
      log: (message, extra) => this.#deps.log.warn({ sittingId, ...extra }, message),
    });
    webcast.on('state', (state, reason) => {
      if (state === 'unavailable') this.#deps.log.error({ sittingId }, reason ?? 'webcast unavailable');
      if (state === 'stopped' && this.#running.get(sittingId)?.webcast === webcast) this.#running.delete(sittingId);
    });
    if (webcast.state === 'stopped') return;
    this.#running.set(sittingId, { webcast, recordingDir });
    this.#deps.log.info({ sittingId, recording: webcast.recording.path }, 'webcast started');
  }

  /** Takes the sitting's webcast off the air at once (no playlist served from now), then ends it. */
  async stop(sittingId: string): Promise<void> {
    const r = this.#running.get(sittingId);
    if (!r) return;
    this.#running.delete(sittingId);
    await r.webcast.stop();
    this.#deps.log.info({ sittingId }, 'webcast stopped');
  }

  /** Stops every webcast while `reason` holds (the recordings' disk is full); null lets the next sync start them again. */
  async block(reason: string | null): Promise<void> {
    this.#blocked = reason;
    if (reason) await Promise.all([...this.#running.keys()].map((id) => this.stop(id)));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#running.keys()].map((id) => this.stop(id)));
  }
}
