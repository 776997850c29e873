import type { PresenterPage } from '../../../contract/annotations.js';
import type { Deps } from '../deps.js';
import type { Models } from '../models.js';

/** A page shown by a presenter, with who showed it. */
export type Presented = PresenterPage & { by: string };

/** Sittings remembered per process; the oldest is forgotten beyond this. */
const MAX_SITTINGS = 10_000;
// Keyed by the models: tests run several servers (databases) in one process.
const memories = new WeakMap<Models, Map<string, Presented>>();

function memoryOf(deps: Deps): Map<string, Presented> {
  let m = memories.get(deps.models);
  if (!m) memories.set(deps.models, (m = new Map()));
  return m;
}

/**
 * The last page presented in each sitting, in this process's memory only: a screen that
 * starts following asks for it. A restart forgets it until the presenter turns a page.
 */
export const lastPage = {
  get(deps: Deps, sittingId: string): Presented | null {
    return memoryOf(deps).get(sittingId) ?? null;
  },
  set(deps: Deps, presented: Presented): void {
    const m = memoryOf(deps);
    m.delete(presented.sittingId);
    m.set(presented.sittingId, presented);
    if (m.size > MAX_SITTINGS) m.delete(m.keys().next().value!);
  },
};
