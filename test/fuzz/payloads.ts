import fc from 'fast-check';

/**
 * Payload generators of the fuzz suite: hostile values (wrong types, huge strings, deep
 * nesting, `__proto__` keys, operator objects, odd numbers and unicode), payloads shaped
 * like a JSON schema (the OpenAPI document's, or `z.toJSONSchema` of a socket event's zod
 * schema) with their id fields drawn from a pool, and mutations of those (a field missing,
 * a field hostile, keys added). Everything is drawn with a fixed seed: a run replays.
 */

export const SEED = 20_251_104;

/** Just under socket.io's maxHttpBufferSize and bodyparser's 1 MB limit once wrapped. */
export const MB_STRING = 'x'.repeat(1_000_000);
/** Just under the 1 MB limits once wrapped in a payload. */
export const NEAR_MB_STRING = 'y'.repeat(990_000);

/** `{"a":{"a":…}}` `depth` levels deep. */
export function deepObject(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
export function deepArray(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Objects that carry `__proto__` / `constructor.prototype` as own keys (as JSON.parse makes them). */
export const protoObject = () => JSON.parse('{"__proto__":{"fuzzPolluted":"yes","isAdmin":true,"roles":["admin"]}}') as Record<string, unknown>;
export const constructorObject = () => JSON.parse('{"constructor":{"prototype":{"fuzzPolluted":"yes"}}}') as Record<string, unknown>;

/** Scalars and small structures no field expects, each JSON-expressible. */
export const HOSTILE_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, -0, 0.5, -2_147_483_649, 9_007_199_254_740_993, 1e308, -1e308,
  '', ' ', 'NaN', '-1', 'Infinity', 'null', 'undefined', 'true', '0x10',
  '\u0000', '\ud800', 'e\u0301', '\u202e\u0645', 'Ａｄｍｉｎ', '<script>alert(1)</script>',
  '../../../../etc/passwd', '%00', '${7*7}', "'; db.dropDatabase(); '",
  'x'.repeat(5000), '0'.repeat(24), 'f'.repeat(24), 'ffffffffffffffffffffffffZ', 'FFFFFFFFFFFFFFFFFFFFFFFF',
  { $ne: null }, { $gt: '' }, { $where: 'sleep(1000)' }, { $regex: '.*' }, { 'a.b': 1 },
  [], [null], [[[]]], {}, { length: 1e9 },
];

/** Strings to put in a path segment (URL-encoded when sent). */
export const HOSTILE_SEGMENTS: readonly string[] = [
  '', 'x', '0', '-1', 'NaN', 'null', 'undefined', '__proto__', 'constructor', 'prototype', 'toString',
  '../../etc/passwd', '..%2F..%2F', '%00', '\u0000', '\ud800', 'e\u0301', '{"$ne":null}', '[object Object]',
  'x'.repeat(2000), 'ZZZZZZZZZZZZZZZZZZZZZZZZ', '0'.repeat(23), '0'.repeat(25), ' '.repeat(24),
];

const hostileValue = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 1, arbitrary: fc.constantFrom(deepObject(2000), deepArray(2000), protoObject(), constructorObject()) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -2_147_483_648, max: -1 }) },
);

/** The ids a payload may carry: the sender's own council's, another council's, and unknown ones. */
export interface IdPool {
  home: string[];
  foreign: string[];
  unknown: string[];
}

/** An id for a field or a path segment: mostly well-formed ids of either council, sometimes garbage. */
export const idFrom = (pool: IdPool) => fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...pool.home) },
  { weight: 3, arbitrary: fc.constantFrom(...pool.foreign) },
  { weight: 1, arbitrary: fc.constantFrom(...pool.unknown) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
);

type JsonSchema = {
  type?: string | string[]; enum?: unknown[]; const?: unknown; pattern?: string; format?: string;
  minLength?: number; maxLength?: number; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number;
  items?: JsonSchema; minItems?: number; maxItems?: number; properties?: Record<string, JsonSchema>; required?: string[];
  additionalProperties?: boolean | JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[]; $ref?: string;
  default?: unknown; nullable?: boolean;
};

const isIdField = (name: string, s: JsonSchema) => (s.pattern ?? '').includes('[0-9a-f]{24}') || /(^id$|Id$)/.test(name);

/** The ids for a field, by its name (`sittingId` gets sittings), or one pool for every field. */
export type Pools = IdPool | ((field: string) => IdPool);

/**
 * A value roughly valid for `schema` (lengths and counts capped so a run stays quick), ids
 * drawn from the field's pool; `$ref`s resolved against `refs` (the OpenAPI components).
 */
