import type { Context, Next } from 'koa';
import type { Deps } from '../app/deps.js';
import { resolveLogin, SESSION_COOKIE, type AuthContext } from './logins.js';

declare module 'koa' {
  interface DefaultState {
    auth?: AuthContext;
  }
}

/** Requires a live sign-in session on the request; sets `ctx.state.auth`. */
export function requireAuth(deps: Deps) {
  return async (ctx: Context, next: Next) => {
    ctx.state.auth = await resolveLogin(deps, ctx.cookies.get(SESSION_COOKIE));
    await next();
  };
}

export function authOf(ctx: Context): AuthContext {
  if (!ctx.state.auth) throw new Error('authOf() used on a route without requireAuth');
  return ctx.state.auth;
}
