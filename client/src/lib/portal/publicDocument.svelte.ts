import type { PublicDocument } from '../../../../contract/portal.js';
import { FileError } from '../viewer/docStore.js';
import { openPdf } from '../viewer/pdf.js';
import { OpenDocument } from '../viewer/viewer.svelte.js';

/**
 * A public document in the members' viewer (page view, zoom, navigation): the same pdf.js
 * set-up, but its bytes come from the portal's public file URL, and nothing is kept offline.
 */
export class PublicOpenDocument extends OpenDocument {
  readonly file: PublicDocument;

  constructor(file: PublicDocument) {
    super(file.id);
    this.file = file;
  }

  override async open(): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.file.fileUrl, { credentials: 'omit' });
    } catch {
      this.error = new FileError('offline');
      return;
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      this.error = new FileError(res.status === 404 ? 'not_found' : 'server');
      return;
    }
    try {
      this.pdf = await openPdf(new Uint8Array(await res.arrayBuffer()));
    } catch {
      this.error = new FileError('server');
      return;
    }
    this.go(this.page);
  }
}
