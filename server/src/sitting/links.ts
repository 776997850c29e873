import { fromOwnDevice, type AttendanceLink } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';
import { applySystemChange, type Applied } from './store.js';
import type { LiveState } from './state.js';

/** Publishes a change the server made itself (its audit entry is appended with it, store.ts). */
function publish(deps: Deps, applied: Applied): void {
  if (applied.delta) deps.events.publish('sitting.changed', applied.delta);
}

/** The attendance with this delegate's own-device entry changed by `fn`, or the same state. */
function withEntry(live: LiveState, userId: string, fn: (e: LiveState['attendance'][number]) => LiveState['attendance'][number] | null): LiveState {
  const i = live.attendance.findIndex((a) => a.userId === userId);
  const e = live.attendance[i];
  if (!e || !fromOwnDevice(e) || live.status === 'closed') return live;
  const next = fn(e);
  if (!next) return live;
  const attendance = [...live.attendance];
  attendance[i] = next;
  return { ...live, attendance };
}

/**
 * Sets the link of a delegate attending from their own device (no change for anyone else,
 * or when it already is so). `lost` applies only over `reconnecting`: a device that came
 * back meanwhile stays connected. Audited: the link decides whether they count.
 */
export async function setLink(deps: Deps, sittingId: string, userId: string, link: AttendanceLink): Promise<void> {
  const applied = await applySystemChange(deps, sittingId, { action: 'attendance:link', actorId: userId, audit: true }, (live, ctx) =>
    withEntry(live, userId, (e) => {
      if ((e.link ?? 'connected') === link) return null;
      if (link === 'lost' && e.link !== 'reconnecting') return null;
      return { ...e, link, linkAt: ctx.now.toISOString(), ...(link === 'connected' ? {} : { linkScore: null }) };
    }));
  publish(deps, applied);
}

/** Score steps worth telling the secretariat about: a change within a step is not written. */
const band = (score: number | null | undefined) => (score === null || score === undefined ? -1 : score >= 8 ? 2 : score >= 5 ? 1 : 0);

/** Records mediasoup's score of what the delegate's device sends, when its band changed (not audited). */
export async function setLinkScore(deps: Deps, sittingId: string, userId: string, score: number | null): Promise<void> {
  const applied = await applySystemChange(deps, sittingId, { action: 'attendance:linkScore', actorId: userId, audit: false }, (live) =>
    withEntry(live, userId, (e) => (band(e.linkScore) === band(score) ? null : { ...e, linkScore: score })));
  publish(deps, applied);
}
