import type { Types } from 'mongoose';
import type { CommentView } from '../../../contract/notes.js';
import type { Deps } from '../app/deps.js';
import { toCommentViews, type CommentLean, type DocumentFacts } from './views.js';

type DocLean = { _id: Types.ObjectId; title: string; version: number; supersedes?: Types.ObjectId | null; createdAt?: Date };

/**
 * Where each document stands in the dossier: the versions of one document share the rank
 * of its first version, and first versions rank in upload order (the order of the dossier).
 */
function dossierRanks(docs: DocLean[]): Map<string, number> {
  const byId = new Map(docs.map((d) => [String(d._id), d]));
  const rootOf = (d: DocLean): DocLean => {
    const seen = new Set<string>();
    let at = d;
    while (at.supersedes && byId.has(String(at.supersedes)) && !seen.has(String(at._id))) {
      seen.add(String(at._id));
      at = byId.get(String(at.supersedes))!;
    }
    return at;
  };
  const roots = [...new Set(docs.map(rootOf))].sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) || String(a._id).localeCompare(String(b._id)));
  const rootRank = new Map(roots.map((r, i) => [String(r._id), i]));
  return new Map(docs.map((d) => [String(d._id), rootRank.get(String(rootOf(d)._id))!]));
}

/**
 * Every comment of a session for the secretariat and the chair: by document (dossier order),
 * then version, page and time of writing — the order of the consolidated report.
 */
export async function sessionComments(deps: Deps, sessionId: Types.ObjectId): Promise<CommentView[]> {
  // Every version is read: comments may sit on superseded ones, and ranks need the chains.
  const docs = await deps.models.Document.find({ sessionId }, { title: 1, version: 1, supersedes: 1, createdAt: 1 }).lean<DocLean[]>();
  const comments = await deps.models.Comment.find({ sessionId }).lean<CommentLean[]>();
  const rank = dossierRanks(docs);
  const facts = new Map<string, DocumentFacts>(docs.map((d) => [String(d._id), { title: d.title, version: d.version }]));
  const last = docs.length;
  const key = (c: CommentLean) => [rank.get(String(c.documentId)) ?? last, facts.get(String(c.documentId))?.version ?? 0, c.page, c.createdAt.getTime()];
  comments.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return String(a._id).localeCompare(String(b._id));
  });
  return toCommentViews(deps, comments, facts);
}
