import type { Socket } from 'socket.io-client';
import type { Ack } from '../../../../contract/errors.js';
import type { CommandName as Name, CommandPayload as WirePayload, CommandAck } from '../../../../contract/commands.js';
import type { ApiError } from '../api.js';
import { errorText } from '../i18n/index.js';
import type { AppSocket } from './socket.svelte.js';
import { lapse, waitForSignIn, SignInAbandoned } from '../auth/login.svelte.js';

/** Every command the client sends with an acknowledgement (contract/commands.ts). */
export type CommandName = Name;
/** What a command takes; its `commandId`, if it has one, comes from `SendOptions`. */
export type CommandPayload<E extends CommandName> = Omit<WirePayload<E>, 'commandId'>;
/** What a command's acknowledgement carries when it succeeds. */
export type CommandData<E extends CommandName> = CommandAck<E>;

/** A refused or unanswered command, with the words to show for it (`errorText`). */
export type CommandFailure = ApiError & { text: string };
export type CommandOutcome<T> = { ok: true; data: T } | CommandFailure;

/** The socket to send on, read again before every attempt (it is replaced on a new sign-in). */
export type SocketSource = AppSocket | null | (() => AppSocket | null);

export interface SendOptions {
  /**
   * The id of one user action: added to the payload and kept for every resend, so the server
   * applies the action once however many copies arrive. Pass the same id again to resend an
   * action after a failure.
   */
  commandId?: string;
  /**
   * How many times to send when no answer comes: 3 with a command id, 1 without (a command
   * the server cannot recognise as a copy must not be sent twice).
   */
  attempts?: number;
  /** How long to wait for each answer. */
  timeoutMs?: number;
}

export const ACK_TIMEOUT_MS = 8_000;
const ATTEMPTS_WITH_ID = 3;

/**
 * A fresh id for one user action. `crypto.randomUUID` exists only in secure contexts; a
 * council LAN served over plain http is not one, so fall back to `getRandomValues`.
 */
export function newCommandId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A failure as the screen shows it. */
export function failure(err: ApiError): CommandFailure {
  return { ...err, text: errorText(err) };
}

/**
 * Sends one command and waits for its acknowledgement; never throws. No answer within
 * `timeoutMs` (or no socket) sends again with the same body, up to `attempts` times, then
 * fails with `network_error`. A refusal comes back as the server said it, with its text.
 *
 * A sign-in that ran out (the server answers `session_expired`, or the socket is down while
 * the re-sign-in dialog is open) is not a failure the user should retype anything for: the
 * command waits for them to sign in again and is sent again with the same body and id (it
 * was refused, not applied). If they sign out or switch account instead, it fails as
 * `session_expired` and nothing is sent. A command with an id refused as `not_ready` (a
 * cluster handing its sitting to another server process) is sent again after the pause the
 * server asks for.
 */
export async function sendCommand<E extends CommandName>(socket: SocketSource, name: E, payload: CommandPayload<E>, opts: SendOptions = {}): Promise<CommandOutcome<CommandData<E>>> {
  const { commandId, timeoutMs = ACK_TIMEOUT_MS } = opts;
  const attempts = Math.max(1, opts.attempts ?? (commandId ? ATTEMPTS_WITH_ID : 1));
  const body = commandId === undefined ? payload : { ...(payload as object), commandId };
  let signIns = 0;
  let handovers = 0;
  for (let attempt = 0; attempt < attempts; attempt++) {
    let s = typeof socket === 'function' ? socket() : socket;
    if (!s && lapse.reason && signIns < MAX_SIGN_INS) {
      signIns++;
      if (!(await signedInAgain())) return expired();
      attempt--; // the wait is not an attempt
      continue;
    }
    if (!s) break;
    let res: Ack<CommandData<E>>;
    try {
      // Typed by the caller's event name; socket.io's own typing cannot follow a generic name.
      res = (await (s as unknown as Socket).timeout(timeoutMs).emitWithAck(name, body)) as Ack<CommandData<E>>;
    } catch {
      continue; // no answer in time: send the same body again
    }
    if (!res.ok && res.error === 'session_expired' && signIns < MAX_SIGN_INS) {
      signIns++;
      if (!(await signedInAgain())) return failure(res);
      attempt--;
      continue;
    }
    // A sitting changing owner process (a cluster's server went away): the same command, a moment later.
    if (!res.ok && res.error === 'not_ready' && commandId !== undefined && handovers < MAX_HANDOVERS) {
      handovers++;
      await new Promise((r) => setTimeout(r, Math.min(2, res.retryAfterSeconds ?? 1) * 1000));
      attempt--;
      continue;
    }
    return res.ok ? res : failure(res);
  }
  return failure({ ok: false, error: 'network_error', message: '' });
}

/** How many times one command (with an id) waits for a sitting to change owner before it gives up (~10 s). */
const MAX_HANDOVERS = 8;

/** How many times one command waits for a new sign-in before it gives up. */
const MAX_SIGN_INS = 2;

/** Waits for the user to sign in again: false if they signed out or switched account. */
async function signedInAgain(): Promise<boolean> {
  try {
    await waitForSignIn();
    return true;
  } catch (err) {
    if (err instanceof SignInAbandoned) return false;
    throw err;
  }
}

const expired = (): CommandFailure => failure({ ok: false, error: 'session_expired', message: '' });

/** A failed command as an exception, for code that sends several in a row (media set-up). */
export class CommandFailed extends Error {
  readonly code: ApiError['error'];
  readonly text: string;
  readonly outcome: CommandFailure;
  constructor(outcome: CommandFailure, command: string) {
    super(outcome.message || `${command}: no answer`);
    this.code = outcome.error;
    this.text = outcome.text;
    this.outcome = outcome;
  }
}

/** `sendCommand`, resolving with the data or throwing `CommandFailed`. */
export async function requestCommand<E extends CommandName>(socket: SocketSource, name: E, payload: CommandPayload<E>, opts: SendOptions = {}): Promise<CommandData<E>> {
  const res = await sendCommand(socket, name, payload, opts);
  if (!res.ok) throw new CommandFailed(res, name);
  return res.data;
}
