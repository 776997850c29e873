import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkSignatureFile } from '../signing/signature.js';
import { kindOf, verifyBundle, verifySignedFile, type Verdict } from './verify.js';
import type { EmbeddedCheck } from './embeddedCheck.js';
import type { X509Certificate } from 'node:crypto';
import { verifyPdfSignatures } from '../../signing/verify/verifyPdf.js';

function embeddedLine(e: EmbeddedCheck): string {
  if (!e.present) return 'Chữ ký nhúng trong PDF: không có (ký trước khi có tính năng này) / no embedded signature';
  const who = `"${e.commonName ?? '?'}", chứng thư / certificate SHA-256 ${e.fingerprint ?? '?'}`;
  return e.ok ? `Chữ ký nhúng trong PDF: hợp lệ / embedded signature valid: ${who}` : `Chữ ký nhúng trong PDF: KHÔNG hợp lệ / embedded signature INVALID: ${e.problem ?? ''} (${who})`;
}

/** The CLI's work, without the process: which files to read, the verdict, the lines to print and the exit code. */
/**
 * `trustAnchors`: the roots the PDF signatures must chain to (SIGNING_TRUST_ANCHORS or
 * --trust); each signature is then reported in full, in Vietnamese. Trust is reported, not
 * required: the exit code says whether the files are intact.
 */
export async function verifyPaths(args: { file: string; signature?: string; expectKey?: string; trustAnchors?: X509Certificate[] }): Promise<{ code: 0 | 1 | 2; lines: string[] }> {
  let bytes: Buffer;
  try { bytes = await readFile(args.file); } catch { return { code: 2, lines: [`Không đọc được tệp / cannot read ${args.file}`] }; }
  let v: Verdict;
  let pdf: Uint8Array | null = null;
  const kind = kindOf(bytes);
  if (kind === 'zip') {
    v = verifyBundle(bytes);
  } else if (kind === 'pdf') {
    const sigPath = args.signature ?? `${args.file}.sig.json`;
    let sig: Buffer;
    try { sig = await readFile(sigPath); } catch { return { code: 2, lines: [`Không tìm thấy tệp chữ ký ${sigPath}; hãy chỉ ra: records:verify -- <pdf> <sig.json> / signature file not found`] }; }
    v = verifySignedFile(bytes, basename(args.file), sig, basename(sigPath));
    pdf = bytes;
  } else if (kind === 'signature') {
    const check = checkSignatureFile(bytes);
    const signed = args.signature ?? (check.record ? join(dirname(args.file), check.record.payload.file.name) : null);
    if (!signed) return { code: 1, lines: [`FAILED  ${basename(args.file)}: ${check.ok ? '' : check.problem}`] };
    let file: Buffer;
    try { file = await readFile(signed); } catch { return { code: 2, lines: [`Không tìm thấy tệp được ký ${signed} / the signed file is not beside its signature`] }; }
    v = verifySignedFile(file, basename(signed), bytes, basename(args.file));
    pdf = kindOf(file) === 'pdf' ? file : null;
  } else {
    return { code: 2, lines: ['Tệp không phải PDF, gói .zip hay tệp chữ ký .sig.json / not a PDF, a bundle or a signature file'] };
  }
  const lines = v.files.map((f) => (f.ok ? `OK      ${f.file}` : `FAILED  ${f.file}: ${f.problem}`));
  if (v.signer) lines.push(`Người ký / signer: ${v.signer.name} (${v.signer.role}), ${v.council?.name ?? ''}, ${v.signedAt ?? ''}`);
  if (v.fingerprint) lines.push(`Khóa Ed25519 / key fingerprint: ${v.fingerprint}`);
  if (v.embedded) lines.push(embeddedLine(v.embedded));
  if (pdf && v.embedded?.present) {
    if (!args.trustAnchors?.length) lines.push('Chưa cấu hình gốc tin cậy (SIGNING_TRUST_ANCHORS hoặc --trust <tệp .pem>): không kiểm tra được chuỗi chứng thư. / No trust anchors configured.');
    for (const report of verifyPdfSignatures(pdf, { anchors: args.trustAnchors ?? [] })) lines.push(...report.sentences.map((s) => `  ${s}`));
  }
  let ok = v.ok;
  if (args.expectKey) {
    const match = v.fingerprint === args.expectKey.toLowerCase();
    ok &&= match;
    lines.push(match ? 'OK      khóa đúng dấu vân tay mong đợi / key matches --expect-key' : 'FAILED  khóa ký KHÔNG phải khóa mong đợi / the key is not the expected one');
  } else if (v.fingerprint) {
    lines.push('So dấu vân tay với khóa công bố của hội đồng (GET /api/councils/<id>/signing-key) hoặc dùng --expect-key. / Compare the fingerprint with the council\'s published key.');
  }
  lines.push(ok ? 'KẾT QUẢ: TOÀN VẸN / RESULT: INTACT' : 'KẾT QUẢ: KHÔNG TOÀN VẸN / RESULT: NOT INTACT');
  return { code: ok ? 0 : 1, lines };
}
