import type { Types } from 'mongoose';
import type { PDFDocument } from 'pdf-lib';
import type { Deps } from '../../app/deps.js';
import type { SignatureRoom } from '../../platform/pdf/official.js';
import { readGridFile, storeFileOnce } from '../export/gridFile.js';
import { councilKey } from './signingKeys.js';
import { openPdfSealing } from './pdfSealing.js';
import { sha256Hex } from './signature.js';
import { sealLook } from './signatureLooks.js';
import { appendAudit } from '../../audit/append.js';

/**
 * A paper the council issues with its seal in it (a tally record, a convening notice, an
 * invitation), made on its first use and stored, so every later download is the same file:
 * rendered (`render` places the seal: a signature field whose look is the red seal over the
 * signer's block), sealed as the minutes are (PAdES from the token or the remote service,
 * B-T with a timestamp authority; the development file signer otherwise) and kept in
 * GridFS. When the seal cannot be applied (token, service or timestamp authority down) the
 * error says why and nothing is stored. Two first uses racing: the unique _id keeps one, the
 * other's file is removed and the kept one served. The sealing is audited (by the system: it
 * happens on whoever's first use), with the seal's certificate and the file's SHA-256.
 */

export interface SealedFile {
  /** Where the record of it is kept (the same shape in both). */
  model: 'SealedTally' | 'SealedPaper';
  /** Its _id there: what it is, and of which content. */
  key: string;
  fileName: string;
  /** GridFS metadata: what the file is ('tally-record', 'convening-notice'…), and its sitting if any. */
  purpose: string;
  sittingId?: string;
  /** The signature's reason, as readers list it: "Đóng dấu biên bản kiểm phiếu". */
  reason: string;
  /** Where the sealing is recorded (its chain and subject; the seal's certificate and the file's SHA-256 are added). */
  audit: { chain: string; action: string; subject: { kind: string; id: string }; data?: Record<string, unknown> };
}

/** Places the seal over `signature` (a rectangle on page `page`) in the document being rendered. */
export type PlaceSeal = (doc: PDFDocument, signature: Omit<SignatureRoom, 'page'>, page: number) => Promise<void>;

interface SealedLean { _id: string; fileId: Types.ObjectId }

/** The file as sealed before, or null when it has not been sealed yet. */
export async function storedSealed(deps: Deps, model: SealedFile['model'], key: string): Promise<Buffer | null> {
  const stored = await deps.models[model].findById(key).lean<SealedLean>();
  return stored ? readGridFile(deps, stored.fileId) : null;
}

/** Renders, seals and stores the file (call when storedSealed found none); the kept file comes back. */
export async function sealOnce(deps: Deps, file: SealedFile, council: { _id: unknown; name: string }, render: (placeSeal: PlaceSeal) => Promise<Uint8Array>): Promise<Buffer> {
  const { privateKey } = await councilKey(deps, council);
  const sealedAt = new Date();
  const sealing = await openPdfSealing(deps, council, privateKey, sealedAt);
  let pdf: Buffer;
  try {
    const info = { reason: file.reason, name: council.name, location: council.name, contactInfo: `Văn phòng ${council.name}`, signedAt: sealedAt };
    pdf = await sealing.sign(await render((doc, signature, page) => sealing.addPlaceholder(doc, info, sealLook(signature, page, council.name))));
  } finally {
    await sealing.close();
  }
  const sha256 = sha256Hex(pdf);
  const metadata = { contentType: 'application/pdf', sha256, purpose: file.purpose, ...(file.sittingId ? { sittingId: file.sittingId } : {}) };
  const stored = await storeFileOnce(deps, { name: file.fileName, bytes: pdf, metadata },
    (fileId) => deps.models[file.model].create({ _id: file.key, councilId: String(council._id), fileId, sha256, sealedAt }));
  if (stored === 'taken') return (await storedSealed(deps, file.model, file.key))!;
  await appendAudit(deps, { chain: file.audit.chain, actorId: null, action: file.audit.action, subject: file.audit.subject, data: { ...file.audit.data, sha256, certificate: sealing.certificateFingerprint } });
  return pdf;
}
