import { errors } from '../platform/errors.js';

/** Refuses any preparation or opening in a cancelled session (kỳ họp đã hủy). */
export function assertNotCancelled(s: { cancelledAt?: Date | null }): void {
  if (s.cancelledAt) throw errors.conflict('Kỳ họp đã bị hủy; không thể thực hiện thao tác này. / The session has been cancelled; this cannot be done.');
}
