import type { Ack } from './errors.js';
import type { CommandName, CommandPayload, CommandAck } from './commands.js';
import type { SittingDelta } from './sitting.js';
import type { PresenterPage } from './notes.js';
import type { PollDeleted, PollView, PollProgress, TallyView } from './poll.js';
import type { MediaProducerView, MediaPeerView, MediaRestartReason, MediaLayersView } from './media.js';

export type { CommandResult } from './commands.js';

/**
 * socket.io event maps shared by server and client. Commands are `domain:verb`, declared once
 * in commands.ts (payload schema, acknowledgement, who may send), and always acknowledge with
 * `Ack<T>`; broadcasts are `domain:verbed`.
 */
export type ClientToServerEvents = {
  [N in CommandName]: (payload: CommandPayload<N>, ack: (res: Ack<CommandAck<N>>) => void) => void;
};

export interface ServerToClientEvents {
  /** The sign-in session behind this socket ended (sign-out, idle timeout). */
  'login:ended': (payload: { reason: 'signed_out' | 'idle_timeout' | 'expired' | 'account_disabled' }) => void;
  /** A sitting changed: apply if `version` is yours + 1; otherwise fetch the snapshot. */
  'sitting:changed': (delta: SittingDelta) => void;
  /** The presenter moved to a page; followers go there, others ignore it. */
  'presenter:paged': (payload: PresenterPage & { by: string }) => void;
  /** A document or a new version was added to the session's dossier: fetch the list again. */
  'documents:changed': (payload: { sessionId: string }) => void;
  /** The session's agenda was edited: fetch it again. */
  'agenda:changed': (payload: { sessionId: string }) => void;
  /** A poll of the sitting was created or changed status/round. */
  'poll:changed': (poll: PollView) => void;
  /** A draft poll of the sitting was deleted: drop it from the list. */
  'poll:deleted': (payload: PollDeleted) => void;
  /** While a poll is open: the number of ballots only (never choices). */
  'poll:progress': (progress: PollProgress) => void;
  /** A round was closed: its tally. */
  'poll:tallied': (tally: TallyView) => void;
  /** Video briefings: a producer this client may consume now. */
  'media:producer': (payload: MediaProducerView) => void;
  /** The server closed one of this client's consumers (producer gone, floor taken back). */
  'media:consumerClosed': (payload: { consumerId: string }) => void;
  /** Connection quality of a consumer (mediasoup score 0–10) and the layer it forwards. */
  'media:quality': (payload: MediaLayersView) => void;
  /** The briefing's participants changed. */
  'media:peers': (payload: MediaPeerView[]) => void;
  /**
   * The floor moved: its holder's key (a meeting point's id, or the user id of a delegate on
   * their own device; see floorKeyOf), or null when the chair ended it.
   */
  'media:floor': (payload: { holder: string | null }) => void;
  /** mediasoup's score (0–10) of what this client sends (the worst of its producers): its uplink. */
  'media:sendQuality': (payload: { score: number }) => void;
  /** Who is talking now (active-speaker detection). */
  'media:speaker': (payload: { peerId: string }) => void;
  /** The media server lost this client's router or transports: set media up again (no reload). */
  'media:restart': (payload: { reason: MediaRestartReason }) => void;
}

export interface SocketData {
  userId: string;
  /** The sign-in (login) this socket belongs to. */
  loginId: string;
}
