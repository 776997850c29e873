import { Types } from 'mongoose';
import { fromOwnDevice, type AttendanceEntry } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';
import { councilRules } from '../council/rules.js';
import { setLink } from './links.js';

/** A socket gone for this long counts as a dropped link (a page reload comes back sooner). */
export const DROP_AFTER_MS = 2000;

/**
 * Which connections of each delegate follow each sitting, in this process, and the links of
 * delegates attending from their own device that follow from it: the last connection gone
 * → "online, reconnecting" (still counted); still gone after the council's grace period →
 * "lost" (not counted); a connection back → "connected".
 */
export class Presence {
  readonly #deps: Deps;
  readonly #sockets = new Map<string, Set<string>>();
  readonly #timers = new Map<string, NodeJS.Timeout[]>();
  /** Delegates attending from their own device, per sitting (kept from the attendance deltas). */
  readonly #own = new Set<string>();

  constructor(deps: Deps) {
    this.#deps = deps;
    deps.events.subscribe('sitting.changed', (delta) => {
      if (delta.patch.attendance) this.#follow(delta.sittingId, delta.patch.attendance);
    }, 'everywhere'); // each process follows its own devices' sockets
  }

  /** Notes who attends from their own device now (from a snapshot or a delta). */
  #follow(sittingId: string, attendance: readonly AttendanceEntry[]): void {
    for (const key of [...this.#own]) if (key.startsWith(`${sittingId}|`)) this.#own.delete(key);
    for (const a of attendance) if (fromOwnDevice(a)) this.#own.add(this.#key(sittingId, a.userId));
  }

  #key = (sittingId: string, userId: string) => `${sittingId}|${userId}`;

  #clear(key: string): void {
    for (const t of this.#timers.get(key) ?? []) clearTimeout(t);
    this.#timers.delete(key);
  }

  #closed = false;

  #run(what: Promise<void>, sittingId: string, userId: string): void {
    if (this.#closed) return;
    what.catch((err) => this.#deps.log.error({ err, sittingId, userId }, 'attendance link update failed'));
  }

  /** A connection of this user follows the sitting (sitting:join, with the attendance it was sent). */
  joined(sittingId: string, userId: string, socketId: string, attendance: readonly AttendanceEntry[]): void {
    this.#follow(sittingId, attendance);
    const key = this.#key(sittingId, userId);
    let set = this.#sockets.get(key);
    if (!set) this.#sockets.set(key, (set = new Set()));
    set.add(socketId);
    this.#clear(key);
    const mine = attendance.find((a) => a.userId === userId);
    if (mine && fromOwnDevice(mine) && mine.link && mine.link !== 'connected') this.#run(setLink(this.#deps, sittingId, userId, 'connected'), sittingId, userId);
  }

  /** A connection stopped following the sitting (left it, or disconnected). */
  left(sittingId: string, userId: string, socketId: string): void {
    const key = this.#key(sittingId, userId);
    const set = this.#sockets.get(key);
    set?.delete(socketId);
    if (set && set.size > 0) return;
    this.#sockets.delete(key);
    if (this.#own.has(key)) this.#expectBack(sittingId, userId, DROP_AFTER_MS);
  }

  /**
   * Counts the delegate as reconnecting after `dropAfterMs`, and as lost after the grace
   * period that follows, unless a connection comes back first.
   */
  #expectBack(sittingId: string, userId: string, dropAfterMs: number): void {
    if (this.#closed) return;
    const key = this.#key(sittingId, userId);
    this.#clear(key);
    const drop = setTimeout(() => {
      this.#run((async () => {
        await setLink(this.#deps, sittingId, userId, 'reconnecting');
        const grace = await this.#graceMs(sittingId);
        if (this.#sockets.has(key)) return;
        const lost = setTimeout(() => this.#run(setLink(this.#deps, sittingId, userId, 'lost'), sittingId, userId), grace);
        lost.unref();
        this.#timers.set(key, [lost]);
      })(), sittingId, userId);
    }, dropAfterMs);
    drop.unref();
    this.#timers.set(key, [drop]);
  }

  async #graceMs(sittingId: string): Promise<number> {
    const s = await this.#deps.models.Sitting.findById(sittingId, { councilId: 1 }).lean<{ councilId: Types.ObjectId }>();
    if (!s) return 0;
    return (await councilRules(this.#deps, s.councilId)).rules.onlineGraceSeconds * 1000;
  }

  /**
   * After a start: delegates recorded on their own device in sittings under way are expected
   * back (their pages reconnect on their own); those that do not come back are counted as
   * the grace period says.
   */
  async recover(): Promise<void> {
    const live = await this.#deps.models.Sitting.find({ status: { $in: ['published', 'open'] } }, { attendance: 1 }).lean<Array<{ _id: Types.ObjectId; attendance: AttendanceEntry[] }>>();
    for (const s of live) {
      for (const a of s.attendance ?? []) {
        if (!fromOwnDevice(a) || a.link === 'lost' || this.#sockets.has(this.#key(String(s._id), a.userId))) continue;
        this.#own.add(this.#key(String(s._id), a.userId));
        this.#expectBack(String(s._id), a.userId, DROP_AFTER_MS * 5);
      }
    }
  }

  /** Stops every timer (the server is stopping). */
  close(): void {
    this.#closed = true;
    for (const key of [...this.#timers.keys()]) this.#clear(key);
  }
}
