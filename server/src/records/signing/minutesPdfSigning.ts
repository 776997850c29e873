import type { PDFDocument } from 'pdf-lib';
import type { Deps } from '../../app/deps.js';
import { addPadesPlaceholder, signPades, type PadesFieldInfo } from '../../signing/pdf/pades.js';
import type { RemoteSigner } from '../../signing/remote/cscSigner.js';
import type { PdfSealing } from './pdfSealing.js';
import { asPersonError } from './personSigning.js';

/**
 * The minutes PDF signed in Decree 30/2020's order: the person who signs (chair or secretary)
 * with their own certificate when one is configured, then the council's seal appended over it
 * as an incremental update; otherwise the seal alone. `render` builds the PDF with the first
 * field in it. Either the whole signed file comes back or an error (nothing half-signed).
 */
export async function signMinutesPdf(deps: Deps, render: (addField: (doc: PDFDocument) => void) => Promise<Uint8Array>,
  sealing: PdfSealing, person: { signer: RemoteSigner; field: PadesFieldInfo } | null, seal: PadesFieldInfo): Promise<Buffer> {
  if (!person) return sealing.sign(await render((doc) => sealing.addPlaceholder(doc, seal)));
  const prepared = await render((doc) => addPadesPlaceholder(doc, person.field, { development: false }));
  const { SIGNING_RSA_PADDING: rsaPadding, SIGNING_TSA_URL: tsa } = deps.config;
  const byPerson = await signPades(prepared, { signer: person.signer, scheme: { hash: 'SHA-256', rsaPadding }, ...(tsa ? { tsa: { url: tsa } } : {}) })
    .catch((err: unknown) => { throw asPersonError(err); });
  return sealing.sign(await sealing.appendPlaceholder(byPerson, seal));
}
