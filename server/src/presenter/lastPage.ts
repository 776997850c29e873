import type { PresenterPage } from '../../../contract/notes.js';
import type { Deps } from '../app/deps.js';
import type { Models } from '../app/models.js';

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
 * The last page presented in each sitting: a screen that starts following asks for it. Kept
 * in the sitting's document (`presenting`, outside its versioned live state) and in memory;
 * a restarted server reads it back, so followers joining after a restart land on the page.
 */
export const lastPage = {
  async get(deps: Deps, sittingId: string): Promise<Presented | null> {
    const m = memoryOf(deps);
    const hit = m.get(sittingId);
    if (hit) return hit;
    const stored = (await deps.models.Sitting.findById(sittingId, { presenting: 1 }).lean())?.presenting as Presented | null | undefined;
    if (stored) remember(m, stored);
    return stored ?? null;
  },
  async set(deps: Deps, presented: Presented): Promise<void> {
    await deps.models.Sitting.updateOne({ _id: presented.sittingId }, { $set: { presenting: presented } });
    remember(memoryOf(deps), presented);
  },
};

function remember(m: Map<string, Presented>, presented: Presented): void {
  m.delete(presented.sittingId);
  m.set(presented.sittingId, presented);
  if (m.size > MAX_SITTINGS) m.delete(m.keys().next().value!);
}
