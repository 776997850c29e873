import { SittingMirror } from '../../../../contract/sittingSync.js';
import type { SittingCommandName, SittingDelta, SittingSnapshot, SittingState } from '../../../../contract/sitting.js';
import type { CommandResult } from '../../../../contract/events.js';
import type { ApiError } from '../api.js';
import { newCommandId, sendCommand, type CommandOutcome } from '../realtime/command.js';
import type { AppSocket } from '../realtime/socket.svelte.js';

/**
 * One sitting as this screen sees it: joined over socket.io, kept by the shared
 * `SittingMirror` (snapshot, then deltas in version order, a fresh snapshot on a gap), and
 * joined again on every reconnection (the server may have restarted and forgotten rooms).
 */
export class LiveSitting {
  /** Null until the first snapshot arrives. */
  state = $state.raw<SittingState | null>(null);
  version = $state(-1);
  /** Why joining failed (forbidden, not found…); cleared by the next successful join. */
  joinError = $state<ApiError | null>(null);
  /** The last refused action, in words, for the screen to show; cleared by the next success. */
  failure = $state<string | null>(null);
  readonly sittingId: string;
  /** Called after every successful (re)join: what needs the room (e.g. presenter:get) goes here. */
  onJoined: (() => void) | null = null;
  #mirror: SittingMirror;
  #socket: AppSocket | null = null;

  constructor(sittingId: string) {
    this.sittingId = sittingId;
    this.#mirror = new SittingMirror(
      () => this.#fetchSnapshot(),
      (state, version) => {
        this.state = state;
        this.version = version;
      },
    );
  }

  /** Follows one socket until the returned function is called (use inside an effect). */
  attach(s: AppSocket): () => void {
    this.#socket = s;
    const onDelta = (delta: SittingDelta) => {
      if (delta.sittingId === this.sittingId) this.#mirror.apply(delta);
    };
    const onConnect = () => void this.#join(s);
    s.on('sitting:changed', onDelta);
    s.on('connect', onConnect);
    if (s.connected) void this.#join(s);
    return () => {
      s.off('sitting:changed', onDelta);
      s.off('connect', onConnect);
      // Stop the server sending this sitting's deltas to a screen that left it.
      if (s.connected) s.emit('sitting:leave', { sittingId: this.sittingId }, () => {});
      if (this.#socket === s) this.#socket = null;
    };
  }

  async #join(s: AppSocket): Promise<void> {
    const res = await sendCommand(s, 'sitting:join', { sittingId: this.sittingId });
    if (this.#socket !== s) return;
    if (!res.ok && res.error === 'network_error') {
      // No answer in time: the next 'connect' joins again; a live socket retries shortly.
      if (s.connected) setTimeout(() => s.connected && void this.#join(s), 2_000);
      return;
    }
    if (res.ok) {
      this.joinError = null;
      this.#mirror.load(res.data);
      this.onJoined?.();
    } else {
      this.joinError = res;
    }
  }

  async #fetchSnapshot(): Promise<SittingSnapshot> {
    const s = this.#socket;
    if (!s) throw new Error('not connected');
    const res = await sendCommand(s, 'sitting:snapshot', { sittingId: this.sittingId });
    if (!res.ok) throw new Error(res.message || res.error);
    return res.data;
  }

  /**
   * Sends one user action. An unanswered command is resent with the same command id, so
   * the server applies it once however many copies arrive.
   */
  async send(name: SittingCommandName, payload: Record<string, unknown> = {}): Promise<CommandOutcome<CommandResult>> {
    return sendCommand(() => this.#socket, name, { ...payload, sittingId: this.sittingId }, { commandId: newCommandId() });
  }

  /** Sends an action and keeps the refusal (if any) in `failure`; true when it was applied. */
  async run(name: SittingCommandName, payload: Record<string, unknown> = {}): Promise<boolean> {
    const res = await this.send(name, payload);
    this.failure = res.ok ? null : res.text;
    return res.ok;
  }
}
