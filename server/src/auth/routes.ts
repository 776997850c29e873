import type { Context } from 'koa';
import { z } from 'zod';
import { SignInBody, MeView } from '../../../contract/auth.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { input } from '../platform/http/validate.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { requireAuth, authOf } from './middleware.js';
import { verifyPassword } from './password.js';
import { openLogin, endLogin, SESSION_COOKIE } from './logins.js';
import { assertNotThrottled, recordFailure, recordSuccess } from './throttle.js';
import { buildMeView } from './me.js';

/** Sets (or, with null, clears) the sign-in cookie; also used by the first run and the password page (account/). */
export function setSessionCookie(ctx: Context, deps: Deps, token: string | null) {
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.COOKIE_SECURE,
    overwrite: true,
    path: '/',
    ...(token ? { maxAge: deps.config.SESSION_MAX_HOURS * 3600_000 } : { maxAge: 0 }),
  });
}

/** Sign-in, sign-out and the current user. */
export function authRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api/auth');

  api.route({ method: 'post', path: '/sign-in', tag: 'auth', auth: false, summary: 'Sign in; sets the session cookie', body: SignInBody, response: MeView }, async (ctx) => {
    const { login, password } = input<SignInBody>(ctx).body;
    const key = login.toLowerCase();
    await assertNotThrottled(deps, key, ctx.ip);
    const user = await deps.models.User.findOne({ login: key });
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || user.disabled) {
      await recordFailure(deps, key, ctx.ip);
      deps.log.info({ ip: ctx.ip }, 'sign-in failed');
      throw errors.invalidCredentials();
    }
    await recordSuccess(deps, key, ctx.ip);
    const token = await openLogin(deps, user._id);
    setSessionCookie(ctx, deps, token);
    deps.log.info({ userId: String(user._id) }, 'signed in');
    ctx.body = { ok: true, data: await buildMeView(deps, String(user._id)) };
  });

  api.route({ method: 'post', path: '/sign-out', tag: 'auth', auth: true, summary: 'Sign out; ends the session everywhere it is used', response: z.null() }, requireAuth(deps), async (ctx) => {
    const auth = authOf(ctx);
    await endLogin(deps, auth.sessionId, 'signed_out');
    deps.realtime?.endLogin(auth.sessionId, 'signed_out');
    setSessionCookie(ctx, deps, null);
    deps.log.info({ userId: auth.userId }, 'signed out');
    ctx.body = { ok: true, data: null };
  });

  api.route({ method: 'get', path: '/me', tag: 'auth', auth: true, summary: 'The signed-in user and their council memberships', response: MeView }, requireAuth(deps), async (ctx) => {
    ctx.body = { ok: true, data: await buildMeView(deps, authOf(ctx).userId) };
  });

  return api;
}
