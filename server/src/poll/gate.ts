/**
 * The in-process close gate of a poll round. A vote enters before it writes anything and
 * leaves after its ballot is stored (or refused); a close first shuts the gate, then (after
 * writing the Closure record) waits until no vote is inside. So every vote either is inside
 * when the gate shuts — and the close waits for it, counted or refused by its own check of
 * the Closure — or arrives after and is refused. See ballots.ts for the whole argument.
 */
type Round = { closing: boolean; inside: number; idle: Array<() => void> };
const rounds = new Map<string, Round>();
const roundOf = (key: string) => {
  let r = rounds.get(key);
  if (!r) rounds.set(key, (r = { closing: false, inside: 0, idle: [] }));
  return r;
};

/** Returns false when the round is closing (the vote must be refused). */
export function enter(key: string): boolean {
  const r = roundOf(key);
  if (r.closing) return false;
  r.inside += 1;
  return true;
}

export function leave(key: string): void {
  const r = roundOf(key);
  r.inside -= 1;
  if (r.inside === 0) for (const f of r.idle.splice(0)) f();
}

/**
 * Shuts the gate (no new vote enters). True for the call that shut it: the first close of
 * the round in this process, which alone announces the result (close.ts).
 */
export function shut(key: string): boolean {
  const r = roundOf(key);
  const first = !r.closing;
  r.closing = true;
  return first;
}
export function drained(key: string): Promise<void> {
  const r = roundOf(key);
  return r.inside === 0 ? Promise.resolve() : new Promise((resolve) => r.idle.push(resolve));
}
