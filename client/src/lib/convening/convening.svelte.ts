import type { ConveningRequest, ConveningView } from '../../../../contract/convening.js';
import { ViewStore } from '../viewStore.svelte.js';

/**
 * A session's convening as the secretariat's page works on it: load the papers, invitees and
 * read status; generate the invitations; send (or send again). Every write answers the view.
 */
export class SessionConvening extends ViewStore<ConveningView> {
  readonly sessionId: string;

  constructor(sessionId: string) {
    super();
    this.sessionId = sessionId;
  }

  get base(): string {
    return `/api/sessions/${this.sessionId}/convening`;
  }

  protected get url(): string {
    return this.base;
  }

  load = () => this.run('GET', '');
  generate = (details: Pick<ConveningRequest, 'number' | 'place' | 'signerTitle' | 'signerName'>) => this.run('POST', '', { ...details, send: false } satisfies ConveningRequest);
  send = (opts: { resend?: boolean; userIds?: string[] } = {}) =>
    this.run('POST', '', { send: true, resend: opts.resend ?? false, ...(opts.userIds ? { userIds: opts.userIds } : {}) } satisfies ConveningRequest);
}
