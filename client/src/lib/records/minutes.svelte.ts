import type { MinutesRevisionView, MinutesView } from '../../../../contract/records.js';
import { api, type ApiError } from '../api.js';

/**
 * The minutes of one sitting as the records page works on them: load, generate the draft from
 * what happened, save an edit on the revision shown, sign it. Every write answers the new view.
 */
export class SittingMinutes {
  readonly sittingId: string;
  view = $state<MinutesView | null>(null);
  revisions = $state<MinutesRevisionView[] | null>(null);
  error = $state<ApiError | null>(null);
  busy = $state(false);

  constructor(sittingId: string) {
    this.sittingId = sittingId;
  }

  get base(): string {
    return `/api/sittings/${this.sittingId}`;
  }

  async #run(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<ApiError | null> {
    this.busy = true;
    const res = await api<MinutesView>(method, `${this.base}${path}`, body);
    this.busy = false;
    if (!res.ok) {
      this.error = res;
      return res;
    }
    this.view = res.data;
    this.error = null;
    this.revisions = null;
    return null;
  }

  load = () => this.#run('GET', '/minutes');
  generate = () => this.#run('POST', '/minutes/generate');
  save = (text: string, note: string) => this.#run('PATCH', '/minutes', { baseRevision: this.view?.revision ?? 0, text, note });
  sign = () => this.#run('POST', '/minutes/sign', { revision: this.view?.revision ?? 0 });

  /** Every revision with its text (the generated text and each edit). */
  async loadRevisions(): Promise<void> {
    const res = await api<MinutesRevisionView[]>('GET', `${this.base}/minutes/revisions`);
    if (res.ok) this.revisions = res.data;
    else this.error = res;
  }
}
