import type { PresenterPage } from '../../../contract/notes.js';
import type { AccessLevel } from '../../../contract/document.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import type { AppSocket } from '../platform/realtime/socket.js';
import type { Dispatcher } from '../platform/realtime/dispatch.js';
import { KeyedQueue } from '../platform/shared/keyedQueue.js';
import { snapshot } from '../sitting/store.js';
import { has, type Actor } from '../council/actor.js';
import { canRead, loadDocument } from '../document/access.js';
import { lastPage, type Presented } from './lastPage.js';
import { rooms } from '../platform/realtime/rooms.js';

/** Each connection's page turns, one at a time. */
const turns = new KeyedQueue();

/**
 * May `actor` show a page to the sitting? The chair and the secretariat may, and the
 * delegate who has the floor now (read from the sitting's current state); the document must
 * be one of the sitting's session that they may read, and the page must exist.
 */
async function checkPresenter(deps: Deps, actor: Actor, p: PresenterPage): Promise<void> {
  const { state } = await snapshot(deps, p.sittingId);
  const userId = actor.userId;
  if (!has(actor, 'chair', 'secretariat') && state.speaking?.userId !== userId) {
    deps.log.warn({ userId, sittingId: p.sittingId }, 'presenter page refused');
    throw errors.forbidden('trình chiếu tài liệu (dành cho chủ tọa, thư ký và đại biểu đang phát biểu)');
  }
  const doc = await loadDocument(deps, p.documentId);
  if (String(doc.sessionId) !== state.sessionId) throw errors.documentNotInSitting();
  if (!canRead(doc.access as AccessLevel, actor.roles, userId, doc)) throw errors.forbidden('đọc tài liệu này');
  if (p.page > doc.pages) throw errors.pageOutOfRange(doc.pages);
}

/**
 * "Follow the presenter" (theo người trình bày): the presenter's page reaches every socket
 * joined to the sitting's room — and only those, so a closed sitting's refusals hold.
 */
export function registerPresenterHandlers(socket: AppSocket, deps: Deps, d: Dispatcher<Actor>) {
  // Queued per connection on arrival, before any await (the session check included), so a
  // presenter's pages are checked, remembered and broadcast in the order they were turned;
  // another socket's requests never wait behind them.
  d.onQueued(socket, 'presenter:page', (run) => void turns.run(socket.id, run), async (p, { actor }) => {
    if (!socket.rooms.has(rooms.sitting(p.sittingId))) throw errors.notInSitting();
    await checkPresenter(deps, actor, p);
    const presented: Presented = { sittingId: p.sittingId, documentId: p.documentId, page: p.page, by: socket.data.userId };
    await lastPage.set(deps, presented);
    deps.events.publish('presenter.paged', presented);
    return null;
  });

  d.on(socket, 'presenter:get', async ({ sittingId }) => {
    if (!socket.rooms.has(rooms.sitting(sittingId))) throw errors.notInSitting();
    return await lastPage.get(deps, sittingId);
  });
}
