import type { Deps } from '../../app/deps.js';
import { vnYear, type SignatureRoom } from '../../platform/pdf/official.js';
import { resolutionFileName } from '../export/fileNames.js';
import type { AgentPaper } from '../signing/agentPaper.js';
import type { Adoption } from './adoption.js';
import { inResolutionQueue } from './resolutionStore.js';
import { resolutionErrors } from './resolutionErrors.js';
import { resolutionFields, resolutionRenderer, resolutionSignatureOf, resolutionSigning, storeSignedResolution } from './resolutionSignature.js';
import { subjectOf } from './resolutionText.js';

/**
 * The resolution adopted by `a` as the chair signs it on a USB token through the desktop
 * agent: rendered as signResolution renders it (its NQ-HĐND number, the chair's name in
 * "TM. HỘI ĐỒNG NHÂN DÂN / CHỦ TỊCH"), without a signature field; stored as signResolution
 * stores it once sealed.
 */
export function resolutionAgentPaper(deps: Deps, a: Adoption): AgentPaper {
  return {
    ref: { paper: 'resolution', sittingId: a.sittingId, pollId: a.pollId },
    queue: (task) => inResolutionQueue(a.pollId, task),
    isSigned: async () => !!(await resolutionSignatureOf(deps, a.pollId)),
    alreadySigned: resolutionErrors.alreadySigned,
    async prepare(signer, revision, signedAt) {
      const r = await resolutionSigning(deps, a, signer, revision, signedAt);
      let room: SignatureRoom | null = null;
      const pdf = await resolutionRenderer(r)((_doc, chairs) => { room = chairs; });
      return { pdf, room, fileName: `chua-ky-${resolutionFileName(r.number, vnYear(signedAt), subjectOf(a.title))}`, councilId: r.councilId };
    },
    async toSeal(signer, revision, signedAt) {
      const r = await resolutionSigning(deps, a, signer, revision, signedAt);
      return {
        council: a.council, privateKey: r.recordSigner.privateKey, field: resolutionFields(r).sealAfterPerson,
        store: async (pdf, audit) => (await storeSignedResolution(deps, r, pdf, audit)).fresh,
        announce: () => deps.events.publish('resolution.signed', { sittingId: a.sittingId, sessionId: a.sessionId, pollId: a.pollId }),
      };
    },
  };
}
