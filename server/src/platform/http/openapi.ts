import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ErrorBody } from '../../../../contract/errors.js';
import type { RouteSpec } from './apiRouter.js';

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Builds the OpenAPI 3.1 document from the specs the routers actually serve. */
export function buildOpenApi(specs: RouteSpec[], version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'sessionCookie', { type: 'apiKey', in: 'cookie', name: 'hdnd_session' });
  for (const s of specs) {
    const body = s.body
      ? { content: { [s.bodyContentType ?? 'application/json']: { schema: s.body } } }
      : undefined;
    registry.registerPath({
      method: s.method,
      path: toOpenApiPath(s.path),
      summary: s.summary,
      tags: [s.tag],
      ...(s.auth ? { security: [{ sessionCookie: [] }] } : {}),
      request: {
        ...(body ? { body } : {}),
        ...(s.query ? { query: s.query as z.ZodObject } : {}),
        ...(s.params ? { params: s.params as z.ZodObject } : {}),
      },
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: z.object({ ok: z.literal(true), data: s.response ?? z.unknown() }) } } },
        default: { description: 'Error', content: { 'application/json': { schema: ErrorBody } } },
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'HĐND paperless sessions API', version },
  });
}
