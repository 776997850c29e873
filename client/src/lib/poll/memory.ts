import { onSignOut } from '../auth/login.svelte.js';

/**
 * What this device remembers of my own ballots, per user, poll and round: the command id and
 * choices before sending, then the receipt. The server cannot tell a secret voter their
 * choice again (it never links a voter to a ballot), so after a reload this copy is the only
 * one; and a ballot whose answer was lost (a reload mid-send) is resent with the same command
 * id, which gets the same receipt back. Storage may be disabled (kiosk policy, private mode):
 * then nothing is remembered and the panel says only that I voted.
 */
export interface RememberedBallot {
  commandId: string;
  choices: string[];
  /** Null until the server acknowledged the ballot. */
  receipt: string | null;
}

const key = (userId: string, pollId: string, round: number) => `hdnd.ballot.${userId}.${pollId}.${round}`;

export function rememberBallot(userId: string, pollId: string, round: number, ballot: RememberedBallot): void {
  try {
    localStorage.setItem(key(userId, pollId, round), JSON.stringify(ballot));
  } catch {
    // Not kept: the receipt is still on screen until the page is left.
  }
}

export function recallBallot(userId: string, pollId: string, round: number): RememberedBallot | null {
  try {
    const raw = localStorage.getItem(key(userId, pollId, round));
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<RememberedBallot>;
    if (typeof v.commandId !== 'string' || !Array.isArray(v.choices)) return null;
    return { commandId: v.commandId, choices: v.choices.map(String), receipt: typeof v.receipt === 'string' ? v.receipt : null };
  } catch {
    return null;
  }
}

/**
 * Forgets every ballot of this user on this device: at sign-out or when the session ends, so
 * the next person at a shared tablet cannot read what the last one chose.
 */
export function forgetBallots(userId: string): void {
  try {
    const prefix = `hdnd.ballot.${userId}.`;
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(prefix)) keys.push(k);
    }
    for (const k of keys) localStorage.removeItem(k);
  } catch {
    // No storage: nothing was kept.
  }
}

// Forgotten at every sign-out on this device (the sign-in store calls its hooks).
onSignOut(forgetBallots);
