import type { Ack } from '../../contract/errors.js';
import type { ClientSocket } from './sockets.js';

/** Any event sent with an acknowledgement, answered with the one Ack shape. */
export type Emit = <T>(event: string, payload: unknown) => Promise<Ack<T>>;

/** `socket.emitWithAck` for any event name (the typed event map does not take a union). */
export const emitterOf = (s: ClientSocket): Emit => (event, payload) => (s as unknown as { emitWithAck: (e: string, p: unknown) => Promise<never> }).emitWithAck(event, payload);

/** The data of a successful Ack; a refusal throws with its code and message. */
export const ok = <T>(a: Ack<T>): T => {
  if (!a.ok) throw new Error(`${a.error}: ${a.message}`);
  return a.data;
};
