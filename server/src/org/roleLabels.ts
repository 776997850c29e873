import type { Role } from '../../../contract/roles.js';
import { ROLES } from '../../../contract/roles.js';

/** Vietnamese name of each role, as secretaries write it in their spreadsheets. */
export const ROLE_LABEL_VI: Record<Role, string> = {
  admin: 'quản trị',
  secretariat: 'thư ký',
  chair: 'chủ tọa',
  delegate: 'đại biểu',
  meeting_point_operator: 'vận hành điểm cầu',
  observer: 'khách mời',
};

/** Lower case, no diacritics, single spaces: 'Chủ toạ' and 'chu toa' both become 'chu toa'. */
export function foldLabel(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[\s_-]+/g, ' ').trim();
}

const ALIASES: Array<[string, Role]> = [
  ...ROLES.map((r): [string, Role] => [r, r]),
  ...Object.entries(ROLE_LABEL_VI).map(([r, label]): [string, Role] => [label, r as Role]),
  ['đại biểu hđnd', 'delegate'],
  ['văn phòng', 'secretariat'],
  ['thư ký kỳ họp', 'secretariat'],
  ['điểm cầu', 'meeting_point_operator'],
  ['người vận hành điểm cầu', 'meeting_point_operator'],
  ['quan sát viên', 'observer'],
  ['quan sát', 'observer'],
  ['quản trị viên', 'admin'],
  ['quản trị hệ thống', 'admin'],
];
const BY_FOLDED = new Map(ALIASES.map(([label, role]) => [foldLabel(label), role]));

/** The role a spreadsheet cell names (English value or Vietnamese label), or null. */
export function parseRoleLabel(cell: string): Role | null {
  return BY_FOLDED.get(foldLabel(cell)) ?? null;
}
