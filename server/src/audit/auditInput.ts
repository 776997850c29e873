import { Types } from 'mongoose';
import type { AuditData, AuditSubject } from './auditEntry.model.js';
import { AuditInputError, normaliseAuditData } from './auditData.js';
import { isObjectId } from './hash.js';

/** An id as callers hold it: an ObjectId, or its 24-hex string from a request. */
export type IdLike = Types.ObjectId | string;

/** What a caller gives `appendAudit`; seq, time and hashes are the log's business. */
export interface AuditInput {
  /** `<kind>:<id>` such as `sitting:665f…`, or a bare kind such as `system`. */
  chain: string;
  actorId: IdLike | null;
  /** `domain:verb`, e.g. `agenda:setCurrent`. */
  action: string;
  subject: { kind: string; id: IdLike };
  /** Plain details; never secrets (see FORBIDDEN_DATA_KEYS). Defaults to `{}`. */
  data?: Record<string, unknown>;
  /**
   * For an entry another process may append too (a sitting's change is appended by the owner
   * that made it and, after a take-over, by the new owner's recovery): `match` identifies it,
   * e.g. `{ action, 'data.version': 7 }`; `since` is a `performance.now()` of this process taken
   * before the change the entry records was written (no other process can append the entry
   * before that). Whenever this process's view of the chain may hold entries written after
   * `since`, the append looks for a matching entry first and returns it instead of appending twice.
   */
  once?: { match: Record<string, string | number>; since: number };
}

/** The checked input, copied: ids as ObjectIds, data normalised. */
export interface PreparedInput {
  chain: string;
  actorId: Types.ObjectId | null;
  action: string;
  subject: AuditSubject;
  data: AuditData;
}

/** Keeps `#` out (it separates chain and seq in `_id`) and chain names greppable. */
const CHAIN = /^[a-z][a-zA-Z0-9_-]*(:[A-Za-z0-9_-]+)?$/;
const MAX_LABEL = 200;

/** Validates and copies an append's arguments; throws AuditInputError naming the field. */
export function prepareAuditInput(input: AuditInput): PreparedInput {
  if (typeof input.chain !== 'string' || input.chain.length > MAX_LABEL || !CHAIN.test(input.chain)) {
    throw new AuditInputError('chain', 'must look like `sitting:<id>`');
  }
  return {
    chain: input.chain,
    actorId: input.actorId === null ? null : toObjectId(input.actorId, 'actorId'),
    action: label(input.action, 'action'),
    subject: { kind: label(input.subject?.kind, 'subject.kind'), id: toObjectId(input.subject?.id, 'subject.id') },
    data: normaliseAuditData(input.data ?? {}),
  };
}

function label(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_LABEL) {
    throw new AuditInputError(path, `must be a non-empty string of at most ${MAX_LABEL} characters`);
  }
  return value;
}

function toObjectId(value: unknown, path: string): Types.ObjectId {
  if (isObjectId(value)) return new Types.ObjectId(value.toHexString());
  // Types.ObjectId.isValid also accepts any 12-character string: be strict.
  if (typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value)) return new Types.ObjectId(value);
  throw new AuditInputError(path, 'must be an ObjectId or its 24-hex string');
}
