import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { z } from 'zod';
import { validate } from './validate.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One endpoint as declared: the router serves it and the OpenAPI document describes it. */
export interface RouteSpec {
  method: Method;
  /** Full path in Koa syntax, e.g. `/api/org/units/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** False only for sign-in and health endpoints. */
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** The `data` of a successful response. */
  response?: z.ZodType;
  /** Request body is multipart or text, described in words. */
  bodyContentType?: string;
}

/**
 * A router that keeps the spec of every route it serves. Validation comes from the spec,
 * so the OpenAPI document cannot drift from what the server checks.
 */
export class ApiRouter {
  readonly router: Router;
  readonly specs: RouteSpec[] = [];
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
    this.router = new Router({ prefix });
  }

  route(spec: Omit<RouteSpec, 'path'> & { path: string }, ...handlers: Middleware[]): this {
    const full: RouteSpec = { ...spec, path: `${this.#prefix}${spec.path}` };
    this.specs.push(full);
    const v = validate({ body: spec.body, query: spec.query, params: spec.params });
    this.router[spec.method](spec.path, ...handlers.slice(0, -1), v, handlers[handlers.length - 1]!);
    return this;
  }
}
