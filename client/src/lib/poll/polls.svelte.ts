import type { PollCommandName, PollDeleted, PollEntry, PollProgress, PollView, TallyView } from '../../../../contract/poll.js';
import { newCommandId, sendCommand, type CommandData, type CommandOutcome, type CommandPayload } from '../realtime/command.js';
import { realtime, type AppSocket } from '../realtime/socket.svelte.js';
import type { LiveSitting } from '../sitting/live.svelte.js';
import { auth } from '../auth/login.svelte.js';

const STAGE: Record<PollView['status'], number> = { draft: 0, open: 1, closed: 2, published: 3 };
/** How far a poll has gone: rounds, then stages within a round (a poll never goes back). */
const stage = (v: PollView) => v.round * 10 + STAGE[v.status];

/**
 * The list as answered, without taking back what broadcasts brought while it was on its way:
 * a later stage of a poll, a higher count, a tally, a poll created since (`since`). A poll
 * known before the request and not in the answer was deleted (a draft) and goes.
 */
function merge(mine: readonly PollEntry[], answer: readonly PollEntry[], since: (pollId: string) => boolean): PollEntry[] {
  const old = new Map(mine.map((e) => [e.poll.id, e]));
  const listed = new Set(answer.map((e) => e.poll.id));
  const merged = answer.map((e) => {
    const o = old.get(e.poll.id);
    if (!o) return e;
    if (stage(o.poll) > stage(e.poll)) return { ...o, myVote: o.myVote ?? (e.myVote && { round: o.poll.round, voted: o.poll.round === e.poll.round && e.myVote.voted }) };
    return o.poll.round === e.poll.round ? { ...e, ballots: Math.max(e.ballots, o.ballots), tally: e.tally ?? o.tally } : e;
  });
  return [...merged, ...mine.filter((e) => !listed.has(e.poll.id) && since(e.poll.id))];
}

/**
 * The polls (cuộc biểu quyết) of one sitting as this screen sees them: the whole list on every
 * (re)join of the sitting (the server may have restarted), then `poll:changed`,
 * `poll:progress` (a count only) and `poll:tallied`. Construct it while a component
 * initialises, beside the screen's LiveSitting: its effect ends with the component.
 */
export class PollStore {
  /** In creation order. */
  entries = $state.raw<PollEntry[]>([]);
  /** Whether the first list has arrived. */
  loaded = $state(false);
  /** The poll that changed last (the hall shows it once no poll is open). */
  recentId = $state<string | null>(null);
  /** The last refused command, in words; cleared by the next success. */
  failure = $state<string | null>(null);
  readonly live: LiveSitting;
  #socket: AppSocket | null = null;
  #listing = 0;
  /** For each poll first heard of by a broadcast or an answer: the list request under way then. */
  #heardAt = new Map<string, number>();
  /** Drafts deleted while this screen was open: a late broadcast does not bring them back. */
  #deleted = new Set<string>();

  constructor(live: LiveSitting) {
    this.live = live;
    $effect(() => {
      const s = realtime.socket;
      if (s) return this.#attach(s);
    });
  }

  get sittingId(): string {
    return this.live.sittingId;
  }

  /** Whether I am checked in to the sitting now (in the hall or online): only then am I issued a ballot. */
  get attending(): boolean {
    const mine = this.live.state?.attendance.find((a) => a.userId === auth.me?.id);
    return mine?.status === 'hall' || mine?.status === 'online';
  }

  /** The poll open now (newest first), if any. */
  get open(): PollEntry | undefined {
    return [...this.entries].reverse().find((e) => e.poll.status === 'open');
  }

  /** What the hall shows: the open poll, else the one counted last, until another opens. */
  get onHall(): PollEntry | undefined {
    const open = this.open;
    if (open) return open;
    const recent = this.recentId ? this.find(this.recentId) : undefined;
    if (recent?.tally && recent.poll.status !== 'draft') return recent;
    return [...this.entries].reverse().find((e) => e.tally && e.poll.status !== 'draft');
  }

  find(pollId: string): PollEntry | undefined {
    return this.entries.find((e) => e.poll.id === pollId);
  }

