import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import type { Models } from '../app/models.js';

/** What the document file route publishes when a user reads a document version. */
export interface DocumentOpened {
  documentId: string;
  sessionId: string;
  userId: string;
  at: string;
}

/**
 * Opens this process has already recorded, so the viewer's many range requests for one
 * document cost one write, not one per request. Bounded: cleared when it grows large (the
 * unique index still keeps the first open only).
 */
const recorded = new WeakMap<Models['DocumentOpen'], Set<string>>();
const MAX_REMEMBERED = 50_000;

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * Records the first time a user opened a document version (subscribed to `document.opened`
 * in app/subscribers.ts). Only the time: never a page, a note or anything written.
 */
export async function recordDocumentOpen(deps: Pick<Deps, 'models'>, e: DocumentOpened): Promise<void> {
  const model = deps.models.DocumentOpen;
  let seen = recorded.get(model);
  if (!seen) recorded.set(model, (seen = new Set()));
  const key = `${e.documentId}:${e.userId}`;
  if (seen.has(key)) return;
  if (seen.size >= MAX_REMEMBERED) seen.clear();
  try {
    await model.create({ documentId: new Types.ObjectId(e.documentId), sessionId: new Types.ObjectId(e.sessionId), userId: new Types.ObjectId(e.userId), firstOpenedAt: new Date(e.at) });
  } catch (err) {
    if (!isDuplicate(err)) throw err;
  }
  seen.add(key);
}
