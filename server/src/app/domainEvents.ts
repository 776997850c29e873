import type { SittingDelta } from '../../../contract/sitting.js';
import type { PollDeleted, PollView, TallyView } from '../../../contract/poll.js';
import type { PresenterPage } from '../../../contract/notes.js';
import type { EventBus } from '../platform/events.js';

/**
 * What the domains publish after a durable change, and what each event carries. Subscribers
 * are wired in app/subscribers.ts (and by domains that follow another, like the briefing's
 * floor following the sitting).
 */
export interface DomainEvents {
  /** A sitting command was applied (its version swap won). */
  'sitting.changed': SittingDelta;
  /** A poll was created, edited (a draft), opened, reopened, closed or published (the poll as now shown). */
  'poll.changed': PollView;
  /** A draft poll was deleted (poll:delete). */
  'poll.deleted': PollDeleted;
  /** A round's tally, once per round (and again at publication), as the room may see it. */
  'poll.tallied': { sittingId: string; tally: TallyView };
  /** The presenter turned to a page (remembered first, see presenter/lastPage.ts). */
  'presenter.paged': PresenterPage & { by: string };
  /** How many ballots a round holds now (never who, never what). */
  'poll.progress': { sittingId: string; pollId: string; round: number; ballots: number };
  /** A session (kỳ họp) was cancelled: what was remembered of it and its sittings is stale. */
  'session.cancelled': { sessionId: string };
  /** A sitting's minutes were signed (the public portal links them from then on). */
  'minutes.signed': { sittingId: string; sessionId: string };
  /** A resolution adopted in the sitting was signed (the public portal lists it from then on). */
  'resolution.signed': { sittingId: string; sessionId: string; pollId: string };
  /** A user read a document version (each request of its file; the subscriber keeps the first). */
  'document.opened': { documentId: string; sessionId: string; userId: string; at: string };
}

export type DomainEventBus = EventBus<DomainEvents>;
