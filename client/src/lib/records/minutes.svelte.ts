import type { MinutesRevisionView, MinutesSignOptions, MinutesView } from '../../../../contract/records.js';
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
  /** Signs the revision shown; a PIN or OTP the service refused is the dialog's to show, not the page's. */
  async sign(secrets: { pin?: string; otp?: string } = {}): Promise<ApiError | null> {
    this.busy = true;
    const res = await api<MinutesView>('POST', `${this.base}/minutes/sign`, { revision: this.view?.revision ?? 0, ...secrets });
    this.busy = false;
    if (!res.ok) {
      if (!res.issues?.some((i) => i.path === 'pin' || i.path === 'otp')) this.error = res;
      return res;
    }
    this.view = res.data;
    this.error = null;
    return null;
  }

  /** How the current user signs: their own certificate (what it asks) before the seal, or the seal alone. */
  signOptions = () => api<MinutesSignOptions>('GET', `${this.base}/minutes/sign-options`);
  /** Asks the signing service to send the user's OTP. */
  sendOtp = () => api<{ sent: true }>('POST', `${this.base}/minutes/sign-otp`);

  /** Every revision with its text (the generated text and each edit). */
  async loadRevisions(): Promise<void> {
    const res = await api<MinutesRevisionView[]>('GET', `${this.base}/minutes/revisions`);
    if (res.ok) this.revisions = res.data;
    else this.error = res;
  }
}
