import { EventEmitter } from 'node:events';
import type { SittingDelta } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';

/**
 * In-process notice of every applied sitting change, after its broadcast: for other parts of
 * the server that follow a sitting (the video briefing's floor follows its speaker).
 */
const emitters = new WeakMap<Deps, EventEmitter>();

function emitterOf(deps: Deps): EventEmitter {
  let e = emitters.get(deps);
  if (!e) emitters.set(deps, (e = new EventEmitter()));
  return e;
}

export function onSittingChanged(deps: Deps, listener: (delta: SittingDelta) => void): void {
  emitterOf(deps).on('changed', listener);
}

export function sittingChanged(deps: Deps, delta: SittingDelta): void {
  emitterOf(deps).emit('changed', delta);
}
