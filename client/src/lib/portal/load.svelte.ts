import type { ApiError, ApiResult } from '../api.js';

/**
 * One portal view being loaded: its data once here, or the error (shown with a retry).
 * `reload` asks again without dropping what is already shown.
 */
export class Loaded<T> {
  data = $state.raw<T | null>(null);
  error = $state.raw<ApiError | null>(null);
  loading = $state(false);
  readonly #fetch: () => Promise<ApiResult<T>>;

  constructor(fetcher: () => Promise<ApiResult<T>>) {
    this.#fetch = fetcher;
  }

  async reload(): Promise<void> {
    this.loading = true;
    const res = await this.#fetch();
    this.loading = false;
    if (res.ok) {
      this.data = res.data;
      this.error = null;
    } else {
      this.error = res;
    }
  }
}
