/**
 * Who hears and sees whom in a briefing (họp trực tuyến): a pure rule, tested on its own.
 * - the main hall (`hall`: chair, secretariat) is seen and heard by everyone;
 * - a commune room (`room`, điểm cầu) sends its camera to the chair's grid (hall peers only)
 *   and is heard by nobody, until the chair gives it the floor: then everyone hears and sees it;
 * - a `viewer` (delegate on a tablet, observer) only receives.
 */
export type PeerRole = 'hall' | 'room' | 'viewer';
export type MediaSource = 'mic' | 'camera' | 'screen';

export interface Party {
  peerId: string;
  role: PeerRole;
  meetingPointId: string | null;
}

/** The meeting point holding the floor now, or null. */
export type Floor = string | null;

export const holdsFloor = (p: Party, floor: Floor): boolean => p.role === 'room' && floor !== null && p.meetingPointId === floor;

/** Whether `sender` may send media of this source at all. */
export function maySend(sender: Party, source: MediaSource, floor: Floor): boolean {
  if (sender.role === 'hall') return true;
  if (sender.role === 'room') return source !== 'screen' || holdsFloor(sender, floor);
  return false;
}

/** Whether `receiver` gets `sender`'s media of this source under the current floor. */
export function mayReceive(receiver: Party, sender: Party, source: MediaSource, floor: Floor): boolean {
  if (receiver.peerId === sender.peerId) return false;
  if (sender.role === 'hall') return true;
  if (sender.role !== 'room') return false;
  if (holdsFloor(sender, floor)) return true;
  return source === 'camera' && receiver.role === 'hall';
}
