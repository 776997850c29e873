import type { Ack } from './errors.js';
import type { MeView } from './auth.js';
import type { SittingDelta, SittingSnapshot } from './sitting.js';
import type { PresenterPage } from './annotations.js';
import type { PollEntry, PollView, PollProgress, Receipt, TallyView } from './poll.js';
import type { MediaJoined, MediaTransportView, MediaConsumerView, MediaProducerView, MediaPeerView, MediaRestartReason, MediaLayersView } from './media.js';

/** What a sitting command acknowledges: the sitting's version after it. */
export interface CommandResult { version: number }
type Cmd = (payload: unknown, ack: (res: Ack<CommandResult>) => void) => void;

/**
 * socket.io event maps shared by server and client. Commands are `domain:verb` and always
 * acknowledge with `Ack<T>`; broadcasts are `domain:verbed`.
 */
export interface ClientToServerEvents {
  /** Who am I on this connection (re-checked on every connection and reconnection). */
  'me:get': (payload: Record<string, never>, ack: (res: Ack<MeView>) => void) => void;
  /** Joins a sitting's room; acknowledges with the snapshot, deltas follow. */
  'sitting:join': (payload: { sittingId: string }, ack: (res: Ack<SittingSnapshot>) => void) => void;
  /** Follows a session's dossier: `documents:changed` arrives when a document or version is added. */
  'session:follow': (payload: { sessionId: string }, ack: (res: Ack<null>) => void) => void;
  'session:unfollow': (payload: { sessionId: string }, ack: (res: Ack<null>) => void) => void;
  /** Stops following a sitting (the screen was left). */
  'sitting:leave': (payload: { sittingId: string }, ack: (res: Ack<null>) => void) => void;
  /** The snapshot again (after a gap in delta versions). */
  'sitting:snapshot': (payload: { sittingId: string }, ack: (res: Ack<SittingSnapshot>) => void) => void;
  /** The presenter (chair, secretariat or the current speaker) shows a page to followers. */
  'presenter:page': (payload: PresenterPage, ack: (res: Ack<null>) => void) => void;
  /** The page being presented now in a sitting, if any (for a screen that starts following). */
  'presenter:get': (payload: { sittingId: string }, ack: (res: Ack<(PresenterPage & { by: string }) | null>) => void) => void;
  'sitting:setStatus': Cmd;
  'agenda:setCurrent': Cmd;
  'attendance:checkIn': Cmd;
  'floor:request': Cmd;
  'floor:withdraw': Cmd;
  'floor:reorder': Cmd;
  'floor:grant': Cmd;
  'floor:end': Cmd;
  /** Polls (contract/poll.ts): create (PollCreate), open/close/publish (PollRef), reopen (PollReopen), vote (BallotInput). */
  'poll:create': (payload: unknown, ack: (res: Ack<PollView>) => void) => void;
  'poll:open': (payload: unknown, ack: (res: Ack<PollView>) => void) => void;
  'poll:reopen': (payload: unknown, ack: (res: Ack<PollView>) => void) => void;
  'poll:vote': (payload: unknown, ack: (res: Ack<Receipt>) => void) => void;
  'poll:close': (payload: unknown, ack: (res: Ack<TallyView>) => void) => void;
  'poll:publish': (payload: unknown, ack: (res: Ack<TallyView>) => void) => void;
  /** PollList → every poll of the sitting (PollEntry), for anyone who may join the sitting. */
  'poll:list': (payload: unknown, ack: (res: Ack<PollEntry[]>) => void) => void;
  /** Video briefings (contract/media.ts): join (MediaJoin) then transports, produce, consume (paused; the client resumes). */
  'media:join': (payload: unknown, ack: (res: Ack<MediaJoined>) => void) => void;
  'media:leave': (payload: unknown, ack: (res: Ack<null>) => void) => void;
  'media:createTransport': (payload: unknown, ack: (res: Ack<MediaTransportView>) => void) => void;
  'media:connectTransport': (payload: unknown, ack: (res: Ack<null>) => void) => void;
  /** MediaTransportRef → new ICE parameters, after a network change. */
  'media:restartIce': (payload: unknown, ack: (res: Ack<MediaTransportView['iceParameters']>) => void) => void;
  'media:produce': (payload: unknown, ack: (res: Ack<{ producerId: string }>) => void) => void;
  'media:consume': (payload: unknown, ack: (res: Ack<MediaConsumerView>) => void) => void;
  /** MediaConsumerRef: pause / resume / close a consumer. */
  'media:pause': (payload: unknown, ack: (res: Ack<null>) => void) => void;
  'media:resume': (payload: unknown, ack: (res: Ack<null>) => void) => void;
  'media:closeConsumer': (payload: unknown, ack: (res: Ack<null>) => void) => void;
  /** MediaProducerRef: mute (pause), unmute (resume), stop (close) one's own producer. */
  'media:pauseProducer': (payload: unknown, ack: (res: Ack<null>) => void) => void;
  'media:resumeProducer': (payload: unknown, ack: (res: Ack<null>) => void) => void;
  'media:closeProducer': (payload: unknown, ack: (res: Ack<null>) => void) => void;
  /** MediaLayers: the simulcast layer that fits the size a video is shown at. */
  'media:setLayers': (payload: unknown, ack: (res: Ack<null>) => void) => void;
}

export interface ServerToClientEvents {
  /** The sign-in session behind this socket ended (sign-out, idle timeout). */
  'login:ended': (payload: { reason: 'signed_out' | 'idle_timeout' | 'expired' }) => void;
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
  /** The floor moved (meeting point id, or null when the chair ended it). */
  'media:floor': (payload: { meetingPointId: string | null }) => void;
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
