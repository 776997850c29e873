import type { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { VerifyResult } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { input } from '../../platform/http/validate.js';
import { requireAuth } from '../../auth/middleware.js';
import { readBody } from '../../platform/http/readBody.js';
import { formatLimit } from '../../document/receive.js';
import { sha256Hex, signatureFileBytes } from '../signing/signature.js';
import { kindOf, verifyBundle, verifySignedFile, type Verdict } from './verify.js';
import { checkEmbeddedSignature } from './embeddedCheck.js';
import { trustAnchorsOf } from '../../signing/settings.js';
import { keyOwner, registeredPdfCertificate } from '../signing/signingKeys.js';
import { recordErrors } from '../errors.js';
import type { SignatureLean } from '../signing/sign.js';

/** Bundles hold whole dossiers; they are checked in memory up to this size. */
const verifyLimit = (deps: Deps) => Math.max(256 * 1024 ** 2, 5 * deps.config.DOCUMENT_MAX_BYTES);
const SIGNATURE_HEADER = 'x-hdnd-signature';

const VerifyQuery = z.object({ name: z.string().max(300).optional() });

/** A PDF alone: found by its SHA-256 among the signed minutes here, then checked against that signature. */
async function verifyPdf(deps: Deps, pdf: Buffer, name: string, sigHeader: string | undefined, anchors: X509Certificate[]): Promise<Verdict> {
  if (sigHeader) return verifySignedFile(pdf, name, Buffer.from(sigHeader, 'base64'), 'chữ ký (.sig.json)', anchors);
  const signed = await deps.models.MinutesSignature.findOne({ sha256: sha256Hex(pdf) }).lean<SignatureLean>();
  if (!signed) {
    // Still worth telling: whether the signature embedded in the PDF holds (an altered file breaks it).
    return { ok: false, kind: 'minutes', signer: null, council: null, signedAt: null, fingerprint: null, embedded: checkEmbeddedSignature(pdf, anchors),
      files: [{ file: name, ok: false, problem: 'không trùng với biên bản đã ký nào trong hệ thống: tệp đã bị thay đổi hoặc chưa được ký; hãy gửi kèm tệp chữ ký (.sig.json) / matches no signed minutes here: altered or never signed; send its signature file too' }] };
  }
  return verifySignedFile(pdf, name, signatureFileBytes(signed.record), `${signed.fileName}.sig.json`, anchors);
}

/** POST /api/records/verify — the raw file as the body: a minutes PDF or an archive bundle. */
export function registerVerifyRoute(api: ApiRouter, deps: Deps): void {
  // Read once: the national root (or the test CA) the embedded signatures must chain to. A
  // failed read is not kept: the file put right, the next check reads it again.
  let anchors: ReturnType<typeof trustAnchorsOf> | null = null;
  const trustAnchors = () => (anchors ??= trustAnchorsOf(deps.config.SIGNING_TRUST_ANCHORS).catch((err: unknown) => {
    anchors = null;
    throw err;
  }));
  api.route({
    method: 'post', path: '/records/verify', tag: 'records', auth: true, query: VerifyQuery, response: VerifyResult,
    bodyContentType: 'application/pdf (a minutes PDF; its signature file base64 in X-Hdnd-Signature, or looked up by SHA-256) or application/zip (an archive bundle)',
    body: z.any().describe('the file itself'),
    summary: 'Verify that a minutes PDF or an archive bundle is unaltered and who signed it (any signed-in user)',
  }, requireAuth(deps), async (ctx) => {
    const name = input<unknown, { name?: string }>(ctx).query.name;
    if (!ctx.is(['application/pdf', 'application/zip', 'application/x-zip-compressed', 'application/octet-stream'])) throw recordErrors.verifyWrongType();
    const bytes = await readBody(ctx, verifyLimit(deps), formatLimit(verifyLimit(deps)));
    if (bytes.length === 0) throw recordErrors.verifyEmpty();
    const kind = kindOf(bytes);
    let v: Verdict;
    if (kind === 'pdf') v = await verifyPdf(deps, bytes, name ?? 'bien-ban.pdf', ctx.get(SIGNATURE_HEADER) || undefined, await trustAnchors());
    else if (kind === 'zip') v = verifyBundle(bytes);
    else throw recordErrors.verifyWrongType();
    const registered = v.embedded?.fingerprint ? (await registeredPdfCertificate(deps, v.fingerprint)) === v.embedded.fingerprint : null;
    ctx.body = { ok: true, data: { ...v, embedded: v.embedded && { ...v.embedded, registered }, registeredTo: await keyOwner(deps, v.fingerprint) } satisfies VerifyResult };
  });
}
