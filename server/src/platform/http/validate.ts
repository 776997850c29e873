import type { Context, Next } from 'koa';
import type { z } from 'zod';
import { errors } from '../errors.js';
import { nfc } from '../shared/nfc.js';

type Schemas = { body?: z.ZodType; query?: z.ZodType; params?: z.ZodType };

/** Parsed, validated input: handlers read only this, never the raw request. */
export interface Validated {
  body: unknown;
  query: unknown;
  params: unknown;
}

declare module 'koa' {
  interface DefaultState {
    input: Validated;
  }
}

/**
 * Koa middleware that validates body, query and route params with zod, after putting every
 * string in them in Unicode NFC (shared/nfc.ts): only NFC is stored, whatever the keyboard sent.
 */
export function validate(schemas: Schemas) {
  return async (ctx: Context, next: Next) => {
    const input: Validated = { body: undefined, query: undefined, params: undefined };
    for (const part of ['body', 'query', 'params'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const raw = part === 'body' ? (ctx.request as { body?: unknown }).body : part === 'query' ? ctx.query : (ctx as { params?: unknown }).params;
      const parsed = schema.safeParse(nfc(raw ?? {}));
      if (!parsed.success) throw errors.validation(parsed.error);
      input[part] = parsed.data;
    }
    ctx.state.input = input;
    await next();
  };
}

/** Typed access to what `validate` parsed. */
export function input<B = unknown, Q = unknown, P = unknown>(ctx: Context): { body: B; query: Q; params: P } {
  return ctx.state.input as { body: B; query: Q; params: P };
}
