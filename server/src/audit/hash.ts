import { createHash } from 'node:crypto';
import type { AuditEntry } from './auditEntry.model.js';

/** `prevHash` of every chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers: everything but `hash` itself (and the stored `_id`). */
export const HASHED_FIELDS = ['chain', 'seq', 'at', 'actorId', 'action', 'subject', 'data', 'prevHash'] as const;

export type HashedEntry = Pick<AuditEntry, (typeof HASHED_FIELDS)[number]>;

/** A value canonicalJson cannot serialise unambiguously. */
export class CanonicalJsonError extends Error {
  constructor(readonly path: string, what: string) {
    super(`Cannot serialise ${path || '(root)'}: ${what}`);
  }
}

/** True for a BSON ObjectId, whichever copy of the bson library made it. */
export function isObjectId(value: unknown): value is { toHexString(): string } {
  return typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'ObjectId';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * JSON with object keys sorted (by UTF-16 code unit, as Array.prototype.sort does), dates
 * as ISO strings and ObjectIds as hex, so the same entry hashes the same before it is
 * written and after it is read back, whatever key order the database returns.
 * Object keys whose value is undefined are left out, as JSON.stringify does.
 * A date and its ISO string (or an ObjectId and its hex) serialise alike: the hash covers
 * an entry's content, not its BSON types.
 */
export function canonicalJson(value: unknown, path = ''): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `the number ${value}`);
      return JSON.stringify(value);
    case 'object':
      return canonicalObject(value, path);
    default:
      throw new CanonicalJsonError(path, `a value of type ${typeof value}`);
  }
}

function canonicalObject(value: object, path: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CanonicalJsonError(path, 'an invalid date');
    return JSON.stringify(value.toISOString());
  }
  if (isObjectId(value)) return JSON.stringify(value.toHexString());
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown, i) => {
      if (item === undefined) throw new CanonicalJsonError(`${path}[${i}]`, 'undefined in an array');
      return canonicalJson(item, `${path}[${i}]`);
    }).join(',')}]`;
  }
  if (!isPlainObject(value)) throw new CanonicalJsonError(path, `an object of class ${value.constructor?.name ?? '?'}`);
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k], path ? `${path}.${k}` : k)}`).join(',')}}`;
}

/**
 * sha256(prevHash + '\n' + canonicalJson(entry without hash)), in hex. Only HASHED_FIELDS
 * are read, so a stored document's `_id` (or a `hash` already set) does not matter.
 */
export function entryHash(prevHash: string, entry: HashedEntry): string {
  const covered: Record<string, unknown> = {};
  for (const field of HASHED_FIELDS) covered[field] = entry[field];
  return createHash('sha256').update(`${prevHash}\n${canonicalJson(covered)}`, 'utf8').digest('hex');
}
