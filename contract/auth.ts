import { z } from 'zod';
import { Role } from './roles.js';

export const SignInBody = z.object({
  /** E-mail, phone number or user name — whatever the account was created with. */
  login: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(200),
});
export type SignInBody = z.infer<typeof SignInBody>;

export const MembershipView = z.object({
  id: z.string(),
  councilId: z.string(),
  councilName: z.string(),
  unitName: z.string(),
  role: Role,
  meetingPointId: z.string().nullable(),
});
export type MembershipView = z.infer<typeof MembershipView>;

export const MeView = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  locale: z.enum(['vi', 'en']),
  memberships: z.array(MembershipView),
});
export type MeView = z.infer<typeof MeView>;