export function fromSchema(schema: JsonSchema | undefined, pool: Pools, refs: Record<string, JsonSchema> = {}, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constantFrom<unknown>(null, 'x', 1);
  if (schema.$ref) return fromSchema(refs[schema.$ref.split('/').pop() ?? ''], pool, refs, name, depth + 1);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => fromSchema(a, pool, refs, name, depth + 1)));
  if (schema.allOf?.length) return fromSchema(Object.assign({}, ...schema.allOf), pool, refs, name, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') ?? 'null' : schema.type;
  switch (type) {
    case 'string': {
      if (isIdField(name, schema)) return idFrom(typeof pool === 'function' ? pool(name) : pool);
      if (schema.format === 'date-time') return fc.constantFrom('2025-07-01T08:00:00+07:00', '2025-13-45T99:99:99Z', '1970-01-01T00:00:00Z');
      if (schema.format === 'date') return fc.constantFrom('2025-07-01', '2025-02-30', '0000-00-00');
      const max = Math.min(schema.maxLength ?? 40, 40);
      const min = Math.min(schema.minLength ?? 0, max);
      return fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.string({ unit: 'grapheme', minLength: min, maxLength: max }));
    }
    case 'integer': return fc.integer({ min: Math.max(schema.minimum ?? -5, -1000), max: Math.min(schema.maximum ?? 1000, 100_000) });
    case 'number': return fc.double({ min: Math.max(schema.minimum ?? -1000, -1e6), max: Math.min(schema.maximum ?? 1000, 1e6), noNaN: true });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': return fc.array(fromSchema(schema.items, pool, refs, name.replace(/s$/, ''), depth + 1), { minLength: Math.min(schema.minItems ?? 0, 3), maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object': {
      const props = schema.properties ?? {};
      const keys = Object.keys(props);
      if (keys.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
      const required = (schema.required ?? []).filter((k) => keys.includes(k));
      return fc.record(Object.fromEntries(keys.map((k) => [k, fromSchema(props[k], pool, refs, k, depth + 1)])), { requiredKeys: required });
    }
    default: return fc.anything({ maxDepth: 2 });
  }
}

export type { JsonSchema };

/** How a well-shaped payload is spoiled (or not: `as-is` keeps it valid-looking). */
export type Mutation = 'as-is' | 'missing-field' | 'hostile-field' | 'proto-keys' | 'extra-operators' | 'hostile-root' | 'nested-field';

/** A payload shaped like `base`, then mutated: the labelled case the fuzz sends. */
export function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<{ mutation: Mutation; payload: unknown }> {
  return fc.tuple(base, fc.constantFrom<Mutation>('as-is', 'missing-field', 'hostile-field', 'hostile-field', 'proto-keys', 'extra-operators', 'hostile-root', 'nested-field'), hostileValue, fc.nat())
    .map(([value, mutation, hostile, pick]) => ({ mutation, payload: mutate(value, mutation, hostile, pick) }));
}

function mutate(value: unknown, mutation: Mutation, hostile: unknown, pick: number): unknown {
  if (mutation === 'hostile-root') return hostile;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return mutation === 'as-is' ? value : hostile;
  const obj = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(obj);
  const key = keys.length ? keys[pick % keys.length]! : 'field';
  switch (mutation) {
    case 'as-is': return obj;
    case 'missing-field': delete obj[key]; return obj;
    case 'hostile-field': obj[key] = hostile; return obj;
    case 'nested-field': obj[key] = { [key]: obj[key], __proto__x: deepObject(50) }; return obj;
    case 'extra-operators': return { ...obj, $where: 'sleep(100)', $set: { role: 'admin' }, 'a.b': 1, [key + '.$']: hostile };
    case 'proto-keys': return Object.assign(pick % 2 ? protoObject() : constructorObject(), obj);
  }
}

/** `n` cases from `arb`, the same ones every run. */
export const draw = <T>(arb: fc.Arbitrary<T>, n: number, salt: number): T[] => fc.sample(arb, { seed: SEED + salt, numRuns: n });

/** Raw bodies that are not JSON, or JSON that JSON.stringify never produces. */
export const RAW_BODIES: ReadonlyArray<{ label: string; text: string; type: string }> = [
  { label: 'truncated JSON', text: '{"title": "Phiên', type: 'application/json' },
  { label: 'NaN and Infinity literals', text: '{"page": NaN, "electedTotal": -Infinity, "capacity": -1}', type: 'application/json' },
  { label: 'duplicate __proto__ keys', text: '{"__proto__": {"isAdmin": true}, "__proto__": [], "constructor": {"prototype": {"x": 1}}}', type: 'application/json' },
  { label: 'a bare string', text: '"just a string"', type: 'application/json' },
  { label: 'a number 1e999', text: '1e999', type: 'application/json' },
  { label: 'form-encoded', text: 'a=1&__proto__[isAdmin]=true', type: 'application/x-www-form-urlencoded' },
  { label: 'XML', text: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', type: 'application/xml' },
  { label: 'junk bytes as a PDF', text: '%PDF-1.7\n\u0000\u00ff garbage', type: 'application/pdf' },
  { label: 'CSV with formulas', text: 'name,unit,council,role,email,phone\n=cmd|"/c calc"!A1,,,,x@y.z,\n', type: 'text/csv' },
];
