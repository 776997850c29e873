import type { FirstAdminBody, SetPasswordBody, SetupStatus } from '../../../../contract/account.js';
import type { MeView } from '../../../../contract/auth.js';
import { api, type ApiError } from '../api.js';
import { signedInAs } from './login.svelte.js';

/** Whether the server still waits for its first administrator (an empty database). */
export const setup = $state<{ needsFirstAdmin: boolean }>({ needsFirstAdmin: false });

/** Asked whenever nobody is signed in: the first visit to an empty system shows the first-run page. */
export async function checkSetup(): Promise<void> {
  const res = await api<SetupStatus>('GET', '/api/setup', undefined, { authCheck: true });
  setup.needsFirstAdmin = res.ok && res.data.needsFirstAdmin;
}

/** Creates the first administrator and enters the app as them; returns the error to show, or null. */
export async function createFirstAdmin(body: FirstAdminBody): Promise<ApiError | null> {
  const res = await api<MeView>('POST', '/api/setup/first-admin', body, { authCheck: true });
  if (!res.ok) {
    if (res.error === 'conflict') setup.needsFirstAdmin = false;
    return res;
  }
  setup.needsFirstAdmin = false;
  signedInAs(res.data);
  return null;
}

/** Sets a password with a one-time code and enters the app; returns the error to show, or null. */
export async function setPasswordWithCode(body: SetPasswordBody): Promise<ApiError | null> {
  const res = await api<MeView>('POST', '/api/accounts/set-password', body, { authCheck: true });
  if (!res.ok) return res;
  signedInAs(res.data);
  return null;
}
