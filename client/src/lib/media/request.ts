import type { Socket } from 'socket.io-client';
import type { Ack, ErrorBody } from '../../../../contract/errors.js';
import type { AppSocket } from '../realtime.svelte.js';

const ACK_TIMEOUT_MS = 10_000;

/** A refused or unanswered media command. */
export class MediaRequestError extends Error {
  readonly code: string;
  constructor(body: Pick<ErrorBody, 'error' | 'message'> | { error: 'network_error'; message: string }) {
    super(body.message);
    this.code = body.error;
  }
}

/** Sends one media command and resolves with its data; a refusal or a timeout throws. */
export async function request<T>(socket: AppSocket, event: string, payload: unknown = {}): Promise<T> {
  let res: Ack<T>;
  try {
    // Every media command has the same (payload, ack) shape; a union of names does not type-check.
    res = (await (socket as unknown as Socket).timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as Ack<T>;
  } catch {
    throw new MediaRequestError({ error: 'network_error', message: `${event}: no answer` });
  }
  if (!res.ok) throw new MediaRequestError(res);
  return res.data;
}
