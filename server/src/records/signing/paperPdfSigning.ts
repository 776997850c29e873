import type { PDFDocument } from 'pdf-lib';
import type { Deps } from '../../app/deps.js';
import { addPadesPlaceholder, signPades, type PadesFieldInfo } from '../../signing/pdf/pades.js';
import type { RemoteSigner } from '../../signing/remote/cscSigner.js';
import type { SignatureRoom } from '../../platform/pdf/official.js';
import type { PdfSealing } from './pdfSealing.js';
import { asPersonError } from './personSigning.js';
import { personLook, sealLook, signatureRect } from './signatureLooks.js';

/** The names the signatures' looks show. */
export interface SignatureNames { personName: string; councilName: string }

/**
 * A council's paper (minutes, a resolution) signed in Decree 30/2020's order: the person who signs (chair or secretary)
 * with their own certificate when one is configured, then the council's seal appended over it
 * as an incremental update; otherwise the seal alone. Both are visible in the signer's block
 * (signatureLooks.ts). `render` builds the PDF with the first field in the signer's room. Either the whole
 * signed file comes back or an error (nothing half-signed).
 */
export async function signPaperPdf(deps: Deps, render: (addField: (doc: PDFDocument, room: SignatureRoom) => Promise<void>) => Promise<Uint8Array>,
  sealing: PdfSealing, person: { signer: RemoteSigner; field: PadesFieldInfo } | null, seal: PadesFieldInfo, looks: SignatureNames): Promise<Buffer> {
  if (!person) {
    return sealing.sign(await render((doc, room) => sealing.addPlaceholder(doc, seal, sealLook(signatureRect(room), room.page, looks.councilName))));
  }
  let signature: ReturnType<typeof personLook> | undefined;
  const prepared = await render((doc, room) => {
    signature = personLook(room, { name: looks.personName, signedAt: person.field.signedAt });
    return addPadesPlaceholder(doc, person.field, { development: false }, signature);
  });
  const { SIGNING_RSA_PADDING, SIGNING_TSA_URL: tsa } = deps.config;
  // A service that signs with one padding only (SmartCA: PKCS#1 v1.5) decides it for the person's signature.
  const rsaPadding = person.signer.rsaPadding ?? SIGNING_RSA_PADDING;
  const byPerson = await signPades(prepared, { signer: person.signer, scheme: { hash: 'SHA-256', rsaPadding }, ...(tsa ? { tsa: { url: tsa } } : {}) })
    .catch((err: unknown) => { throw asPersonError(err); });
  return sealing.sign(await sealing.appendPlaceholder(byPerson, seal, sealLook(signature!.rect, signature!.page, looks.councilName)));
}
