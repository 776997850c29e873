import type { PublicDelegate, PublicDelegateList } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { loadPublicCouncil } from './councils.js';
import { isPublicSession, publicSittingsOf } from './visibility.js';

const ATTENDED = new Set(['hall', 'online']);

/**
 * A council's delegates (and its chair) by name, with their attendance record at public
 * sittings held: those closed (status `closed`), not behind closed doors, in a public session.
 * Closed sittings (họp kín) count neither way. Nothing else of a person is shown.
 */
export async function buildDelegates(deps: Deps, councilId: string): Promise<PublicDelegateList> {
  const { council, view } = await loadPublicCouncil(deps, councilId);
  const sessions = (await deps.models.CouncilSession.find({ councilId: council._id }, { status: 1, cancelledAt: 1 }).lean()).filter(isPublicSession);
  const held = (await publicSittingsOf(deps, sessions.map((s) => s._id))).filter((s) => s.status === 'closed');
  const attended = new Map<string, number>();
  for (const s of held) {
    const present = new Set((s.attendance ?? []).filter((a) => a.userId && ATTENDED.has(a.status ?? '')).map((a) => a.userId!));
    for (const id of present) attended.set(id, (attended.get(id) ?? 0) + 1);
  }
  const memberships = await deps.models.Membership.find({ councilId: council._id, role: { $in: ['delegate', 'chair'] } }, { userId: 1, role: 1, unitId: 1 }).lean();
  const byUser = new Map<string, { role: 'delegate' | 'chair'; unitId: string | null }>();
  for (const m of memberships) {
    const id = String(m.userId);
    const prev = byUser.get(id);
    byUser.set(id, { role: prev?.role === 'chair' || m.role === 'chair' ? 'chair' : 'delegate', unitId: prev?.unitId ?? (m.unitId ? String(m.unitId) : null) });
  }
  const users = byUser.size ? await deps.models.User.find({ _id: { $in: [...byUser.keys()] } }, { displayName: 1 }).lean() : [];
  const unitIds = [...new Set([...byUser.values()].map((m) => m.unitId).filter((u): u is string => !!u))];
  const units = unitIds.length ? await deps.models.Unit.find({ _id: { $in: unitIds } }, { name: 1 }).lean() : [];
  const unitName = new Map(units.map((u) => [String(u._id), u.name]));
  const delegates: PublicDelegate[] = users.map((u) => {
    const m = byUser.get(String(u._id))!;
    return { id: String(u._id), name: u.displayName ?? '', role: m.role, unit: m.unitId ? unitName.get(m.unitId) ?? null : null, attended: attended.get(String(u._id)) ?? 0, held: held.length };
  }).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return { council: view, held: held.length, delegates };
}
