import { z } from 'zod';

const Email = z.email();

/** A lower-cased e-mail address, or null when the cell does not hold one. */
export function normaliseEmail(cell: string): string | null {
  const email = cell.trim().toLowerCase();
  return Email.safeParse(email).success && email.length <= 200 ? email : null;
}

/**
 * A Vietnamese phone number as 0xxxxxxxxx, or null. Accepts spaces, dots, dashes and
 * brackets, the +84 / 84 country prefix, and a mobile number whose leading 0 a
 * spreadsheet dropped (912345678).
 */
export function normalisePhone(cell: string): string | null {
  let digits = cell.trim().replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (/^84\d{9,10}$/.test(digits)) digits = `0${digits.slice(2)}`;
  else if (/^[1-9]\d{8}$/.test(digits)) digits = `0${digits}`;
  return /^0\d{9,10}$/.test(digits) ? digits : null;
}
