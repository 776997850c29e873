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
