import { Types } from 'mongoose';
import type { AccessLevel } from '../../../contract/document.js';
import type { Role } from '../../../contract/roles.js';
import type { Deps } from '../app/deps.js';
import type { AuthContext } from '../auth/logins.js';
import { rolesIn } from '../council/roles.js';
import { AppError, errors } from '../platform/errors.js';
import { loadSession } from '../council/loaders.js';

/** Roles that prepare or run the session: they see every document of their council. */
const STAFF: readonly Role[] = ['secretariat', 'chair'];

/**
 * Who may read a document of their council (`roles`: what `userId` holds in the
 * document's council; none means an outsider, who reads nothing):
 * - public: every member, observers included;
 * - council: every member except observers;
 * - named and confidential: the listed readers, the secretariat and the chair.
 * The secretariat and the chair read everything, withdrawn documents included (for the
 * record); nobody else reads a withdrawn one. Confidential reads are also logged and never
 * sent as downloads; that is the file route's business, not this rule's.
 */
export function canRead(level: AccessLevel, roles: readonly Role[], userId: string, doc: { allowedUserIds: readonly unknown[]; withdrawnAt?: Date | null }): boolean {
  if (roles.length === 0) return false;
  if (roles.some((r) => STAFF.includes(r))) return true;
  if (doc.withdrawnAt) return false;
  switch (level) {
    case 'public':
      return true;
    case 'council':
      return roles.some((r) => r !== 'observer');
    case 'named':
    case 'confidential':
      return doc.allowedUserIds.some((id) => String(id) === userId);
  }
}

/** May this reader see who else is on a document's list? Only the staff. */
export const isStaff = (roles: readonly Role[]) => roles.some((r) => STAFF.includes(r));

/** A document record as `.lean()` returns it. */
export type DocumentLean = NonNullable<Awaited<ReturnType<typeof findDocument>>>;

function findDocument(deps: Deps, id: string) {
  return deps.models.Document.findById(id).lean();
}

/** Loads a document or answers `not_found`. */
export async function loadDocument(deps: Deps, id: string): Promise<DocumentLean> {
  const doc = Types.ObjectId.isValid(id) ? await findDocument(deps, id) : null;
  if (!doc) throw errors.notFound('tài liệu');
  return doc;
}

/**
 * Loads a document the signed-in user may read, with its session and the user's roles in
 * its council; `forbidden` otherwise (its existence is no secret to a member, the content is).
 */
export async function loadReadableDocument(deps: Deps, auth: AuthContext, id: string) {
  const doc = await loadDocument(deps, id);
  const session = await loadSession(deps, String(doc.sessionId));
  const roles = await rolesIn(deps, auth.userId, String(session.councilId));
  if (!canRead(doc.access as AccessLevel, roles, auth.userId, doc)) {
    throw doc.withdrawnAt && roles.length > 0
      ? new AppError('forbidden', 'Tài liệu này đã được rút khỏi hồ sơ kỳ họp. / This document has been withdrawn from the session dossier.')
      : errors.forbidden('đọc tài liệu này');
  }
  return { doc, session, roles };
}
