import type { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import type { FileVerdict, SignatureRecord, VerifyResult } from '../../../../contract/records.js';
import { ChainCheck, type StoredEntry } from '../../audit/chainCheck.js';
import { checkSignatureFile, fileMatches, sha256Hex } from '../signing/signature.js';
import { checkEmbeddedSignature, type EmbeddedCheck } from './embeddedCheck.js';
import { MANIFEST, MANIFEST_SIG } from '../export/bundle.js';
import { buildZip, firstDifference, readZipEntries, regionsOf } from '../export/zip.js';

/**
 * The verification core shared by the CLI (offline) and POST /api/records/verify: a minutes
 * PDF with its signature file, or an archive bundle (its signed minutes and resolutions each
 * checked against their signature files). Every problem names the file it is in.
 * Never throws on bad input. Whose key signed is reported as a fingerprint (the REST
 * endpoint also says which council registered it).
 */

export type Verdict = Omit<VerifyResult, 'registeredTo' | 'embedded'> & { embedded: EmbeddedCheck | null };

const ManifestShape = z.object({
  format: z.literal('hdnd-bundle/1'),
  createdAt: z.string(),
  files: z.array(z.object({ path: z.string(), sha256: z.string(), bytes: z.number(), kind: z.string() })),
});

const fail = (file: string, problem: string): FileVerdict => ({ file, ok: false, problem });
const pass = (file: string): FileVerdict => ({ file, ok: true, problem: null });

function verdict(kind: Verdict['kind'], files: FileVerdict[], record: SignatureRecord | null, embedded: EmbeddedCheck | null = null): Verdict {
  return {
    ok: files.length > 0 && files.every((f) => f.ok), kind, files, embedded,
    signer: record?.payload.signer ?? null, council: record?.payload.council ?? null, signedAt: record?.payload.signedAt ?? null, fingerprint: record?.payload.key.fingerprint ?? null,
  };
}

/** The problems of a minutes PDF: altered against its signature file, and a broken embedded signature (none is fine). */
function minutesFileProblem(record: SignatureRecord, file: Uint8Array, embedded: EmbeddedCheck): string | null {
  const problems = [fileMatches(record, file), embedded.present && !embedded.ok ? `chữ ký nhúng / embedded signature: ${embedded.problem}` : null].filter((p): p is string => p !== null);
  return problems.length ? problems.join('; ') : null;
}

/** A minutes PDF against its signature file, and the signature embedded in it (its chain reported against `anchors`). */
export function verifySignedFile(file: Uint8Array, fileName: string, sig: Uint8Array, sigName: string, anchors: X509Certificate[] = []): Verdict {
  const check = checkSignatureFile(sig);
  const embedded = checkEmbeddedSignature(file, anchors);
  if (!check.ok) return verdict('minutes', [fail(sigName, check.problem), { file: fileName, ok: false, problem: 'không kiểm tra được vì tệp chữ ký hỏng / not checked: the signature file is damaged' }], check.record, embedded);
  const problem = minutesFileProblem(check.record, file, embedded);
  return verdict('minutes', [pass(sigName), problem ? fail(fileName, problem) : pass(fileName)], check.record, embedded);
}

/** An audit chain exported as JSON lines: every link recomputed. */
function checkAuditLines(bytes: Uint8Array): string | null {
  const check = new ChainCheck();
  const lines = Buffer.from(bytes).toString('utf8').split('\n').filter((l) => l.trim() !== '');
  for (const line of lines) {
    let entry: unknown;
    try { entry = JSON.parse(line); } catch { entry = null; }
    if (typeof entry !== 'object' || entry === null) return 'một dòng nhật ký không đọc được / an audit line is not a JSON object';
    if (!check.push(entry as StoredEntry)) break;
  }
  const v = check.verdict();
  return v.ok ? null : `chuỗi nhật ký đứt ở mục ${v.firstBroken.seq} (${v.firstBroken.reason}) / the audit chain breaks at entry ${v.firstBroken.seq}`;
}

/** An archive bundle: the manifest's signature, every listed file's SHA-256, nothing unlisted, and the ZIP's own bytes. */
export function verifyBundle(zip: Uint8Array): Verdict {
  const entries = readZipEntries(zip, [MANIFEST, MANIFEST_SIG]);
  const manifestBytes = entries.get(MANIFEST);
  const sigBytes = entries.get(MANIFEST_SIG);
  if (!manifestBytes || !sigBytes) {
    const missing = [!manifestBytes ? MANIFEST : null, !sigBytes ? MANIFEST_SIG : null].filter((x): x is string => x !== null);
    return verdict('bundle', missing.map((m) => fail(m, 'không tìm thấy hoặc không đọc được trong gói / missing or unreadable in the bundle')), null);
  }
  const results: FileVerdict[] = [];
  const sig = checkSignatureFile(sigBytes);
  if (!sig.ok) results.push(fail(MANIFEST_SIG, sig.problem));
  else if (sig.record.payload.purpose !== 'bundle_manifest') results.push(fail(MANIFEST_SIG, 'không phải chữ ký của bản kê gói / not a bundle manifest signature'));
  else results.push(pass(MANIFEST_SIG));
  const record = sig.ok ? sig.record : null;
  let manifest: z.infer<typeof ManifestShape>;
  try {
    manifest = ManifestShape.parse(JSON.parse(Buffer.from(manifestBytes).toString('utf8')));
  } catch {
    results.push(fail(MANIFEST, 'bản kê hỏng, không đọc được / the manifest is damaged'));
    return verdict('bundle', results, record);
  }
  const manifestAltered = record ? fileMatches(record, manifestBytes) : null;
  results.push(manifestAltered ? fail(MANIFEST, manifestAltered) : record ? pass(MANIFEST) : fail(MANIFEST, 'không xác nhận được vì chữ ký bản kê hỏng / not confirmed: its signature is damaged'));

  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const bytes = entries.get(f.path);
    if (!bytes) { results.push(fail(f.path, 'có trong bản kê nhưng không có trong gói / listed in the manifest but missing')); continue; }
    if (bytes.length !== f.bytes || sha256Hex(bytes) !== f.sha256) { results.push(fail(f.path, 'nội dung đã bị thay đổi (SHA-256 không khớp bản kê) / altered: SHA-256 differs from the manifest')); continue; }
    const problem = f.kind === 'audit' ? checkAuditLines(bytes)
      : SIGNED_FILES.has(f.kind) ? signatureFileProblem(SIGNED_FILES.get(f.kind)!, bytes, entries.get(f.path.replace(/\.sig\.json$/, '')), record)
      : f.kind === 'recording_playlist' ? recordingPlaylistProblem(f.path, bytes, manifest) : null;
    results.push(problem ? fail(f.path, problem) : pass(f.path));
  }
  for (const name of entries.keys()) {
    if (!listed.has(name) && name !== MANIFEST && name !== MANIFEST_SIG) results.push(fail(name, 'không có trong bản kê / not listed in the manifest'));
  }
  if (results.every((r) => r.ok)) results.push(...containerProblems(zip, manifest, entries));
  return verdict('bundle', results, record);
}

