import { api, type ApiError } from './api.js';

/**
 * What a page works on through one API address (`url`): the view last answered, the last
 * error, and whether a request is under way. Every write answers the new view.
 */
export abstract class ViewStore<V> {
  view = $state<V | null>(null);
  error = $state<ApiError | null>(null);
  busy = $state(false);

  protected abstract get url(): string;

  /** Sends one write (or the load) to `url` + `path` and keeps the view it answers, or the error. */
  protected async run(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<ApiError | null> {
    this.busy = true;
    const res = await api<V>(method, `${this.url}${path}`, body);
    this.busy = false;
    if (!res.ok) {
      this.error = res;
      return res;
    }
    this.view = res.data;
    this.error = null;
    this.viewChanged();
    return null;
  }

  /** After a new view (a subclass forgets what belonged to the old one). */
  protected viewChanged(): void {}
}
