import type { AttendanceEntry } from './sitting.js';

/**
 * Where a delegate attends THIS sitting from (the room the floor goes to when they speak):
 * - checked in online at a meeting point: that point (the secretariat or the point's operator
 *   chose it for this sitting, whatever the membership says);
 * - checked in in the hall, or online from a personal device: the hall (null);
 * - not checked in as present (not yet, or absent): the meeting point of their membership.
 * Shared by the server (floor requests, what an operator may do) and the operator's screen.
 */
export function sittingRoomOf(attendance: readonly AttendanceEntry[], userId: string, membershipPoint: string | null | undefined): string | null {
  const entry = attendance.find((a) => a.userId === userId);
  if (entry?.status === 'online') return entry.meetingPointId ?? null;
  if (entry?.status === 'hall') return null;
  return membershipPoint ?? null;
}