/** A recording's playlist names only segments the manifest lists as the recording's (beside it), each once. */
function recordingPlaylistProblem(path: string, bytes: Uint8Array, manifest: z.infer<typeof ManifestShape>): string | null {
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  const segments = new Set(manifest.files.filter((f) => f.kind === 'recording' && f.path.startsWith(folder)).map((f) => f.path));
  const named = Buffer.from(bytes).toString('utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const missing = named.filter((n) => !segments.has(folder + n));
  if (missing.length) return `danh sách phát nêu đoạn ghi hình không có trong gói: ${missing.slice(0, 3).join(', ')} / the playlist names segments the bundle does not hold`;
  if (new Set(named).size !== named.length || named.length !== segments.size) return 'danh sách phát không khớp các đoạn ghi hình trong gói / the playlist does not match the recording\'s segments';
  return null;
}

/** The bundle's signature files (`….pdf.sig.json` beside the PDF it signs): the purpose they must carry, and what the signed file is called. */
const SIGNED_FILES = new Map<string, { purpose: SignatureRecord['payload']['purpose']; vi: string; en: string }>([
  ['minutes_signature', { purpose: 'minutes', vi: 'biên bản', en: 'minutes' }],
  ['resolution_signature', { purpose: 'resolution', vi: 'nghị quyết', en: 'resolution' }],
]);

function signatureFileProblem(what: { purpose: string; vi: string; en: string }, sigBytes: Uint8Array, pdf: Uint8Array | undefined, manifestSig: SignatureRecord | null): string | null {
  const check = checkSignatureFile(sigBytes);
  if (!check.ok) return check.problem;
  if (check.record.payload.purpose !== what.purpose) return `không phải chữ ký ${what.vi} / not a ${what.en} signature`;
  if (!pdf) return `không có tệp ${what.vi} đi kèm / the ${what.en} file it signs is missing`;
  const altered = minutesFileProblem(check.record, pdf, checkEmbeddedSignature(pdf));
  if (altered) return `${what.vi} không khớp chữ ký: ${altered}`;
  if (manifestSig && manifestSig.payload.key.fingerprint !== check.record.payload.key.fingerprint) return 'ký bằng khóa khác khóa của bản kê / signed with another key than the manifest';
  return null;
}

/**
 * Every file is intact: the ZIP itself must then be exactly what the bundle writer makes of
 * these files. A difference is a changed header or directory byte; name the entry it is in.
 */
function containerProblems(zip: Uint8Array, manifest: z.infer<typeof ManifestShape>, entries: Map<string, Uint8Array>): FileVerdict[] {
  const order = [...manifest.files.map((f) => f.path), MANIFEST, MANIFEST_SIG];
  let canonical: Uint8Array;
  try {
    canonical = buildZip(order.map((name) => ({ name, bytes: entries.get(name)! })), new Date(manifest.createdAt));
  } catch {
    return [fail(MANIFEST, 'thời điểm lập gói trong bản kê không hợp lệ / the manifest\'s createdAt is invalid')];
  }
  const at = firstDifference(zip, canonical);
  if (at < 0) return [];
  const region = regionsOf(canonical).find((r) => at >= r.start && at < r.end) ?? { name: '(ZIP end record)', part: 'end' };
  const where = region.part === 'directory' ? 'mục lục ZIP (central directory)' : region.part === 'end' ? 'bản ghi cuối ZIP' : 'phần đầu tệp trong ZIP (local header)';
  return [fail(region.name, `cấu trúc gói bị thay đổi ở byte ${at} (${where}) / the ZIP structure was altered at byte ${at}`)];
}

/** What a file is, from its first bytes. */
export function kindOf(bytes: Uint8Array): 'pdf' | 'zip' | 'signature' | 'unknown' {
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  if (head === '%PDF-') return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) return 'zip';
  if (head.trimStart().startsWith('{')) return 'signature';
  return 'unknown';
}
