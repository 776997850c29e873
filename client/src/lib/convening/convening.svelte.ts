import type { ConveningRequest, ConveningView } from '../../../../contract/convening.js';
import { api, type ApiError } from '../api.js';

/**
 * A session's convening as the secretariat's page works on it: load the papers, invitees and
 * read status; generate the invitations; send (or send again). Every write answers the view.
 */
export class SessionConvening {
  readonly sessionId: string;
  view = $state<ConveningView | null>(null);
  error = $state<ApiError | null>(null);
  busy = $state(false);

  constructor(sessionId: string) {
    this.sessionId = sessionId;
  }

  get base(): string {
    return `/api/sessions/${this.sessionId}/convening`;
  }

  async #run(method: 'GET' | 'POST', body?: ConveningRequest): Promise<ApiError | null> {
    this.busy = true;
    const res = await api<ConveningView>(method, this.base, body);
    this.busy = false;
    if (!res.ok) {
      this.error = res;
      return res;
    }
    this.view = res.data;
    this.error = null;
    return null;
  }

  load = () => this.#run('GET');
  generate = (details: Pick<ConveningRequest, 'number' | 'place' | 'signerTitle' | 'signerName'>) => this.#run('POST', { ...details, send: false });
  send = (opts: { resend?: boolean; userIds?: string[] } = {}) => this.#run('POST', { send: true, resend: opts.resend ?? false, ...(opts.userIds ? { userIds: opts.userIds } : {}) });
}
