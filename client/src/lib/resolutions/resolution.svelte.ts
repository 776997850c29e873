import type { ResolutionList, ResolutionView } from '../../../../contract/resolutions.js';
import { api } from '../api.js';
import { PaperStore } from '../records/paperStore.svelte.js';
import type { SignablePaper } from '../records/signable.js';

/** The resolutions a session adopted, as its page lists them. */
export async function loadResolutions(sessionId: string) {
  return api<ResolutionList>('GET', `/api/sessions/${sessionId}/resolutions`);
}

/**
 * One adopted resolution as its page works on it: load, draft it (once), save an edit on the
 * revision shown, sign it (the chair: on the server, or with a USB token through the desktop
 * agent; PaperStore).
 */
export class AdoptedResolution extends PaperStore<ResolutionView> implements SignablePaper {
  readonly kind = 'resolution' as const;
  readonly pollId: string;

  constructor(pollId: string) {
    super();
    this.pollId = pollId;
  }

  get base(): string {
    return `/api/polls/${this.pollId}/resolution`;
  }

  protected get url(): string {
    return this.base;
  }

  load = () => this.run('GET', '');
  draft = () => this.run('POST', '');
  save = (text: string) => this.run('PATCH', '', { baseRevision: this.revisionShown, text });
}
