import { Types } from 'mongoose';
import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { MeView } from '../../../contract/auth.js';
import { AccountCreated, AccountInput, AccountListQuery, AccountPage, AccountPatch, AccountView, FirstAdminBody, OneTimeCode, SetPasswordBody, SetupStatus } from '../../../contract/account.js';
import type { Deps } from '../app/deps.js';
import { input } from '../platform/http/validate.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { openLogin } from '../auth/logins.js';
import { buildMeView } from '../auth/me.js';
import { hashPassword } from '../auth/password.js';
import { setSessionCookie } from '../auth/routes.js';
import { appendAudit } from '../audit/append.js';
import { chains } from '../audit/chains.js';
import type { ByIdParams } from '../org/access.js';
import { createFirstAdmin, needsFirstAdmin } from './firstAdmin.js';
import { createAccount, listAccounts, patchAccount, resetPassword } from './accounts.js';
import { spendCode } from './codes.js';
import { assertNotThrottled, recordFailure, recordSuccess } from '../auth/throttle.js';
import { AppError } from '../platform/errors.js';
import { endSignIns } from './signIns.js';

const tag = 'accounts';

/** The first run: is there an administrator yet, and creating the first one (no sign-in needed). */
export function setupRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');

  api.route({ method: 'get', path: '/setup', tag, auth: false, summary: 'Whether the first administrator still has to be created', response: SetupStatus }, async (ctx) => {
    ctx.body = { ok: true, data: { needsFirstAdmin: await needsFirstAdmin(deps) } };
  });

  api.route({ method: 'post', path: '/setup/first-admin', tag, auth: false, summary: 'Create the first administrator, the top-level unit and its council, and sign in (only while no account exists)', body: FirstAdminBody, response: MeView }, async (ctx) => {
    const userId = await createFirstAdmin(deps, input<FirstAdminBody>(ctx).body);
    setSessionCookie(ctx, deps, await openLogin(deps, userId));
    ctx.body = { ok: true, data: await buildMeView(deps, String(userId)) };
  });

  return api;
}

/** Accounts (tài khoản): admins create, edit, disable and reset them; owners set their password with a one-time code. */
export function accountRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');

  api.route({ method: 'get', path: '/accounts', tag, auth: true, summary: 'Accounts the admin may administer, searched and paged, with their roles', query: AccountListQuery, response: AccountPage }, requireAuth(deps), async (ctx) => {
    ctx.body = { ok: true, data: await listAccounts(deps, authOf(ctx), input<unknown, AccountListQuery>(ctx).query) };
  });

  api.route({ method: 'post', path: '/accounts', tag, auth: true, summary: 'Create an account (optionally with a first role); answers a one-time code to set its password, shown once', body: AccountInput, response: AccountCreated }, requireAuth(deps), async (ctx) => {
    ctx.body = { ok: true, data: await createAccount(deps, authOf(ctx), input<AccountInput>(ctx).body) };
  });

  api.route({ method: 'patch', path: '/accounts/:id', tag, auth: true, summary: 'Change an account: name, login, e-mail, phone, disabled (ends its sign-ins)', params: IdParams, body: AccountPatch, response: AccountView }, requireAuth(deps), async (ctx) => {
    const { body, params } = input<AccountPatch, unknown, ByIdParams>(ctx);
    ctx.body = { ok: true, data: await patchAccount(deps, authOf(ctx), params.id, body) };
  });

  api.route({ method: 'post', path: '/accounts/:id/password-reset', tag, auth: true, summary: 'A new one-time code to set the account’s password (earlier codes stop working), shown once', params: IdParams, response: OneTimeCode }, requireAuth(deps), async (ctx) => {
    ctx.body = { ok: true, data: await resetPassword(deps, authOf(ctx), input<unknown, unknown, ByIdParams>(ctx).params.id) };
  });

  api.route({ method: 'post', path: '/accounts/set-password', tag, auth: false, summary: 'Set a password with a one-time code and sign in; the code is spent', body: SetPasswordBody, response: MeView }, async (ctx) => {
    const b = input<SetPasswordBody>(ctx).body;
    // Guessing codes is throttled like guessing passwords (auth/throttle.ts): per login (per
    // address when none is given) and per address, with the minutes to wait in the answer.
    const key = `code:${b.login?.trim().toLowerCase() || ctx.ip}`;
    await assertNotThrottled(deps, key, ctx.ip);
    let userId: Types.ObjectId;
    try {
      userId = await spendCode(deps, b.code, b.login);
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation_failed') await recordFailure(deps, key, ctx.ip);
      throw err;
    }
    await recordSuccess(deps, key, ctx.ip);
    await deps.models.User.updateOne({ _id: userId }, { $set: { passwordHash: await hashPassword(b.password) } });
    // Whoever was signed in with the old password is signed out.
    await endSignIns(deps, userId);
    await appendAudit(deps, { chain: chains.accounts(), actorId: userId, action: 'account:passwordSet', subject: { kind: 'user', id: userId } });
    deps.log.info({ userId: String(userId) }, 'password set with a one-time code');
    setSessionCookie(ctx, deps, await openLogin(deps, new Types.ObjectId(String(userId))));
    ctx.body = { ok: true, data: await buildMeView(deps, String(userId)) };
  });

  return api;
}
