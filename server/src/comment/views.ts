import type { Types } from 'mongoose';
import type { CommentView } from '../../../contract/notes.js';
import type { Deps } from '../app/deps.js';

type Response = { outcome: 'accepted' | 'explained'; text: string; by: Types.ObjectId; at: Date };

/** A comment record as `.lean()` returns it. */
export interface CommentLean {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  documentId: Types.ObjectId;
  page: number;
  text: string;
  authorId: Types.ObjectId;
  response: Response | null;
  earlierResponses: Response[];
  createdAt: Date;
}

/** What a view needs of a comment's document. */
export interface DocumentFacts {
  title: string;
  version: number;
}

/** Display names of users by id, read in one query. */
export async function namesOf(deps: Deps, ids: Iterable<Types.ObjectId>): Promise<Map<string, string>> {
  const unique = [...new Map([...ids].map((id) => [String(id), id])).values()];
  if (unique.length === 0) return new Map();
  const users = await deps.models.User.find({ _id: { $in: unique } }, { displayName: 1, login: 1 }).lean();
  return new Map(users.map((u) => [String(u._id), u.displayName || u.login]));
}

/** Views of comments, with their documents' titles and versions and every name filled in. */
export async function toCommentViews(deps: Deps, comments: CommentLean[], docs: Map<string, DocumentFacts>): Promise<CommentView[]> {
  const names = await namesOf(deps, comments.flatMap((c) => (c.response ? [c.authorId, c.response.by] : [c.authorId])));
  return comments.map((c) => {
    const doc = docs.get(String(c.documentId));
    return {
      id: String(c._id),
      documentId: String(c.documentId),
      documentTitle: doc?.title ?? '',
      documentVersion: doc?.version ?? 1,
      page: c.page,
      text: c.text,
      authorId: String(c.authorId),
      authorName: names.get(String(c.authorId)) ?? '',
      createdAt: c.createdAt.toISOString(),
      response: c.response
        ? { outcome: c.response.outcome, text: c.response.text, by: String(c.response.by), byName: names.get(String(c.response.by)) ?? '', at: c.response.at.toISOString() }
        : null,
    };
  });
}
