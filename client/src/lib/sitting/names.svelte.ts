import type { ParticipantView } from '../../../../contract/sitting.js';
import { api, type ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { auth } from '../auth/login.svelte.js';

/**
 * Delegates' names (and rooms) for one council, from the participants list every member
 * may read; contact details stay in the admin's member list.
 */
export class MemberNames {
  members = $state.raw<ParticipantView[] | null>(null);
  /** Why the list could not be read (only asked for when the user may read it). */
  error = $state<ApiError | null>(null);
  #councilId: string | null = null;

  /** Loads the list once per council, when the user may read it. */
  async load(councilId: string): Promise<void> {
    if (this.#councilId === councilId) return;
    this.#councilId = councilId;
    const res = await api<ParticipantView[]>('GET', `/api/councils/${councilId}/participants`);
    if (this.#councilId !== councilId) return;
    if (res.ok) this.members = res.data;
    else this.error = res;
  }

  /** Delegates (and the chair, who may also speak), one entry per person, by name. */
  delegates = $derived.by(() => {
    const byUser = new Map<string, ParticipantView>();
    for (const m of this.members ?? []) if (m.role === 'delegate') byUser.set(m.userId, m);
    return [...byUser.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi'));
  });

  #byUser = $derived(new Map((this.members ?? []).map((m) => [m.userId, m.displayName])));

  nameOf(userId: string): string {
    if (auth.me?.id === userId) return auth.me.displayName;
    return this.#byUser.get(userId) ?? t('sitting.delegate', { id: `…${userId.slice(-4)}` });
  }
}
