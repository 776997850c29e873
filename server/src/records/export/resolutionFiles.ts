import type { Types } from 'mongoose';
import type { SignatureRecord } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import type { ResolutionSignatureLean } from '../resolutions/resolutionSignature.js';
import { resolutionNumberText } from '../resolutions/resolutionViews.js';
import { signatureFileBytes } from '../signing/signature.js';
import { readGridFile } from './gridFile.js';
import type { ZipFile } from './zip.js';

/** A signed resolution as the bundle's manifest describes it. */
export interface BundleResolution { pollId: string; sittingId: string; title: string; number: string; signedAt: string; file: string; signature: string }

export type ResolutionZipFile = ZipFile & { meta: { kind: 'resolution' | 'resolution_signature'; title: string } };

/**
 * The session's signed resolutions for the archive bundle, in the order of their numbers:
 * each signed PDF under its own file name (`resolutions/nghi-quyet-01-2026-….pdf`, the name
 * its signature names) with its Ed25519 signature file beside it (`….pdf.sig.json`, the
 * bytes a minutes' signature file is written as). Drafts are never in the bundle.
 */
export async function resolutionsForBundle(deps: Deps, sessionId: string): Promise<{ files: ResolutionZipFile[]; rows: BundleResolution[] }> {
  const signed = await deps.models.ResolutionSignature.find({ sessionId }).sort({ signedAt: 1, number: 1 })
    .lean<Array<ResolutionSignatureLean & { record: SignatureRecord }>>();
  if (signed.length === 0) return { files: [], rows: [] };
  const polls = await deps.models.Poll.find({ _id: { $in: signed.map((r) => r._id) } }, { title: 1 }).lean<Array<{ _id: Types.ObjectId; title: string }>>();
  const titles = new Map(polls.map((p) => [String(p._id), p.title]));
  const files: ResolutionZipFile[] = [];
  const rows: BundleResolution[] = [];
  for (const r of signed) {
    const title = titles.get(r._id) ?? '';
    const file = `resolutions/${r.fileName}`;
    files.push({ name: file, bytes: await readGridFile(deps, r.fileId), meta: { kind: 'resolution', title } });
    files.push({ name: `${file}.sig.json`, bytes: signatureFileBytes(r.record), meta: { kind: 'resolution_signature', title } });
    rows.push({ pollId: r._id, sittingId: r.sittingId, title, number: resolutionNumberText(r.number), signedAt: new Date(r.signedAt).toISOString(), file, signature: `${file}.sig.json` });
  }
  return { files, rows };
}
