import { Types } from 'mongoose';
import type { DocumentKind } from '../../../contract/document.js';
import type { Role } from '../../../contract/roles.js';
import type { Deps } from '../app/deps.js';
import type { AuthContext } from '../auth/logins.js';
import { rolesIn } from '../council/roles.js';
import { errors } from '../platform/errors.js';
import type { CommentLean } from './views.js';

/** Who comments on drafts: the council's delegates and its chair (the secretariat responds). */
export const COMMENTERS: readonly Role[] = ['delegate', 'chair'];
/** Who reads every comment of a session and its consolidated report. */
export const REVIEWERS: readonly Role[] = ['secretariat', 'chair'];

/** What a document is, in words for the refusal to comment on anything but a draft. */
export const KIND_WORDS: Record<DocumentKind, { vi: string; en: string }> = {
  submission: { vi: 'tờ trình', en: 'a submission' },
  draft_resolution: { vi: 'dự thảo nghị quyết', en: 'a draft resolution' },
  review_report: { vi: 'báo cáo thẩm tra', en: 'a review report' },
  other: { vi: 'tài liệu khác', en: 'another kind of document' },
};

/** Loads a comment or answers `not_found`. */
export async function loadComment(deps: Deps, id: string): Promise<CommentLean> {
  const c = Types.ObjectId.isValid(id) ? await deps.models.Comment.findById(id).lean<CommentLean>() : null;
  if (!c) throw errors.notFound('góp ý');
  return c;
}

/** The secretariat or the chair of the session's council, or `forbidden`. */
export async function requireReviewer(deps: Deps, auth: AuthContext, councilId: Types.ObjectId): Promise<Role[]> {
  const held = await rolesIn(deps, auth.userId, String(councilId));
  if (!held.some((r) => REVIEWERS.includes(r))) throw errors.forbidden('xem tổng hợp góp ý (dành cho Văn phòng HĐND và chủ tọa)');
  return held;
}

/** Only the secretariat (Văn phòng HĐND) records responses to comments. */
export async function requireResponder(deps: Deps, auth: AuthContext, councilId: Types.ObjectId): Promise<void> {
  const held = await rolesIn(deps, auth.userId, String(councilId));
  if (!held.includes('secretariat')) throw errors.forbidden('ghi nhận phản hồi góp ý (dành cho Văn phòng HĐND)');
}
