import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { loadConfig } from '../platform/config.js';
import { buildModels } from './models.js';
import { verifyAll, verifyChain, type ChainVerdict } from '../audit/verify.js';

/**
 * Verifies the audit log of the database in MONGODB_URI:
 *
 *   node --import tsx server/src/app/auditVerifyCli.ts [--chain <chain>]
 *
 * Prints one line per chain and exits 0 when every chain is intact, 1 when any is broken,
 * 2 when it cannot run (bad settings, database unreachable). Publish the printed head
 * hashes (e.g. in the sitting's minutes): a chain rewritten from some entry to its end
 * re-links cleanly, and only a head recorded elsewhere shows that it changed.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { chain: { type: 'string' } }, strict: true });
  const config = loadConfig();
  // Read-only: no index builds or collection creation on the database being checked.
  const conn = await mongoose.createConnection(config.MONGODB_URI, {
    serverSelectionTimeoutMS: 10_000, autoIndex: false, autoCreate: false,
  }).asPromise();
  try {
    const deps = { models: buildModels(conn) };
    const verdicts = values.chain !== undefined
      ? [{ chain: values.chain, ...(await verifyChain(deps, values.chain)) }]
      : await verifyAll(deps);
    if (verdicts.length === 0) console.log('No audit entries.');
    for (const v of verdicts) console.log(verdictLine(v));
    return verdicts.every((v) => v.ok) ? 0 : 1;
  } finally {
    await conn.close();
  }
}

function verdictLine(v: { chain: string } & ChainVerdict): string {
  if (!v.ok) return `BROKEN  ${v.chain}  at seq ${v.firstBroken.seq}: ${v.firstBroken.reason}  (${v.entries} entries intact before it)`;
  // Only reachable through --chain: say so, lest a mistyped name read as a verified chain.
  if (v.entries === 0) return `EMPTY   ${v.chain}  no entries (is the chain name right?)`;
  return `OK      ${v.chain}  ${v.entries} entries  head ${v.head}`;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('Cannot verify the audit log:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
