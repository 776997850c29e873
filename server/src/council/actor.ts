import type { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { councilMembers } from './members.js';
import type { Role } from '../../../contract/roles.js';

/** Who sends a command: their roles in the sitting's council and, for operators, their room. */
export interface Actor {
  userId: string;
  roles: Role[];
  meetingPointId: string | null;
}

export interface SpeakingRules {
  firstSpeechSeconds: number;
  followUpSeconds: number;
  maxSpeechesPerTopic: number;
}

export const has = (actor: Actor, ...roles: Role[]) => actor.roles.some((r) => roles.includes(r));

/** The sender's roles in the sitting's council, and their room (from the membership cache). */
export async function actorFor(deps: Deps, userId: string, councilId: Types.ObjectId | string): Promise<Actor> {
  const m = (await councilMembers(deps, String(councilId))).get(userId);
  return { userId, roles: m ? [...m.roles] : [], meetingPointId: m?.meetingPointId ?? null };
}
