import { Schema } from 'mongoose';

/**
 * Polls and their ballots. Every integrity rule rests on a unique index (FerretDB has no
 * transactions and its conditional updates are not atomic across connections; E11000 holds):
 * - PollVoted {pollId, round, voterId} unique: one ballot per delegate per round. It says WHO
 *   voted, never what; its _id is random (not an ObjectId), it has no timestamps.
 *   Written before the ballot (ballotWriter.ts); a ballot is complete once it is stored.
 * - NamedBallot {pollId, round, voterId} and {pollId, round, commandId} unique.
 * - SecretBallot: no user, session, socket or time-ordered id, no timestamps; _id = the
 *   receipt; unique {pollId, round, receiptHash} makes a resent ballot idempotent.
 *   Written in shuffled batches while the round is open; sealed at the close: rewritten in
 *   receipt order into poll_sealed_ballots and deleted here (seal.ts).
 * - PollClosure: _id `${pollId}:${round}`, written once: the single close of a round, holding
 *   the tally computed by the close that won the insert.
 * - PollKey: _id = pollId, a random 32-byte key for the receipt nonces (see receipt.ts), wrapped by the token when there is one.
 * - PollIssued: _id `${pollId}:${round}:${voterId}`: a ballot issued to this delegate in this
 *   round (issued.ts). Who was issued a ballot only (attendance is public), never a choice.
 */
export const PollSchema = new Schema({
  sittingId: { type: Schema.Types.ObjectId, required: true, index: true },
  councilId: { type: Schema.Types.ObjectId, required: true },
  agendaItemId: { type: Schema.Types.ObjectId, default: null },
  title: { type: String, required: true },
  kind: { type: String, enum: ['resolution', 'election', 'confidence', 'custom'], required: true },
  secret: { type: Boolean, required: true },
  options: [{ _id: false, key: String, label: String }],
  maxChoices: { type: Number, default: 1 },
  threshold: { type: Schema.Types.Mixed, required: true },
  status: { type: String, enum: ['draft', 'open', 'closed', 'published'], default: 'draft' },
  round: { type: Number, default: 1 },
  openedAt: { type: Date, default: null },
  closedAt: { type: Date, default: null },
  tallyHash: { type: String, default: null },
  /** Ballots issued in the current round: the delegates present when it opened. */
  issued: { type: Number, default: 0 },
  /** The optional timer: when the open round closes by itself. */
  closesAt: { type: Date, default: null },
  countingCommittee: { type: [String], default: [] },
  createCommandId: { type: String, required: true, unique: true },
  /** The last poll:update applied to the draft: its resend answers without writing again. */
  updateCommandId: { type: String, default: null },
}, { timestamps: true });

export const PollVotedSchema = new Schema({
  _id: { type: String, required: true },
  pollId: { type: String, required: true },
  round: { type: Number, required: true },
  voterId: { type: String, required: true },
  commandId: { type: String, required: true },
  /**
   * HMAC(pollKey, receipt): lets a resend of the same command prove it carries the same ballot
   * (a resend with other choices is refused). Without the key (destroyed at publication) it
   * links to nothing.
   */
  intent: { type: String, required: true },
}, { versionKey: false });
PollVotedSchema.index({ pollId: 1, round: 1, voterId: 1 }, { unique: true });

/** Who voted in a closed secret round, rewritten in voter order at the close (seal.ts). */
export const SealedVoterSchema = PollVotedSchema.clone();

export const NamedBallotSchema = new Schema({
  /** The receipt (a hash: nothing time-ordered), so a resend finds its ballot by _id. */
  _id: { type: String, required: true },
  pollId: { type: String, required: true },
  round: { type: Number, required: true },
  voterId: { type: String, required: true },
  choices: [String],
  receipt: { type: String, required: true },
  commandId: { type: String, required: true },
}, { versionKey: false });
NamedBallotSchema.index({ pollId: 1, round: 1, voterId: 1 }, { unique: true });
NamedBallotSchema.index({ pollId: 1, round: 1, commandId: 1 }, { unique: true });

export const SecretBallotSchema = new Schema({
  /** The receipt (a hash of ballot and nonce: random, not time-ordered), found by _id on a resend. */
  _id: { type: String, required: true },
  pollId: { type: String, required: true },
  round: { type: Number, required: true },
  choices: [String],
  receiptHash: { type: String, required: true },
}, { versionKey: false });
SecretBallotSchema.index({ pollId: 1, round: 1, receiptHash: 1 }, { unique: true });

/** The same ballots, rewritten at the close in receipt order (seal.ts); the live ones are then deleted. */
export const SealedBallotSchema = SecretBallotSchema.clone();

export const PollClosureSchema = new Schema({
  _id: { type: String, required: true },
  pollId: { type: String, required: true },
  round: { type: Number, required: true },
  closedAt: { type: Date, required: true },
  tally: { type: Schema.Types.Mixed, default: null },
  /** Secret polls: the round's ballots are in poll_sealed_ballots (seal.ts). */
  sealed: { type: Boolean, default: false },
}, { versionKey: false });

/** `key` in clear (no token), or `wrapped` by the token's AES key (wrappedPollKey.ts): one of the two. */
export const PollKeySchema = new Schema({
  _id: { type: String, required: true },
  key: { type: String, default: undefined },
  wrapped: { type: Schema.Types.Mixed, default: undefined },
}, { versionKey: false });

/**
 * A ballot issued (phát phiếu) to a delegate in a round: written for every delegate attending
 * (hall or online) when the round opens, and for a delegate who checks in while it is open at
 * their first ballot, if the council's rules allow late ballots for this kind of poll
 * (issued.ts). The unique _id makes each issue happen once. No time, no choice.
 */
export const PollIssuedSchema = new Schema({
  _id: { type: String, required: true },
  pollId: { type: String, required: true },
  round: { type: Number, required: true },
  voterId: { type: String, required: true },
  /** Checked in while the round was open (issued at their first ballot), not at its opening. */
  late: { type: Boolean, required: true },
}, { versionKey: false });
