import type { Deps } from '../app/deps.js';

/** Reads a poll by id, as stored (lean). */
export const findPoll = (deps: Deps, id: string) => deps.models.Poll.findById(id).lean();

/** A poll as stored: what the lifecycle, the close and the broadcasts pass around. */
export type PollDoc = NonNullable<Awaited<ReturnType<typeof findPoll>>>;
