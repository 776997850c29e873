/**
 * Who hears and sees whom in a briefing (họp trực tuyến): a pure rule, tested on its own.
 * - the main hall (`hall`: chair, secretariat) is seen and heard by everyone;
 * - a commune room (`room`, điểm cầu) sends its camera to the chair's grid (hall peers only)
 *   and is heard by nobody, until the chair gives it the floor: then everyone hears and sees it;
 * - a delegate on their own device (`remote`) is seen and heard as a commune room is, and
 *   may put a microphone (or a screen) on the wire only while holding the floor;
 * - a `viewer` (delegate on a tablet in the hall, observer) only receives.
 */
export type PeerRole = 'hall' | 'room' | 'remote' | 'viewer';
export type MediaSource = 'mic' | 'camera' | 'screen';

export interface Party {
  peerId: string;
  userId: string;
  role: PeerRole;
  meetingPointId: string | null;
}

/**
 * Who holds the floor now: a meeting point's id (a commune room) or a user id (a delegate on
 * their own device), or null (the hall speaks, or nobody).
 */
export type Floor = string | null;

/** The key the floor names this party by (contract/media.ts floorKeyOf). */
export function floorKeyOf(p: Party): string | null {
  if (p.role === 'room') return p.meetingPointId;
  if (p.role === 'remote') return p.userId;
  return null;
}

export const holdsFloor = (p: Party, floor: Floor): boolean => floor !== null && floorKeyOf(p) === floor;

/** Whether `sender` may send media of this source at all. */
export function maySend(sender: Party, source: MediaSource, floor: Floor): boolean {
  if (sender.role === 'hall') return true;
  if (sender.role === 'room') return source !== 'screen' || holdsFloor(sender, floor);
  if (sender.role === 'remote') return source === 'camera' || holdsFloor(sender, floor);
  return false;
}

/** Whether `receiver` gets `sender`'s media of this source under the current floor. */
export function mayReceive(receiver: Party, sender: Party, source: MediaSource, floor: Floor): boolean {
  if (receiver.peerId === sender.peerId) return false;
  if (sender.role === 'hall') return true;
  if (sender.role !== 'room' && sender.role !== 'remote') return false;
  if (holdsFloor(sender, floor)) return true;
  return source === 'camera' && receiver.role === 'hall';
}

/**
 * Whether this sender's microphone may be live (forwarded) under the floor: the hall's and
 * the floor holder's only. A microphone that may not is paused on the server.
 */
export const micLive = (sender: Party, floor: Floor): boolean => sender.role === 'hall' || holdsFloor(sender, floor);
