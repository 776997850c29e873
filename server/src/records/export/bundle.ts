import { Types } from 'mongoose';
import type { Deps } from '../../app/deps.js';
import { errors } from '../../platform/errors.js';
import { canonicalJson, HASHED_FIELDS } from '../../audit/hash.js';
import { readGridFile } from './gridFile.js';
import { tallyRecordName, tallyRecordPdf, type TallyPoll } from '../minutes/tallyRecord.js';
import { councilKey } from '../signing/signingKeys.js';
import { sha256Hex, signatureFileBytes, signPayload } from '../signing/signature.js';
import { slug } from './fileNames.js';
import type { SignatureLean } from '../signing/sign.js';
import { buildZip, type ZipFile } from './zip.js';
import { chains } from '../../audit/chains.js';
import { recordingForBundle, type BundleRecording } from './recordingFiles.js';
import { resolutionsForBundle, type BundleResolution } from './resolutionFiles.js';

export const MANIFEST = 'manifest.json';
export const MANIFEST_SIG = 'manifest.sig.json';

/** One file of the bundle as the manifest lists it. */
export interface ManifestFile { path: string; sha256: string; bytes: number; kind: 'document' | 'minutes' | 'minutes_signature' | 'resolution' | 'resolution_signature' | 'tally_record' | 'audit' | 'recording' | 'recording_playlist'; title?: string; version?: number }

/** manifest.json: what the bundle holds, each file with its SHA-256; signed in manifest.sig.json. */
export interface Manifest {
  format: 'hdnd-bundle/1';
  council: { id: string; name: string };
  session: { id: string; title: string };
  createdAt: string;
  createdBy: string;
  files: ManifestFile[];
  sittings: Array<{ sittingId: string; title: string; minutes: 'signed' | 'not_signed'; file: string | null; signature: string | null }>;
  /** The session's signed resolutions (nghị quyết), each PDF with its signature file. */
  resolutions: BundleResolution[];
  auditChains: Array<{ chain: string; file: string; entries: number; head: string | null }>;
  /** The sittings' recordings (public parts of the webcast): segments and a playable list per sitting. */
  recordings: BundleRecording[];
}

const PROJECTION = { _id: 0, ...Object.fromEntries([...HASHED_FIELDS, 'hash'].map((f) => [f, 1])) };

async function auditFile(deps: Deps, chain: string): Promise<{ file: ZipFile; entries: number; head: string | null } | null> {
  const entries = await deps.models.AuditEntry.find({ chain }, PROJECTION).sort({ seq: 1 }).lean<Array<{ hash: string }>>();
  if (entries.length === 0) return null;
  const text = entries.map((e) => canonicalJson(e)).join('\n') + '\n';
  return { file: { name: `audit/${chain.replace(':', '-')}.jsonl`, bytes: Buffer.from(text, 'utf8') }, entries: entries.length, head: entries[entries.length - 1]!.hash };
}

/**
 * The archive bundle of a session (gói lưu trữ): every document version (bytes from GridFS),
 * each sitting's signed minutes with its signature file, every signed resolution with its
 * signature file, every closed poll round's sealed
 * tally record, the audit chains of the sittings and
 * documents as JSON lines, each sitting's recording (segments and playlist), and
 * manifest.json with the SHA-256 of every file, signed with the
 * council's key in manifest.sig.json. Built in memory (fine for dossiers of some hundred MB).
 */
