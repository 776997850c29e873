import type { Types } from 'mongoose';
import type { ImportResult } from '../../../../contract/org.js';
import type { Deps } from '../../app/deps.js';
import { parseDelegateCsv, type RowProblem } from './csvRows.js';
import { checkRow, dropRepeats, type DelegateRow } from './delegateRows.js';
import { buildUnitLookup } from '../unitLookup.js';
import { matchExisting, writeImport } from './importWriter.js';

const isRow = (r: DelegateRow | RowProblem): r is DelegateRow => 'login' in r;

/**
 * Imports a council's delegate list from CSV: every row is checked before anything is
 * written; bad rows are reported with their line and reason, good rows are kept, and a
 * write that fails undoes the whole import. A dry run checks the same way and writes
 * nothing, so the secretary sees the report before committing to it.
 */
export async function importDelegates(
  deps: Deps,
  council: { _id: Types.ObjectId; name: string; unitId: Types.ObjectId },
  csv: string,
  opts: { dryRun?: boolean } = {},
): Promise<ImportResult & { importId: string | null }> {
  const { rows, problems } = parseDelegateCsv(csv);
  const scope = { councilName: council.name, units: await buildUnitLookup(deps, String(council.unitId)) };
  const checked = rows.map((r) => checkRow(r, scope));
  const { kept, problems: repeats } = dropRepeats(checked.filter(isRow));
  const { planned, problems: existing } = await matchExisting(deps, council._id, kept);
  const dryRun = opts.dryRun === true;
  const written = planned.length > 0 && !dryRun ? await writeImport(deps, council._id, planned) : { importId: null, imported: 0 };
  const rejected = [...problems, ...checked.filter((r): r is RowProblem => !isRow(r)), ...repeats, ...existing].sort((a, b) => a.line - b.line);
  const accepted = planned.map((r) => ({ line: r.line, name: r.name, login: r.login, role: r.role, newAccount: r.userId === null }));
  return { importId: written.importId, imported: written.imported, rejected, accepted, dryRun };
}
