import { parse } from 'csv-parse/sync';
import type { CsvError, Info } from 'csv-parse/sync';
import { errors } from '../../platform/errors.js';
import { foldLabel } from '../roleLabels.js';
import { nfc } from '../../platform/shared/nfc.js';

/** The columns of a delegate list. */
export const DELEGATE_COLUMNS = ['name', 'unit', 'council', 'role', 'email', 'phone'] as const;
export type DelegateColumn = (typeof DELEGATE_COLUMNS)[number];

/** Header labels accepted for each column (English or Vietnamese, with or without diacritics). */
const HEADER_LABELS: Record<DelegateColumn, string[]> = {
  name: ['name', 'họ tên', 'họ và tên', 'tên'],
  unit: ['unit', 'đơn vị'],
  council: ['council', 'hội đồng', 'hđnd'],
  role: ['role', 'vai trò'],
  email: ['email', 'e-mail', 'thư điện tử'],
  phone: ['phone', 'điện thoại', 'số điện thoại', 'sđt'],
};
const COLUMN_BY_LABEL = new Map(
  Object.entries(HEADER_LABELS).flatMap(([col, labels]) => labels.map((l) => [foldLabel(l), col as DelegateColumn] as const)),
);

const MAX_ROWS = 10_000;

export interface CsvRow {
  /** Line of the file where the row starts (the header is line 1). */
  line: number;
  fields: Record<DelegateColumn, string>;
}
export interface RowProblem { line: number; reason: string }

/** Semicolon when the header holds more semicolons than commas (Excel with a Vietnamese locale). */
function detectDelimiter(text: string): ';' | ',' {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/** Maps header cells to columns; unknown columns (an ordinal "STT", notes) are ignored. */
function readHeader(cells: string[]): Array<DelegateColumn | null> {
  const columns = cells.map((c) => COLUMN_BY_LABEL.get(foldLabel(c)) ?? null);
  const missing: string[] = (['name', 'role'] as const).filter((c) => !columns.includes(c));
  if (!columns.includes('email') && !columns.includes('phone')) missing.push('email/phone');
  if (missing.length > 0) throw errors.csvUnreadable(`thiếu cột ${missing.join(', ')} ở dòng tiêu đề / missing column(s) in the header row`);
  const seen = columns.filter((c) => c !== null);
  if (new Set(seen).size !== seen.length) throw errors.csvUnreadable('dòng tiêu đề có cột trùng tên / duplicate column in the header row');
  return columns;
}

function skipReason(err: CsvError | undefined): string {
  if (err?.code === 'CSV_QUOTE_NOT_CLOSED') return 'dấu ngoặc kép chưa được đóng / unclosed quotation mark';
  return `dòng không đúng định dạng CSV / malformed CSV line${err ? ` (${err.code})` : ''}`;
}

const newlines = (s: string) => s.split('\n').length - 1;

/**
 * Parses a delegate list: UTF-8 (BOM allowed), comma or semicolon separated, header row
 * first; the text is put in NFC whatever the file held. Rows that cannot be read come back
 * as problems with their line; the file as a whole is refused only when its header is unusable.
 */
export function parseDelegateCsv(text: string): { rows: CsvRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const records = parse(nfc(text), {
    bom: true, delimiter: detectDelimiter(text), info: true, relax_column_count: true, skip_empty_lines: true, trim: true,
    skip_records_with_error: true,
    on_skip: (err) => { problems.push({ line: Number(err?.lines ?? 0), reason: skipReason(err) }); return undefined; },
  }) as unknown as Array<{ record: string[]; info: Info }>; // `info: true` wraps each record; the typings miss it
  const [head, ...body] = records;
  if (!head) throw errors.csvUnreadable('tệp trống / the file is empty');
  if (body.length > MAX_ROWS) throw errors.csvUnreadable(`tệp có quá ${MAX_ROWS} dòng / more than ${MAX_ROWS} rows`);
  const columns = readHeader(head.record);
  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    const line = info.lines - record.reduce((n, f) => n + newlines(f), 0);
    if (record.every((f) => f === '')) continue;
    if (record.length !== columns.length) {
      problems.push({ line, reason: `dòng có ${record.length} cột, dòng tiêu đề có ${columns.length} / the row has ${record.length} fields, the header ${columns.length}` });
      continue;
    }
    const fields = Object.fromEntries(DELEGATE_COLUMNS.map((c) => [c, ''])) as Record<DelegateColumn, string>;
    columns.forEach((c, i) => { if (c) fields[c] = record[i] ?? ''; });
    rows.push({ line, fields });
  }
  return { rows, problems };
}