  #attach(s: AppSocket): () => void {
    this.#socket = s;
    // poll:list answers for the sitting's room only once joined: list after every (re)join.
    const before = this.live.onJoined;
    const onJoined = () => {
      before?.();
      void this.refresh();
    };
    this.live.onJoined = onJoined;
    if (this.live.state) void this.refresh();
    const onChanged = (view: PollView) => this.#changed(view);
    const onProgress = (p: PollProgress) => this.#update(p.pollId, (e) => (e.poll.round === p.round ? { ...e, ballots: Math.max(e.ballots, p.ballots) } : e));
    const onTallied = (tally: TallyView) => this.#tallied(tally);
    const onDeleted = (gone: PollDeleted) => gone.sittingId === this.sittingId && this.remove(gone.pollId);
    s.on('poll:changed', onChanged);
    s.on('poll:deleted', onDeleted);
    s.on('poll:progress', onProgress);
    s.on('poll:tallied', onTallied);
    return () => {
      s.off('poll:changed', onChanged);
      s.off('poll:deleted', onDeleted);
      s.off('poll:progress', onProgress);
      s.off('poll:tallied', onTallied);
      if (this.live.onJoined === onJoined) this.live.onJoined = before;
      if (this.#socket === s) this.#socket = null;
    };
  }

  /** Fetches the whole list again (the latest request wins). */
  async refresh(): Promise<void> {
    const s = this.#socket;
    if (!s) return;
    const mine = ++this.#listing;
    const res = await sendCommand(s, 'poll:list', { sittingId: this.sittingId });
    if (!res.ok && res.error === 'network_error') {
      // No answer in time: ask again shortly (unless a newer request is under way).
      if (s.connected && mine === this.#listing) setTimeout(() => mine === this.#listing && void this.refresh(), 2_000);
      return;
    }
    if (mine !== this.#listing) return;
    if (res.ok) {
      this.entries = merge(this.entries.filter((e) => !this.#deleted.has(e.poll.id)), res.data.filter((e) => !this.#deleted.has(e.poll.id)), (id) => (this.#heardAt.get(id) ?? -1) >= mine);
      this.loaded = true;
    } else {
      this.failure = res.text;
    }
  }

  #update(pollId: string, fn: (e: PollEntry) => PollEntry): void {
    this.entries = this.entries.map((e) => (e.poll.id === pollId ? fn(e) : e));
  }

  #changed(view: PollView): void {
    if (view.sittingId !== this.sittingId || this.#deleted.has(view.id)) return;
    this.recentId = view.id;
    const entry = this.find(view.id);
    if (!entry) {
      this.#heardAt.set(view.id, this.#listing);
      // Whether I may vote in it is the server's to say: list again.
      this.entries = [...this.entries, { poll: view, ballots: 0, tally: null, myVote: null }];
      void this.refresh();
      return;
    }
    const newRound = view.round !== entry.poll.round;
    // A round opening: a ballot is issued to me if I attend now (the server's list says for sure).
    const opening = view.status === 'open' && (newRound || entry.poll.status === 'draft');
    this.#update(view.id, (e) => ({
      poll: view,
      ballots: newRound ? 0 : e.ballots,
      tally: newRound ? null : e.tally,
      myVote: e.myVote && (newRound || opening) ? { round: view.round, voted: false, ...(opening ? { issued: this.attending } : {}) } : e.myVote,
    }));
    // Named choices are released with the publication: take the published tally.
    if (view.status === 'published' && entry.poll.status !== 'published') void this.refresh();
  }

  #tallied(tally: TallyView): void {
    const entry = this.find(tally.pollId);
    if (!entry || tally.round !== entry.poll.round) return;
    this.recentId = tally.pollId;
    this.#update(tally.pollId, (e) => ({ ...e, tally, ballots: tally.ballots }));
  }

  /** Drops a deleted draft (its broadcast, or the answer to my poll:delete). */
  remove(pollId: string): void {
    this.#deleted.add(pollId);
    if (this.recentId === pollId) this.recentId = null;
    this.entries = this.entries.filter((e) => e.poll.id !== pollId);
  }

  /** Records my ballot in the current round (the server acknowledged it). */
  markVoted(pollId: string, round: number): void {
    this.#update(pollId, (e) => (e.poll.round === round ? { ...e, myVote: { round, voted: true, issued: true } } : e));
  }

  /**
   * Sends one poll command. An unanswered command is resent with the same command id (pass
   * one to resend a user's action after a failure), so the server applies it once.
   */
  async send<E extends PollCommandName>(name: E, payload: CommandPayload<E>, commandId: string = newCommandId()): Promise<CommandOutcome<CommandData<E>>> {
    const res = await sendCommand(() => this.#socket, name, payload, { commandId });
    this.failure = res.ok ? null : res.text;
    return res;
  }

  /** Takes a command's answer before its broadcast arrives (the chair sees it at once). */
  applyView(view: PollView): void {
    this.#changed(view);
  }

  applyTally(tally: TallyView): void {
    this.#tallied(tally);
  }
}
