import type { Deps } from '../app/deps.js';
import { HASHED_FIELDS } from './hash.js';
import { ChainCheck, type ChainVerdict, type StoredEntry } from './chainCheck.js';

export type { ChainVerdict, BrokenReason } from './chainCheck.js';

/** Read in batches: a long sitting's chain is never held in the server's memory at once. */
const BATCH_SIZE = 500;
const PROJECTION = { _id: 0, ...Object.fromEntries([...HASHED_FIELDS, 'hash'].map((f) => [f, 1])) };

/**
 * Re-computes every link of one chain in seq order and reports the first broken one.
 * An empty chain is intact, with the genesis hash as head.
 */
export async function verifyChain(deps: Pick<Deps, 'models'>, chain: string): Promise<ChainVerdict> {
  const check = new ChainCheck();
  for await (const entry of entries(deps, { chain })) {
    if (!check.push(entry)) break;
  }
  return check.verdict();
}

/**
 * Verifies every chain in one pass over the log, sorted by chain then seq, so each chain
 * is checked as its entries stream by. On MongoDB the sort walks the `{chain, seq}` index;
 * FerretDB's SQLite backend sorts in its own memory (it pushes no sort down), which is
 * acceptable for an offline check.
 */
export async function verifyAll(deps: Pick<Deps, 'models'>): Promise<Array<{ chain: string } & ChainVerdict>> {
  const results: Array<{ chain: string } & ChainVerdict> = [];
  let chain: string | null = null;
  let check = new ChainCheck();
  for await (const entry of entries(deps, {})) {
    if (entry.chain !== chain) {
      if (chain !== null) results.push({ chain, ...check.verdict() });
      chain = entry.chain;
      check = new ChainCheck();
    }
    check.push(entry);
  }
  if (chain !== null) results.push({ chain, ...check.verdict() });
  return results;
}

async function* entries(deps: Pick<Deps, 'models'>, filter: { chain?: string }): AsyncGenerator<StoredEntry> {
  const cursor = deps.models.AuditEntry.find(filter, PROJECTION)
    .sort({ chain: 1, seq: 1 })
    .batchSize(BATCH_SIZE)
    .lean<StoredEntry>()
    .cursor();
  try {
    for await (const entry of cursor) yield entry as StoredEntry;
  } finally {
    await cursor.close();
  }
}
