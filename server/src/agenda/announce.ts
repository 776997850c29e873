import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { forgetSessionContext } from '../sitting/context.js';

/** Tells every screen following a sitting of this session that the agenda changed. */
export async function announceAgendaChange(deps: Deps, sessionId: Types.ObjectId | string): Promise<void> {
  forgetSessionContext(deps, String(sessionId));
  const sittings = await deps.models.Sitting.find({ sessionId: new Types.ObjectId(String(sessionId)) }, { _id: 1 }).lean();
  for (const s of sittings) deps.realtime?.toSitting(String(s._id), 'agenda:changed', { sessionId: String(sessionId) });
}
