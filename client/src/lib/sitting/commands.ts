import type { Role } from '../../../../contract/roles.js';
import type { FloorRequest } from '../../../../contract/sitting.js';
import { errorText, t, type ClientErrorCode, type MessageKey } from '../i18n/index.js';
import { auth } from '../session.svelte.js';

/**
 * A fresh id for one user action. `crypto.randomUUID` exists only in secure contexts; a
 * council LAN served over plain http is not one, so fall back to `getRandomValues`.
 */
export function newCommandId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The text for a refused command: the server's reason in its own words (how many are
 * missing, the speaking limit reached), as for every error (`errorText`).
 */
export function commandErrorText(err: { error: ClientErrorCode | string; message?: string }): string {
  return errorText(err);
}

/** The signed-in user's roles in one council. */
export function rolesIn(councilId: string | null | undefined): Set<Role> {
  if (!councilId || !auth.me) return new Set();
  return new Set(auth.me.memberships.filter((m) => m.councilId === councilId).map((m) => m.role));
}

/** "03:07"; negative values are shown as their magnitude (the caller says "over time"). */
export function formatSeconds(total: number): string {
  const s = Math.abs(Math.trunc(total));
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** "Phát biểu", "Tranh luận", or "Chất vấn Giám đốc Sở Tài chính". */
export function floorLabel(req: Pick<FloorRequest, 'kind' | 'official'>): string {
  return req.kind === 'question' && req.official ? t('floor.questionOf', { official: req.official }) : t(`floor.kind.${req.kind}` as MessageKey);
}
