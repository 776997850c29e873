import type { SittingCommandName, SittingDelta } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';
import type { Actor } from '../council/actor.js';
import { applyCommand } from './store.js';
import { afterCommand } from './effects.js';
import { onOwner } from './owner.js';

export interface SittingCommandCall { name: SittingCommandName; payload: { sittingId: string; commandId: string }; actor: Actor }

/** A sitting command applied and recorded (its audit entry, the questions it raised), on this process. */
export async function applyAndRecord(deps: Deps, c: SittingCommandCall): Promise<{ version: number; delta: SittingDelta | null }> {
  const applied = await applyCommand(deps, c.name, c.payload, c.actor);
  if (applied.change) {
    await afterCommand(deps, { name: c.name, sittingId: c.payload.sittingId, version: applied.version, actorId: c.actor.userId, ...applied.change });
  }
  return { version: applied.version, delta: applied.delta };
}

/** The same, on the sitting's owner process (cluster mode) — one place applies a sitting's commands. */
export function runSittingCommand(deps: Deps, c: SittingCommandCall): Promise<{ version: number; delta: SittingDelta | null }> {
  return onOwner(deps, 'sitting.apply', c, () => applyAndRecord(deps, c));
}