export async function buildBundle(deps: Deps, sessionId: string, by: { userId: string; name: string; role: string }): Promise<{ zip: Uint8Array; manifest: Manifest }> {
  const session = Types.ObjectId.isValid(sessionId) ? await deps.models.CouncilSession.findById(sessionId).lean() : null;
  if (!session) throw errors.notFound('kỳ họp');
  const council = await deps.models.Council.findById(session.councilId).lean();
  if (!council) throw errors.notFound('hội đồng');
  const [docs, sittings] = await Promise.all([
    deps.models.Document.find({ sessionId: session._id }).sort({ createdAt: 1 }).lean(),
    deps.models.Sitting.find({ sessionId: session._id }).sort({ createdAt: 1 }).lean(),
  ]);
  const signatures = await deps.models.MinutesSignature.find({ _id: { $in: sittings.map((s) => String(s._id)) } }).lean<SignatureLean[]>();
  const files: Array<ZipFile & { meta: Omit<ManifestFile, 'path' | 'sha256' | 'bytes'> }> = [];

  for (const [i, d] of docs.entries()) {
    files.push({ name: `documents/${String(i + 1).padStart(3, '0')}-${slug(d.title)}-v${d.version}.pdf`, bytes: await readGridFile(deps, d.fileId), meta: { kind: 'document', title: d.title, version: d.version } });
  }
  const sittingRows: Manifest['sittings'] = [];
  for (const s of sittings) {
    const sig = signatures.find((x) => x._id === String(s._id));
    const base = `minutes/${slug(s.title, 40)}-${String(s._id).slice(-6)}.pdf`;
    if (sig) {
      files.push({ name: base, bytes: await readGridFile(deps, sig.fileId), meta: { kind: 'minutes', title: s.title } });
      files.push({ name: `${base}.sig.json`, bytes: signatureFileBytes(sig.record), meta: { kind: 'minutes_signature', title: s.title } });
    }
    sittingRows.push({ sittingId: String(s._id), title: s.title, minutes: sig ? 'signed' : 'not_signed', file: sig ? base : null, signature: sig ? `${base}.sig.json` : null });
  }
  const resolutions = await resolutionsForBundle(deps, String(session._id));
  files.push(...resolutions.files);
  // Every closed round's tally record, sealed (on first use, as a download would).
  const polls = await deps.models.Poll.find({ sittingId: { $in: sittings.map((s) => s._id) } }).sort({ createdAt: 1 }).lean<TallyPoll[]>();
  const closed = new Set((await deps.models.PollClosure.find({ _id: { $in: polls.flatMap((p) => Array.from({ length: p.round }, (_, r) => `${String(p._id)}:${r + 1}`)) } }, { _id: 1 }).lean<Array<{ _id: string }>>()).map((c) => c._id));
  for (const p of polls) {
    for (let round = 1; round <= p.round; round++) {
      if (!closed.has(`${String(p._id)}:${round}`)) continue;
      files.push({ name: `tally/${String(p._id).slice(-6)}-${tallyRecordName(p.title, round)}`, bytes: await tallyRecordPdf(deps, p, round), meta: { kind: 'tally_record', title: p.title } });
    }
  }
  const recordings: BundleRecording[] = [];
  for (const s of sittings) {
    const r = await recordingForBundle(deps, s);
    if (!r) continue;
    files.push(...r.files);
    recordings.push(r.row);
  }
  const auditChains: Manifest['auditChains'] = [];
  for (const chain of [...sittings.map((s) => chains.sitting(String(s._id))), ...docs.map((d) => chains.document(String(d._id)))]) {
    const a = await auditFile(deps, chain);
    if (!a) continue;
    files.push({ ...a.file, meta: { kind: 'audit' } });
    auditChains.push({ chain, file: a.file.name, entries: a.entries, head: a.head });
  }

  const createdAt = new Date();
  createdAt.setUTCMilliseconds(0);
  const manifest: Manifest = {
    format: 'hdnd-bundle/1',
    council: { id: String(council._id), name: council.name },
    session: { id: String(session._id), title: session.title },
    createdAt: createdAt.toISOString(),
    createdBy: by.name,
    files: files.map((f) => ({ path: f.name, sha256: sha256Hex(f.bytes), bytes: f.bytes.length, ...f.meta })),
    sittings: sittingRows,
    resolutions: resolutions.rows,
    auditChains,
    recordings,
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const councilSigner = await councilKey(deps, council);
  const { key } = councilSigner;
  const sig = await signPayload({
    purpose: 'bundle_manifest',
    file: { name: MANIFEST, sha256: sha256Hex(manifestBytes), bytes: manifestBytes.length },
    council: { id: String(council._id), name: council.name },
    signer: { userId: by.userId, name: by.name, role: by.role },
    subject: { sessionId: String(session._id), sittingId: null, revision: null },
    signedAt: manifest.createdAt,
    key,
  }, councilSigner);
  const zip = buildZip([...files, { name: MANIFEST, bytes: manifestBytes }, { name: MANIFEST_SIG, bytes: signatureFileBytes(sig) }], createdAt);
  return { zip, manifest };
}
