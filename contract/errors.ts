import { z } from 'zod';

/**
 * Stable error identifiers shared by HTTP responses and socket acknowledgements.
 * Clients translate these; `message` is a readable fallback (Vietnamese first).
 */
export const ErrorCode = z.enum([
  'validation_failed',
  'unauthenticated',
  'session_expired',
  'forbidden',
  'not_found',
  'conflict',
  'too_many_attempts',
  'invalid_credentials',
  'payload_too_large',
  'not_ready',
  'internal_error',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One field-level problem found by validation. */
export const FieldIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** The one error shape: HTTP error bodies and failed socket acknowledgements alike. */
export const ErrorBody = z.object({
  ok: z.literal(false),
  error: ErrorCode,
  message: z.string(),
  issues: z.array(FieldIssue).optional(),
  retryAfterSeconds: z.number().int().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Every socket command acknowledges with this. */
export type Ack<T> = { ok: true; data: T } | ErrorBody;

/** HTTP status for each error code. */
export const httpStatusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  session_expired: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_attempts: 429,
  not_ready: 503,
  internal_error: 500,
};
