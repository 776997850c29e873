import { Types } from 'mongoose';
import type { AuditData, AuditValue } from './auditEntry.model.js';
import { isObjectId, isPlainObject } from './hash.js';

/**
 * Keys that must never reach the log, at any depth and in any letter case. The log is
 * permanent and read by auditors: passwords and tokens would outlive their rotation, and a
 * delegate's ballot choice (in a secret vote) would break the secrecy of the vote. Record
 * that someone voted, never what they chose; name poll options `options`, not `choices`.
 */
export const FORBIDDEN_DATA_KEYS: ReadonlySet<string> = new Set(['password', 'token', 'choice', 'choices', 'ballot']);

/** Deeper than any real action's details; also stops a cyclic object. */
const MAX_DEPTH = 16;

/** Data (or another append argument) the audit log refuses. A programming error, not a user's. */
export class AuditInputError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`Audit entry refused at ${path}: ${reason}`);
  }
}

/**
 * Checks `data` and returns a deep copy holding exactly what the database will give back,
 * so the hash computed before the write still matches after it: keys whose value is
 * undefined are dropped (MongoDB would store null), -0 becomes 0 (FerretDB stores 0).
 * Refuses, before anything is written:
 * - secret keys (FORBIDDEN_DATA_KEYS);
 * - what FerretDB 1.x rejects or alters: keys with '.' or a leading '$', an array directly
 *   inside an array, Infinity; NaN, which makes FerretDB drop the whole connection;
 *   strings with a lone surrogate, which come back as U+FFFD;
 * - anything that is not a plain object, array, string, finite number, boolean, null,
 *   valid Date or ObjectId.
 * The copy also means a caller mutating its object while the append waits cannot change it.
 */
export function normaliseAuditData(data: unknown): AuditData {
  if (!isPlainObject(data)) throw new AuditInputError('data', 'must be a plain object');
  return copyObject(data, 'data', 0);
}

function copyObject(obj: Record<string, unknown>, path: string, depth: number): AuditData {
  if (depth > MAX_DEPTH) throw new AuditInputError(path, `nested deeper than ${MAX_DEPTH} levels`);
  const out: AuditData = {};
  for (const [key, value] of Object.entries(obj)) {
    const at = `${path}.${key}`;
    checkKey(key, at);
    if (value === undefined) continue;
    out[key] = copyValue(value, at, depth + 1);
  }
  return out;
}

function checkKey(key: string, at: string): void {
  if (FORBIDDEN_DATA_KEYS.has(key.toLowerCase())) throw new AuditInputError(at, 'secrets (passwords, tokens, ballot choices) never enter the audit log');
  if (key === '' || key.startsWith('$') || key.includes('.') || key.includes('\0')) {
    throw new AuditInputError(at, "keys must be non-empty, without '.', a leading '$' or NUL");
  }
  if (!isWellFormed(key)) throw new AuditInputError(at, 'the key is not well-formed Unicode');
}

function copyValue(value: unknown, at: string, depth: number): AuditValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (!isWellFormed(value)) throw new AuditInputError(at, 'the string has a lone surrogate');
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AuditInputError(at, `${value} cannot be stored`);
    return value === 0 ? 0 : value;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new AuditInputError(at, 'invalid date');
    return new Date(value.getTime());
  }
  if (isObjectId(value)) return new Types.ObjectId(value.toHexString());
  if (Array.isArray(value)) return value.map((item: unknown, i) => copyItem(item, `${at}[${i}]`, depth));
  if (isPlainObject(value)) return copyObject(value, at, depth);
  throw new AuditInputError(at, `a ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value} cannot be stored`);
}

function copyItem(item: unknown, at: string, depth: number): AuditValue {
  if (Array.isArray(item)) throw new AuditInputError(at, 'FerretDB does not store an array inside an array');
  if (item === undefined) throw new AuditInputError(at, 'undefined inside an array');
  return copyValue(item, at, depth + 1);
}

/** String.prototype.isWellFormed (ES2024) without needing the newer lib typings. */
function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}
