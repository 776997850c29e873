import { describe, it, expect } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { parseDelegateCsv } from './csvRows.js';
import { normalisePhone, normaliseEmail } from '../contactFields.js';
import { parseRoleLabel } from '../roleLabels.js';

describe('parseDelegateCsv', () => {
  it('reads a comma-separated file and numbers rows by the line they start on, even after a quoted line break', () => {
    const csv = 'name,unit,council,role,email,phone\n"Nguyễn Văn\nAn",,,delegate,an@example.vn,\nLê Thị Bình,,,delegate,binh@example.vn,\n';
    const { rows, problems } = parseDelegateCsv(csv);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.fields.name])).toEqual([[2, 'Nguyễn Văn\nAn'], [4, 'Lê Thị Bình']]);
  });

  it('reads a semicolon-separated file with a BOM, Vietnamese headers and an extra "STT" column', () => {
    const csv = '\uFEFFSTT;Họ và tên;Đơn vị;Vai trò;Email;Số điện thoại\r\n1;Trần Văn Cường, Jr.;Xã A;đại biểu;;0912345678\r\n';
    const { rows } = parseDelegateCsv(csv);
    expect(rows).toEqual([{ line: 2, fields: { name: 'Trần Văn Cường, Jr.', unit: 'Xã A', council: '', role: 'đại biểu', email: '', phone: '0912345678' } }]);
  });

  it('reports a row with the wrong number of fields and skips blank lines without counting them away', () => {
    const csv = 'name,role,email\n\nA,delegate,a@example.vn,extra\nB,delegate,b@example.vn\n';
    const { rows, problems } = parseDelegateCsv(csv);
    expect(problems).toEqual([{ line: 3, reason: expect.stringMatching(/4 cột/) }]);
    expect(rows.map((r) => r.line)).toEqual([4]);
  });

  it('reports an unclosed quotation mark as a problem rather than failing the file', () => {
    const { rows, problems } = parseDelegateCsv('name,role,email\nA,delegate,a@example.vn\n"B,delegate,b@example.vn\n');
    expect(rows).toHaveLength(1);
    expect(problems).toEqual([{ line: expect.any(Number), reason: expect.stringMatching(/ngoặc kép/) }]);
  });

  it('refuses a file whose header lacks the name or role column', () => {
    expect(() => parseDelegateCsv('email,phone\na@example.vn,\n')).toThrow(AppError);
    expect(() => parseDelegateCsv('email,phone\na@example.vn,\n')).toThrow(/thiếu cột name, role/);
  });
});

describe('contact fields and role labels', () => {
  it('normalises Vietnamese phone numbers, including a leading 0 dropped by a spreadsheet', () => {
    expect(normalisePhone('0912 345 678')).toBe('0912345678');
    expect(normalisePhone('+84 912.345.678')).toBe('0912345678');
    expect(normalisePhone('84912345678')).toBe('0912345678');
    expect(normalisePhone('912345678')).toBe('0912345678');
    expect(normalisePhone('(024) 3825 1234')).toBe('02438251234');
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('09123abc78')).toBeNull();
  });

  it('lower-cases e-mail addresses and refuses malformed ones', () => {
    expect(normaliseEmail(' An.Nguyen@Example.VN ')).toBe('an.nguyen@example.vn');
    expect(normaliseEmail('an@')).toBeNull();
  });

  it('accepts role values and Vietnamese labels with or without diacritics', () => {
    expect(parseRoleLabel('đại biểu')).toBe('delegate');
    expect(parseRoleLabel('Dai bieu')).toBe('delegate');
    expect(parseRoleLabel('Thư ký')).toBe('secretariat');
    expect(parseRoleLabel('chủ toạ')).toBe('chair');
    expect(parseRoleLabel('Chủ tọa')).toBe('chair');
    expect(parseRoleLabel('điểm cầu')).toBe('meeting_point_operator');
    expect(parseRoleLabel('meeting_point_operator')).toBe('meeting_point_operator');
    expect(parseRoleLabel('thủ quỹ')).toBeNull();
  });
});
