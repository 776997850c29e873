import { requestCommand, type CommandData, type CommandName, type CommandPayload } from '../realtime/command.js';
import type { AppSocket } from '../realtime/socket.svelte.js';

/** Media set-up waits a little longer than a sitting command (the media server may be busy). */
const MEDIA_ACK_TIMEOUT_MS = 10_000;

/**
 * Sends one media command and resolves with its data; a refusal or a timeout throws
 * `CommandFailed`. Sent once: media commands carry no command id, so a copy could create a
 * second transport or producer.
 */
export function request<E extends CommandName>(socket: AppSocket, event: E, payload: CommandPayload<E>): Promise<CommandData<E>> {
  return requestCommand(socket, event, payload, { timeoutMs: MEDIA_ACK_TIMEOUT_MS });
}
