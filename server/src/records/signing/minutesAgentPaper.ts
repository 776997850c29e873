import type { Deps } from '../../app/deps.js';
import type { SignatureRoom } from '../../platform/pdf/official.js';
import { minutesFileName } from '../export/fileNames.js';
import { inMinutesQueue } from '../minutes/minutesStore.js';
import { recordErrors } from '../errors.js';
import type { AgentPaper } from './agentPaper.js';
import { openPdfSealing } from './pdfSealing.js';
import { minutesRenderer, minutesSigning, signatureFields, signatureLooks, signatureOf, storeSignedMinutes } from './minutesSigning.js';

/**
 * The minutes of sitting `sittingId` as a desktop agent signs them: rendered as signMinutes
 * renders them (number, signature block naming the seal's certificate), without a signature
 * field; stored as signMinutes stores them once sealed.
 */
export function minutesAgentPaper(deps: Deps, sittingId: string): AgentPaper {
  return {
    ref: { paper: 'minutes', sittingId, pollId: null },
    queue: (task) => inMinutesQueue(sittingId, task),
    isSigned: async () => !!(await signatureOf(deps, sittingId)),
    alreadySigned: recordErrors.alreadySigned,
    async prepare(signer, revision, signedAt) {
      const m = await minutesSigning(deps, sittingId, signer, revision, signedAt);
      const sealing = await openPdfSealing(deps, m.council, m.privateKey, m.signedAt);
      try {
        let room: SignatureRoom | null = null;
        // No field: the agent appends its own. The signer's block is kept for the seal's look.
        const pdf = await (await minutesRenderer(deps, m, sealing.certificateFingerprint))((_doc, rooms) => { room = rooms[signatureLooks(m).room]; });
        return { pdf, room, fileName: `chua-ky-${minutesFileName(m.sitting.title, m.signedAt)}`, councilId: String(m.council._id) };
      } finally {
        await sealing.close();
      }
    },
    async toSeal(signer, revision, signedAt) {
      const m = await minutesSigning(deps, sittingId, signer, revision, signedAt);
      return {
        council: m.council, privateKey: m.privateKey, field: signatureFields(m).sealAfterPerson,
        store: async (pdf, audit) => (await storeSignedMinutes(deps, m, pdf, audit)).fresh,
        announce: () => deps.events.publish('minutes.signed', { sittingId, sessionId: String(m.sitting.sessionId) }),
      };
    },
  };
}
