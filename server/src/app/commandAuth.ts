import type { CommandSpec } from '../../../contract/commands.js';
import type { Deps } from './deps.js';
import type { Authoriser } from '../platform/realtime/dispatch.js';
import { errors } from '../platform/errors.js';
import { actorFor, type Actor } from '../council/actor.js';
import { councilOf } from '../council/scope.js';
import { sessionOf } from '../briefing/session.js';

/** The council a command acts in, from its declared scope (contract/commands.ts). */
async function councilFor(deps: Deps, spec: CommandSpec, payload: Record<string, string>, socket: Parameters<Authoriser<Actor>>[2]): Promise<string | null> {
  switch (spec.scope) {
    case 'none': return null;
    case 'sitting': return councilOf(deps, 'sitting', payload.sittingId!);
    case 'session': return councilOf(deps, 'session', payload.sessionId!);
    case 'poll': return councilOf(deps, 'poll', payload.pollId!);
    case 'briefing': return councilOf(deps, 'sitting', sessionOf(socket).access.sittingId);
  }
}

/**
 * Authorises every socket command from its table entry: the sender's roles in the council of
 * the command's scope must include one the entry names (`member`: any). Refused senders are
 * logged (who, what, never the payload) and get `forbidden` with the entry's wording.
 */
export function commandAuthoriser(deps: Deps): Authoriser<Actor> {
  return async (spec, payload, socket, name) => {
    const userId = socket.data.userId;
    const p = (payload ?? {}) as Record<string, string>;
    const councilId = await councilFor(deps, spec, p, socket);
    if (councilId === null) return { userId, roles: [], meetingPointId: null };
    const actor = await actorFor(deps, userId, councilId);
    const allowed = spec.who === 'anyone' || (spec.who === 'member' ? actor.roles.length > 0 : actor.roles.some((r) => (spec.who as readonly string[]).includes(r)));
    if (!allowed) {
      // The command and what it acted on, never the rest of the payload (a ballot's choices).
      deps.log.warn({ userId, councilId, command: name, sittingId: p.sittingId, sessionId: p.sessionId, pollId: p.pollId }, 'socket command refused');
      throw errors.forbidden(spec.what);
    }
    return actor;
  };
}
