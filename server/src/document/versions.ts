import type { Deps } from '../app/deps.js';
import type { DocumentLean } from './access.js';

/**
 * Fills `supersededBy` from the versions that name a document in `supersedes`, for the
 * record a crash left without it (the new version is written first, see storeDocument).
 * `docs` must hold every version of the session.
 */
export function linkVersions(docs: DocumentLean[]): DocumentLean[] {
  const successor = new Map(docs.filter((d) => d.supersedes).map((d) => [String(d.supersedes), d._id]));
  return docs.map((d) => (d.supersededBy || !successor.has(String(d._id)) ? d : { ...d, supersededBy: successor.get(String(d._id))! }));
}

/** The same for one document: looks its successor up when the record names none. */
export async function withSuccessor(deps: Deps, doc: DocumentLean): Promise<DocumentLean> {
  if (doc.supersededBy) return doc;
  const next = await deps.models.Document.findOne({ successorOf: doc._id }, { _id: 1 }).lean();
  return next ? { ...doc, supersededBy: next._id } : doc;
}

/**
 * Every version of the document `doc` belongs to, oldest first: a withdrawal or an edit of
 * the metadata concerns the document, not one file of it. Reads the session's documents
 * (FerretDB scans anyway) and follows `supersedes` back and `supersededBy` forward.
 */
export async function versionsOf(deps: Deps, doc: DocumentLean): Promise<DocumentLean[]> {
  const all = linkVersions(await deps.models.Document.find({ sessionId: doc.sessionId }).lean());
  const byId = new Map(all.map((d) => [String(d._id), d]));
  let first = byId.get(String(doc._id)) ?? doc;
  const seen = new Set<string>();
  while (first.supersedes && byId.has(String(first.supersedes)) && !seen.has(String(first._id))) {
    seen.add(String(first._id));
    first = byId.get(String(first.supersedes))!;
  }
  const chain: DocumentLean[] = [first];
  for (let d = first; d.supersededBy && byId.has(String(d.supersededBy)) && chain.length < all.length; ) {
    d = byId.get(String(d.supersededBy))!;
    chain.push(d);
  }
  return chain;
}
