import type { Context, Next } from 'koa';

/**
 * Security headers. The CSP has no 'unsafe-eval' (the PDF viewer never runs document
 * scripts); blob: workers are for pdf.js; ws/wss for socket.io.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self' ws: wss:",
  "media-src 'self' blob: mediastream:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export async function securityHeaders(ctx: Context, next: Next) {
  ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'same-origin');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Permissions-Policy', 'camera=(self), microphone=(self), display-capture=(self)');
  await next();
}
