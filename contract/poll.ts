import { z } from 'zod';
import { Id } from './common.js';

/**
 * Voting (biểu quyết). Every threshold counts against the council's elected total N, never
 * against those present (domain.md, Voting). Choices are option keys:
 * - resolution: 'yes' | 'no' | 'abstain' (Đồng ý / Không đồng ý / Không biểu quyết), one;
 * - election: candidate keys, up to `maxChoices`;
 * - confidence: one `<personKey>=<level>` per person, level 'high' | 'medium' | 'low'
 *   (tín nhiệm cao / tín nhiệm / tín nhiệm thấp);
 * - custom: one of the poll's own option keys.
 */
export const PollKind = z.enum(['resolution', 'election', 'confidence', 'custom']);
export type PollKind = z.infer<typeof PollKind>;
export const PollStatus = z.enum(['draft', 'open', 'closed', 'published']);
export type PollStatus = z.infer<typeof PollStatus>;
export const ConfidenceLevel = z.enum(['high', 'medium', 'low']);

export const Threshold = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('more_than_half') }),
  z.object({ kind: z.literal('at_least_two_thirds') }),
  /** yes/N > numerator/denominator (strict) or ≥ (non-strict). */
  z.object({ kind: z.literal('custom'), numerator: z.number().int().min(0).max(1000), denominator: z.number().int().min(1).max(1000), strict: z.boolean() }),
]);
export type Threshold = z.infer<typeof Threshold>;

export const PollOption = z.object({ key: z.string().regex(/^[a-z0-9_-]{1,32}$/), label: z.string().min(1).max(300) });
export type PollOption = z.infer<typeof PollOption>;

const Cmd = z.object({ commandId: z.string().min(8).max(64) });

export const PollCreate = Cmd.extend({
  sittingId: Id,
  agendaItemId: Id.nullable().default(null),
  title: z.string().trim().min(1).max(300),
  kind: PollKind,
  secret: z.boolean(),
  /** Candidates (election), persons (confidence) or options (custom); ignored for a resolution. */
  options: z.array(PollOption).max(200).default([]),
  /** Election: how many candidates a ballot may choose (k). */
  maxChoices: z.number().int().min(1).max(200).default(1),
  threshold: Threshold.default({ kind: 'more_than_half' }),
  /** The counting committee (ban kiểm phiếu), named on the tally record. */
  countingCommittee: z.array(z.string().trim().min(1).max(120)).max(15).default([]),
});
export type PollCreate = z.infer<typeof PollCreate>;

export const PollRef = Cmd.extend({ pollId: Id });
/**
 * poll:update — a draft only, replaced whole by what poll:create takes (the same rules; the
 * sitting stays). A poll once opened keeps what its ballots were cast on.
 */
export const PollUpdate = PollCreate.omit({ sittingId: true }).extend({ pollId: Id });
export type PollUpdate = z.infer<typeof PollUpdate>;
/** poll:delete — a draft only (an opened poll's ballots are on record): what went. */
export interface PollDeleted { pollId: string; sittingId: string }
/** poll:open — an optional timer: the server closes the round itself when it runs out. */
export const PollOpen = PollRef.extend({ durationSeconds: z.number().int().min(10).max(3600).nullable().default(null) });
/** poll:list — every poll of a sitting with what this user may see of it. */
export const PollList = z.object({ sittingId: Id });
/** poll:reopen names the round it re-opens from, so a resend does not open a third round. */
export const PollReopen = PollRef.extend({ fromRound: z.number().int().min(1), durationSeconds: z.number().int().min(10).max(3600).nullable().default(null) });
export const BallotInput = Cmd.extend({ pollId: Id, round: z.number().int().min(1), choices: z.array(z.string().min(1).max(80)).max(400) });
export type BallotInput = z.infer<typeof BallotInput>;
export type PollCommandName = 'poll:create' | 'poll:update' | 'poll:delete' | 'poll:open' | 'poll:vote' | 'poll:close' | 'poll:reopen' | 'poll:publish';

export interface PollView {
  id: string; sittingId: string; councilId: string; agendaItemId: string | null;
  title: string; kind: PollKind; secret: boolean; options: PollOption[]; maxChoices: number;
  threshold: Threshold; status: PollStatus; round: number; electedTotal: number;
  countingCommittee: string[];
  /** ISO time the open round closes by itself (the optional timer), else null. */
  closesAt: string | null;
  /** ISO time the current round opened while it is open, else null. */
  openedAt: string | null;
  /**
   * Whether a delegate who checks in while this poll's round is open is issued a ballot (the
   * council's rules: lateBallotsSecret / lateBallotsNamed). Those attending at the opening
   * always are.
   */
  lateBallots: boolean;
}

/** One poll as a screen needs it (poll:list). */
export interface PollEntry {
  poll: PollView;
  /** Ballots stored in the current round (a count only, for every poll). */
  ballots: number;
  /** The current round's tally once closed (named choices only once published). */
  tally: TallyView | null;
  /**
   * For a delegate: whether they have voted in the current round, and whether they hold a
   * ballot of it (issued at the opening or since: only then may they vote; a delegate
   * attending and allowed a late ballot is issued one with their first vote); null for others.
   */
  myVote: { round: number; voted: boolean; issued?: boolean } | null;
}

/** GET /api/polls/:pollId/receipts — once published: every receipt of the round, sorted. */
export interface ReceiptList { pollId: string; round: number; receipts: string[] }

/**
 * What a voter gets back. `receipt` = sha256(pollId|round|sorted choices|nonce), hex; the same
 * on every resend of the same command. Secret polls: the receipt is later findable in the
 * published list of receipts (GET /api/polls/:pollId/receipts).
 */
export interface Receipt { pollId: string; round: number; receipt: string }

export type Outcome = 'PASSED' | 'FAILED';
/** Confidence poll consequence (domain.md; the ≥ 2/3 case is from Resolution 96/2023/QH15 art. 12, to confirm). */
export type ConfidenceConsequence = 'none' | 'resignation_or_confidence_vote' | 'dismissal_to_be_proposed';

export interface TallyView {
  pollId: string; round: number; kind: PollKind; secret: boolean;
  electedTotal: number; threshold: Threshold;
  /**
   * Ballots issued (biên bản kiểm phiếu): the delegates attending (hall or online) when the
   * round opened, plus those issued one after checking in while it was open. ballots ≤ issued.
   */
  issued: number;
  /** Ballots returned (all valid: the server refuses an invalid ballot at the boundary). */
  ballots: number;
  /** Always 0 for electronic ballots; kept so the tally record states it. */
  invalid: number;
  didNotVote: number;
  counts: Array<{ key: string; label: string; count: number; outcome?: Outcome }>;
  /** Resolution and custom: whether the 'yes' (or first) option reached the threshold. */
  outcome: Outcome | null;
  /** Confidence: per person, counts per level, the low share of N and its consequence. */
  confidence?: Array<{ key: string; label: string; high: number; medium: number; low: number; lowShareOfN: string; consequence: ConfidenceConsequence }>;
  /** Named polls, once published: each delegate's choices. */
  named?: Array<{ voterId: string; choices: string[] }>;
  hash: string;
}

/** During a secret poll only the count is broadcast. */
export interface PollProgress { pollId: string; round: number; ballots: number }
