import type { Deps } from '../../app/deps.js';
import { inMinutesQueue } from '../minutes/minutesStore.js';
import { recordErrors } from '../errors.js';
import { openPdfSealing } from './pdfSealing.js';
import { openPersonSigner } from './personSigning.js';
import { signPaperPdf } from './paperPdfSigning.js';
import { minutesRenderer, minutesSigning, signatureFields, signatureLooks, signatureOf, storeSignedMinutes, type MinutesSigner, type SignatureLean } from './minutesSigning.js';

export { signatureOf, type SignatureLean } from './minutesSigning.js';

/**
 * Signs revision `revision` (the one the signer reviewed, which must be the latest) once the
 * sitting has closed: renders the final PDF with the signature block, stores it in GridFS,
 * signs its SHA-256 with the council's key, and records the signature under _id = sittingId
 * (written once: a second signer gets the first signature back, or a conflict if they
 * reviewed another revision). Acknowledged after the signature is stored and audited. With
 * person signing configured the signer signs first with their own certificate (`secrets`: the
 * PIN/OTP they typed), the seal after. (A USB token signs through agentTicket.ts instead.)
 */
export function signMinutes(deps: Deps, sittingId: string, signer: MinutesSigner, revision: number, secrets: { pin?: string; otp?: string } = {}): Promise<SignatureLean> {
  return inMinutesQueue(sittingId, async () => {
    const existing = await signatureOf(deps, sittingId);
    if (existing) {
      if (existing.revision === revision) return existing;
      throw recordErrors.alreadySigned();
    }
    const m = await minutesSigning(deps, sittingId, signer, revision, new Date());
    const sealing = await openPdfSealing(deps, m.council, m.privateKey, m.signedAt);
    let pdf: Buffer;
    try {
      const render = await minutesRenderer(deps, m, sealing.certificateFingerprint);
      const person = await openPersonSigner(deps, signer.userId, secrets);
      const fields = signatureFields(m);
      // The PDF carries its own signatures (which readers show); the Ed25519 signature then covers the final bytes.
      const looks = signatureLooks(m);
      pdf = await signPaperPdf(deps, (addField) => render((doc, rooms) => addField(doc, rooms[looks.room])), sealing,
        person ? { signer: person, field: fields.person } : null,
        person ? fields.sealAfterPerson : fields.sealAlone, looks);
    } finally {
      await sealing.close();
    }
    return (await storeSignedMinutes(deps, m, pdf)).doc;
  });
}
