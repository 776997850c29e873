import { COMMANDS, type CommandName, type CommandInput, type CommandAck, type CommandSpec } from '../../../../contract/commands.js';
import { command, parsePayload, type AppSocket, type RealtimeEnv } from './socket.js';

/**
 * Finds who sends a command in the council it acts in (from the command's scope and payload)
 * and refuses a sender its table entry does not allow. Given by the composition root, which
 * knows the council layer; the framework only calls it.
 */
export type Authoriser<A> = (spec: CommandSpec, payload: unknown, socket: AppSocket, name: CommandName) => Promise<A>;

export interface CommandContext<A> {
  socket: AppSocket;
  userId: string;
  /** The sender as the authoriser found them (their roles in the scope's council). */
  actor: A;
}

export type CommandHandler<N extends CommandName, A> = (payload: CommandInput<N>, ctx: CommandContext<A>) => Promise<CommandAck<N>>;

export interface Dispatcher<A> {
  /** Serves one command on this connection: session check, validation, authorisation, then `handler`. */
  on<N extends CommandName>(socket: AppSocket, name: N, handler: CommandHandler<N, A>): void;
  /** The same, with the arguments handed to `around` first (to queue them, for example). */
  onQueued<N extends CommandName>(socket: AppSocket, name: N, around: (run: () => Promise<void>) => void, handler: CommandHandler<N, A>): void;
}

/**
 * The socket side of what `ApiRouter` is for REST: every command is served from its entry in
 * contract/commands.ts — its payload validated against the declared schema (in NFC), its
 * sender authorised by the declared scope and roles — before a domain's handler sees it. A
 * handler's return type is the declared acknowledgement.
 */
export function createDispatcher<A>(env: RealtimeEnv, authorise: Authoriser<A>): Dispatcher<A> {
  const wrap = <N extends CommandName>(socket: AppSocket, name: N, handler: CommandHandler<N, A>) => {
    const spec: CommandSpec = COMMANDS[name];
    return command(env, socket, async (raw: unknown) => {
      const payload = (spec.input ? parsePayload(spec.input, raw ?? {}) : undefined) as CommandInput<N>;
      const actor = await authorise(spec, payload, socket, name);
      return handler(payload, { socket, userId: socket.data.userId, actor });
    });
  };
  return {
    on(socket, name, handler) {
      socket.on(name, wrap(socket, name, handler) as never);
    },
    onQueued(socket, name, around, handler) {
      const run = wrap(socket, name, handler);
      socket.on(name, ((...args: unknown[]) => around(() => run(...args))) as never);
    },
  };
}
