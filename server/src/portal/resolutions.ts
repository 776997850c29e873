import type { Types } from 'mongoose';
import type { PublicResolution } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { AppError } from '../platform/errors.js';
import { adoptedIn } from '../records/resolutions/adoption.js';
import type { ResolutionSignatureLean } from '../records/resolutions/resolutionSignature.js';
import { resolutionNumberText } from '../records/resolutions/resolutionViews.js';
import { subjectOf } from '../records/resolutions/resolutionText.js';
import { loadPublicSitting, oid, portalNotFound } from './visibility.js';

/** "Nghị quyết về ngân sách": the title the signed resolution bears ("NGHỊ QUYẾT / Về ngân sách"), from its vote's. */
function resolutionTitle(pollTitle: string): string {
  const subject = subjectOf(pollTitle);
  return `Nghị quyết ${subject.charAt(0).toLocaleLowerCase('vi')}${subject.slice(1)}`;
}

/** The signature record stays out: the public gets the signed PDF, not the records' metadata. */
const NO_RECORD = { record: 0 } as const;

/**
 * The resolutions a public sitting adopted, as the public sees them: only once signed (a
 * ResolutionSignature exists), with the figures of the vote that adopted them, in the order
 * they were signed (their numbers). Drafts and revisions are never shown.
 */
export async function publicResolutionsOf(deps: Deps, sitting: { _id: Types.ObjectId; sessionId: Types.ObjectId }): Promise<PublicResolution[]> {
  // By session first: the collection's index.
  const signed = await deps.models.ResolutionSignature.find({ sessionId: String(sitting.sessionId), sittingId: String(sitting._id) }, NO_RECORD)
    .sort({ signedAt: 1, number: 1 }).lean<ResolutionSignatureLean[]>();
  if (signed.length === 0) return [];
  const adopted = new Map((await adoptedIn(deps, [sitting._id])).map((a) => [String(a.poll._id), a]));
  return signed.flatMap((r) => {
    const a = adopted.get(r._id);
    return a ? [{
      pollId: r._id, number: resolutionNumberText(r.number), title: resolutionTitle(a.poll.title), adoptedAt: a.view.adoptedAt, yes: a.view.yes, electedTotal: a.view.electedTotal,
      signedAt: new Date(r.signedAt).toISOString(), fileName: r.fileName, bytes: r.bytes, sha256: r.sha256, fileUrl: `/api/public/resolutions/${r._id}/file`,
    }] : [];
  });
}

/**
 * The signed file of the resolution adopted by poll `pollId`, if that poll's sitting is public;
 * `not_found` otherwise, in the same words whether it is unknown, unsigned or not public.
 */
export async function loadPublicResolution(deps: Deps, pollId: string): Promise<ResolutionSignatureLean> {
  const signed = oid(pollId) ? await deps.models.ResolutionSignature.findById(pollId, NO_RECORD).lean<ResolutionSignatureLean>() : null;
  if (!signed) throw portalNotFound('nghị quyết');
  await loadPublicSitting(deps, signed.sittingId).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'not_found' ? portalNotFound('nghị quyết') : err;
  });
  return signed;
}
