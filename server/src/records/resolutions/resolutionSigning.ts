import type { Deps } from '../../app/deps.js';
import { openPdfSealing } from '../signing/pdfSealing.js';
import { openPersonSigner } from '../signing/personSigning.js';
import { signPaperPdf } from '../signing/paperPdfSigning.js';
import type { Adoption } from './adoption.js';
import { inResolutionQueue } from './resolutionStore.js';
import { resolutionErrors } from './resolutionErrors.js';
import { resolutionFields, resolutionRenderer, resolutionSignatureOf, resolutionSigning, storeSignedResolution, type ResolutionSignatureLean } from './resolutionSignature.js';

/**
 * The chair signs revision `revision` (the one they reviewed, which must be the latest):
 * the number is taken in the council's yearly NQ-HĐND series, the PDF rendered with the
 * signature block, signed by the chair with their own certificate when person signing is
 * configured (`secrets`: the PIN/OTP they typed), then sealed with the council's seal; the
 * file stored once with its Ed25519 record, then audited. A second signing of the same
 * revision gets the first one back; of another revision, a conflict. (A USB token signs
 * through the desktop agent instead: resolutionAgentPaper.ts.)
 */
export function signResolution(deps: Deps, a: Adoption, chair: { userId: string }, revision: number, secrets: { pin?: string; otp?: string } = {}): Promise<ResolutionSignatureLean> {
  return inResolutionQueue(a.pollId, async () => {
    const existing = await resolutionSignatureOf(deps, a.pollId);
    if (existing) {
      if (existing.revision === revision) return existing;
      throw resolutionErrors.alreadySigned();
    }
    const r = await resolutionSigning(deps, a, chair, revision, new Date());
    const sealing = await openPdfSealing(deps, a.council, r.recordSigner.privateKey, r.signedAt);
    let pdf: Buffer;
    try {
      const person = await openPersonSigner(deps, chair.userId, secrets);
      const fields = resolutionFields(r);
      pdf = await signPaperPdf(deps, resolutionRenderer(r), sealing, person ? { signer: person, field: fields.person } : null,
        person ? fields.sealAfterPerson : fields.sealAlone, { personName: r.signerName, councilName: a.council.name });
    } finally {
      await sealing.close();
    }
    return (await storeSignedResolution(deps, r, pdf)).doc;
  });
}
