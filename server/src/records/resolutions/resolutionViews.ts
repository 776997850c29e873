import type { Role } from '../../../../contract/roles.js';
import type { ResolutionSummary, ResolutionView } from '../../../../contract/resolutions.js';
import type { Deps } from '../../app/deps.js';
import { numberAndSymbol } from '../../platform/pdf/official.js';
import { namesById } from '../views.js';
import type { Adoption } from './adoption.js';
import { RESOLUTION_SYMBOL } from './resolutionPdf.js';
import { resolutionRevisionsOf } from './resolutionStore.js';
import type { ResolutionSignatureLean } from './resolutionSignature.js';

/** Who drafts and edits resolutions; who signs them (the council's chair, "TM. HỘI ĐỒNG NHÂN DÂN / CHỦ TỊCH"). */
export const RESOLUTION_EDITORS: readonly Role[] = ['secretariat'];
export const RESOLUTION_SIGNERS: readonly Role[] = ['chair'];
/** Who sees drafts (delegates see signed resolutions only). */
export const RESOLUTION_STAFF: readonly Role[] = ['secretariat', 'chair'];

export const resolutionNumberText = (n: number) => numberAndSymbol(n, RESOLUTION_SYMBOL);

export async function resolutionView(deps: Deps, a: Adoption, roles: readonly Role[], signed: ResolutionSignatureLean | null): Promise<ResolutionView> {
  const revisions = await resolutionRevisionsOf(deps, a.pollId);
  const latest = revisions.at(-1) ?? null;
  const [names, signer] = await Promise.all([namesById(deps, revisions.map((r) => r.by)), signed ? namesById(deps, [signed.signedBy]) : null]);
  const status = signed ? 'signed' : latest ? 'draft' : 'none';
  return {
    pollId: a.pollId, sessionId: a.sessionId, sittingId: a.sittingId, title: a.title, adoption: a.view, status,
    revision: latest?.revision ?? 0, text: latest?.text ?? '',
    revisions: revisions.map((r) => ({ revision: r.revision, kind: r.kind, byName: names.get(String(r.by)) ?? '', at: new Date(r.at).toISOString() })),
    signature: signed ? {
      number: resolutionNumberText(signed.number), revision: signed.revision, fileName: signed.fileName, sha256: signed.sha256, bytes: signed.bytes,
      signedAt: new Date(signed.signedAt).toISOString(), signerName: signer?.get(String(signed.signedBy)) ?? '',
    } : null,
    canEdit: !signed && roles.some((r) => RESOLUTION_EDITORS.includes(r)),
    canSign: !signed && latest !== null && roles.some((r) => RESOLUTION_SIGNERS.includes(r)),
  };
}

export function resolutionSummary(a: { pollId: string; title: string; sittingId: string; sittingTitle: string; view: Adoption['view'] }, status: ResolutionSummary['status'], signed: ResolutionSignatureLean | null): ResolutionSummary {
  return { pollId: a.pollId, title: a.title, sittingId: a.sittingId, sittingTitle: a.sittingTitle, adoption: a.view, status, number: signed ? resolutionNumberText(signed.number) : null };
}
