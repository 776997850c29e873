import type { CouncilMemberView } from '../../../../contract/org.js';
import { api, type ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { auth } from '../session.svelte.js';
import { rolesIn } from './commands.js';

/**
 * Delegates' names for one council. The member list is open to the council's admin and
 * secretariat only, so other screens know just their own user's name and show the rest
 * as "Đại biểu …1a2b" until the server offers names to every participant.
 */
export class MemberNames {
  members = $state.raw<CouncilMemberView[] | null>(null);
  /** Why the list could not be read (only asked for when the user may read it). */
  error = $state<ApiError | null>(null);
  #councilId: string | null = null;

  /** Loads the list once per council, when the user may read it. */
  async load(councilId: string): Promise<void> {
    if (this.#councilId === councilId) return;
    this.#councilId = councilId;
    const roles = rolesIn(councilId);
    if (!roles.has('secretariat') && !roles.has('admin')) return;
    const res = await api<CouncilMemberView[]>('GET', `/api/org/councils/${councilId}/memberships`);
    if (this.#councilId !== councilId) return;
    if (res.ok) this.members = res.data;
    else this.error = res;
  }

  /** Delegates (and the chair, who may also speak), one entry per person, by name. */
  delegates = $derived.by(() => {
    const byUser = new Map<string, CouncilMemberView>();
    for (const m of this.members ?? []) if (m.role === 'delegate') byUser.set(m.userId, m);
    return [...byUser.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi'));
  });

  #byUser = $derived(new Map((this.members ?? []).map((m) => [m.userId, m.displayName])));

  nameOf(userId: string): string {
    if (auth.me?.id === userId) return auth.me.displayName;
    return this.#byUser.get(userId) ?? t('sitting.delegate', { id: `…${userId.slice(-4)}` });
  }
}
