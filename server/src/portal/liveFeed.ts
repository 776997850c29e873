import type { PublicSitting } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { AppError } from '../platform/errors.js';
import { buildPublicSitting } from './sittingView.js';
import { weakEtag } from './respond.js';

/** What the feed does to the followers of one sitting: push its new public view, or drop them. */
export interface LiveOutlet {
  /** Whether anyone follows the sitting now (no one: nothing is built). */
  followed(sittingId: string): boolean;
  push(sittingId: string, view: PublicSitting): void;
  /** The sitting is no longer public: tell the followers and make them leave, at once. */
  gone(sittingId: string): void;
}

/** Changes within this window are pushed once (a burst of check-ins is one push). */
const SETTLE_MS = 250;

/**
 * Keeps the followers of public sittings up to date from the domain events: a sitting's change,
 * a poll's change or tally (publication included), signed minutes or resolutions, a session's
 * cancellation. A sitting turned closed-doors (or back to draft) is dropped before anything
 * else runs; otherwise its public view is rebuilt after the burst settles and pushed only if
 * it differs from the last one.
 * In a cluster every process does this for its own followers (the outlet pushes locally).
 */
export function followPortalEvents(deps: Deps, outlet: LiveOutlet): void {
  const last = new Map<string, string>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Bumped when a sitting is dropped: a build started before cannot push after it. */
  const generation = new Map<string, number>();

  const drop = (sittingId: string) => {
    generation.set(sittingId, (generation.get(sittingId) ?? 0) + 1);
    clearTimeout(timers.get(sittingId));
    timers.delete(sittingId);
    last.delete(sittingId);
    outlet.gone(sittingId);
  };

  const rebuild = async (sittingId: string) => {
    timers.delete(sittingId);
    if (!outlet.followed(sittingId)) { last.delete(sittingId); return; }
    const gen = generation.get(sittingId) ?? 0;
    try {
      const view = await buildPublicSitting(deps, sittingId);
      if ((generation.get(sittingId) ?? 0) !== gen) return;
      const tag = weakEtag(JSON.stringify(view));
      if (last.get(sittingId) === tag) return;
      last.set(sittingId, tag);
      outlet.push(sittingId, view);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') drop(sittingId);
      else deps.log.warn({ err, sittingId }, 'portal: the public view could not be rebuilt');
    }
  };

  const changed = (sittingId: string) => {
    if (timers.has(sittingId) || !outlet.followed(sittingId)) return;
    const t = setTimeout(() => void rebuild(sittingId), SETTLE_MS);
    t.unref();
    timers.set(sittingId, t);
  };

  deps.events.subscribe('sitting.changed', (delta) => {
    if (delta.patch.closedDoors === true || delta.patch.status === 'draft') drop(delta.sittingId);
    else changed(delta.sittingId);
  }, 'everywhere');
  deps.events.subscribe('poll.changed', (view) => changed(view.sittingId), 'everywhere');
  deps.events.subscribe('poll.tallied', ({ sittingId }) => changed(sittingId), 'everywhere');
  deps.events.subscribe('minutes.signed', ({ sittingId }) => changed(sittingId), 'everywhere');
  deps.events.subscribe('resolution.signed', ({ sittingId }) => changed(sittingId), 'everywhere');
  deps.events.subscribe('session.cancelled', async ({ sessionId }) => {
    for (const s of await deps.models.Sitting.find({ sessionId }, { _id: 1 }).lean()) if (outlet.followed(String(s._id))) drop(String(s._id));
  }, 'everywhere');
}
