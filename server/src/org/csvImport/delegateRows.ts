import type { Role } from '../../../../contract/roles.js';
import type { CsvRow, RowProblem } from './csvRows.js';
import { normaliseEmail, normalisePhone } from '../contactFields.js';
import { parseRoleLabel, ROLE_LABEL_VI } from '../roleLabels.js';
import type { UnitLookup } from '../unitLookup.js';

/** A row that passed every check: ready to become a user (if new) and a membership. */
export interface DelegateRow {
  line: number;
  name: string;
  email: string | null;
  phone: string | null;
  /** How the person signs in: the e-mail if given, else the phone number. */
  login: string;
  role: Role;
  unitId: string;
}

export interface RowScope {
  councilName: string;
  units: UnitLookup;
}

const sameText = (a: string, b: string) => a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').trim().toLowerCase();

function checkRole(cell: string, reasons: string[]): Role | null {
  if (cell === '') { reasons.push('thiếu vai trò / role is missing'); return null; }
  const role = parseRoleLabel(cell);
  if (!role) reasons.push(`vai trò "${cell}" không hợp lệ / unknown role "${cell}"`);
  // Admin rights are given one by one by an admin, never in bulk by the secretariat.
  else if (role === 'admin') reasons.push('không thể cấp quyền quản trị qua tệp nhập / the admin role cannot be imported');
  else return role;
  return null;
}

function checkContact(f: CsvRow['fields'], reasons: string[]): { email: string | null; phone: string | null } {
  const email = f.email ? normaliseEmail(f.email) : null;
  const phone = f.phone ? normalisePhone(f.phone) : null;
  if (f.email && !email) reasons.push(`email "${f.email}" không hợp lệ / invalid e-mail`);
  if (f.phone && !phone) reasons.push(`số điện thoại "${f.phone}" không hợp lệ / invalid phone number`);
  if (!f.email && !f.phone) reasons.push('cần email hoặc số điện thoại / an e-mail or a phone number is required');
  return { email, phone };
}

/** Checks one row; every problem it has is named, joined with "; ". */
export function checkRow(row: CsvRow, scope: RowScope): DelegateRow | RowProblem {
  const f = row.fields;
  const reasons: string[] = [];
  const name = f.name.replace(/\s+/g, ' ');
  if (name === '') reasons.push('thiếu họ tên / name is missing');
  else if (name.length > 200) reasons.push('họ tên quá dài / name is too long');
  const role = checkRole(f.role, reasons);
  const { email, phone } = checkContact(f, reasons);
  if (f.council && !sameText(f.council, scope.councilName)) {
    reasons.push(`hội đồng "${f.council}" không phải hội đồng đang nhập (${scope.councilName}) / the row names another council`);
  }
  const unit = scope.units.find(f.unit);
  if ('reason' in unit) reasons.push(unit.reason);
  if (reasons.length > 0 || !role || !('id' in unit)) return { line: row.line, reason: reasons.join('; ') };
  return { line: row.line, name, email, phone, login: (email ?? phone)!, role, unitId: unit.id };
}

/**
 * Keeps the first of rows that repeat a person in the same role, and refuses a login
 * used on another line for a different name (two people cannot share an account).
 */
export function dropRepeats(rows: DelegateRow[]): { kept: DelegateRow[]; problems: RowProblem[] } {
  const firstByKey = new Map<string, number>();
  const personByLogin = new Map<string, DelegateRow>();
  const kept: DelegateRow[] = [];
  const problems: RowProblem[] = [];
  for (const r of rows) {
    const person = personByLogin.get(r.login);
    const key = `${r.login}\u0000${r.role}`;
    const first = firstByKey.get(key);
    if (first !== undefined) {
      problems.push({ line: r.line, reason: `trùng với dòng ${first} (${ROLE_LABEL_VI[r.role]}) / repeats line ${first}` });
    } else if (person && !sameText(person.name, r.name)) {
      problems.push({ line: r.line, reason: `${r.login} đã dùng cho "${person.name}" ở dòng ${person.line} / ${r.login} belongs to another person on line ${person.line}` });
    } else {
      firstByKey.set(key, r.line);
      personByLogin.set(r.login, r);
      kept.push(r);
    }
  }
  return { kept, problems };
}
