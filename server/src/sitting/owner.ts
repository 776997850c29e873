import type { Deps } from '../app/deps.js';

/** The cluster key of a sitting: its owner process serialises its commands, polls and timers. */
export const sittingKey = (sittingId: string) => `sitting:${sittingId}`;
export const sittingOfKey = (key: string) => key.slice('sitting:'.length);

/**
 * Runs a command where the sitting's owner is (app/ownership.ts declares which): here in a
 * single process, or when this process owns the sitting; else forwarded to the owner.
 * `method` names the same function as `local`, registered for forwarded calls.
 */
export function onOwner<R>(deps: Deps, method: string, payload: object, local: () => Promise<R>): Promise<R> {
  return deps.cluster ? deps.cluster.run<R>(method, payload) : local();
}
