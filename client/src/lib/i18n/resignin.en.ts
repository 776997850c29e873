import type { resigninVi } from './resignin.vi.js';

/** English texts of the re-sign-in dialog. */
export const resigninEn: Record<keyof typeof resigninVi, string> = {
  'resignin.title': 'Your session has expired — sign in again to continue',
  'resignin.idle_timeout': 'You were inactive for a while, so your sign-in ended.',
  'resignin.expired': 'To protect your account, a sign-in ends after a period of inactivity or when its time is up.',
  'resignin.kept': 'What you were doing on this page is kept. Enter your password again to continue; the action you just pressed (such as Save) is carried out once you are signed in.',
  'resignin.submit': 'Sign in again',
  'resignin.pending': 'Signing in…',
  'resignin.other': 'Use another account',
  'resignin.other.title': 'Sign in with another account?',
  'resignin.other.body': 'Unsaved work on this page will be discarded. The app reloads at the home page so that another account can sign in.',
  'resignin.other.confirm': 'Discard and switch account',
};
