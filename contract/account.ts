import { z } from 'zod';
import { Id } from './common.js';
import { Role } from './roles.js';

/**
 * Accounts (tài khoản) and the first run. Passwords are set by their owner only: an admin
 * creates an account or resets a password and gets a one-time code to hand over; the user
 * sets the password on `/dat-mat-khau` with that code.
 */

/** The one rule for a new password, wherever it is set (first administrator, reset page, shell). */
export const NewPassword = z.string()
  .min(8, 'mật khẩu cần ít nhất 8 ký tự / the password needs at least 8 characters')
  .max(200, 'mật khẩu quá dài (tối đa 200 ký tự) / the password is too long (at most 200 characters)');
export const PASSWORD_MIN_LENGTH = 8;

/** E-mail, phone number or user name; stored lower-cased. */
export const Login = z.string().trim().min(3).max(200).regex(/^\S+$/, 'không được có dấu cách / no spaces');
const Name = z.string().trim().min(1).max(200);
const Email = z.string().trim().max(200).email();
const Phone = z.string().trim().max(40).regex(/^[0-9+() .-]{6,}$/, 'số điện thoại không hợp lệ / not a phone number');

/** Top-level unit types a first administrator may create (the scheme in force: tỉnh or thành phố trực thuộc TW). */
export const TopUnitType = z.enum(['tinh', 'thanh-pho-tw']);
export type TopUnitType = z.infer<typeof TopUnitType>;

export const SetupStatus = z.object({ needsFirstAdmin: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;

/** The first run: the top-level unit, its council, and the administrator who signs in. */
export const FirstAdminBody = z.object({
  unitName: Name,
  unitType: TopUnitType.default('tinh'),
  councilName: Name,
  /** Elected total N: quorum and every threshold count against it. */
  electedTotal: z.number().int().min(1).max(1000),
  term: z.string().trim().min(1).max(40),
  displayName: Name,
  login: Login,
  password: NewPassword,
});
export type FirstAdminBody = z.infer<typeof FirstAdminBody>;

/** A role held by an account, as the accounts list summarises it. */
export const AccountMembership = z.object({
  id: z.string(),
  councilId: z.string(),
  councilName: z.string(),
  role: Role,
});

export const AccountView = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  disabled: z.boolean(),
  /** False until the owner has set a password with a one-time code. */
  activated: z.boolean(),
  memberships: z.array(AccountMembership),
});
export type AccountView = z.infer<typeof AccountView>;

export const AccountListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type AccountListQuery = z.infer<typeof AccountListQuery>;

export const AccountPage = z.object({
  items: z.array(AccountView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type AccountPage = z.infer<typeof AccountPage>;

export const AccountInput = z.object({
  displayName: Name,
  login: Login,
  email: Email.nullable().default(null),
  phone: Phone.nullable().default(null),
  /** A first role in a council (the caller must administer its unit). */
  membership: z.object({ councilId: Id, role: Role }).nullable().default(null),
});
export type AccountInput = z.infer<typeof AccountInput>;

export const AccountPatch = z.object({
  displayName: Name,
  login: Login,
  email: Email.nullable(),
  phone: Phone.nullable(),
  /** Disabling ends every sign-in of the account at once. */
  disabled: z.boolean(),
}).partial();
export type AccountPatch = z.infer<typeof AccountPatch>;

/** A one-time code, shown once to the admin; only its hash is kept. */
export const OneTimeCode = z.object({
  code: z.string(),
  /** `/dat-mat-khau#<code>`: the same code as a link. */
  link: z.string(),
  expiresAt: z.string(),
});
export type OneTimeCode = z.infer<typeof OneTimeCode>;

export const AccountCreated = z.object({ account: AccountView, reset: OneTimeCode });
export type AccountCreated = z.infer<typeof AccountCreated>;

/** Setting a password with a one-time code; `login` is asked when the code was typed, not followed as a link. */
export const SetPasswordBody = z.object({
  login: z.string().trim().max(200).optional(),
  code: z.string().trim().min(1).max(64),
  password: NewPassword,
});
export type SetPasswordBody = z.infer<typeof SetPasswordBody>;
