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
