import type { MinutesRevisionView, MinutesView } from '../../../../contract/records.js';
import { api } from '../api.js';
import { PaperStore } from './paperStore.svelte.js';
import type { SignablePaper } from './signable.js';

/**
 * The minutes of one sitting as the records page works on them: load, generate the draft from
 * what happened, save an edit on the revision shown, sign it (PaperStore).
 */
export class SittingMinutes extends PaperStore<MinutesView> implements SignablePaper {
  readonly kind = 'minutes' as const;
  readonly sittingId: string;
  revisions = $state<MinutesRevisionView[] | null>(null);

  constructor(sittingId: string) {
    super();
    this.sittingId = sittingId;
  }

  get base(): string {
    return `/api/sittings/${this.sittingId}`;
  }

  protected get url(): string {
    return `${this.base}/minutes`;
  }

  protected override viewChanged(): void {
    this.revisions = null;
  }

  load = () => this.run('GET', '');
  generate = () => this.run('POST', '/generate');
  save = (text: string, note: string) => this.run('PATCH', '', { baseRevision: this.revisionShown, text, note });

  /** Every revision with its text (the generated text and each edit). */
  async loadRevisions(): Promise<void> {
    const res = await api<MinutesRevisionView[]>('GET', `${this.url}/revisions`);
    if (res.ok) this.revisions = res.data;
    else this.error = res;
  }
}
