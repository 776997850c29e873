import type { Types } from 'mongoose';
import type { PDFDocument } from 'pdf-lib';
import type { Deps } from '../../app/deps.js';
import { readGridFile, storeFileOnce } from '../export/gridFile.js';
import { councilKey } from './signingKeys.js';
import { openPdfSealing } from './pdfSealing.js';
import { sha256Hex } from './signature.js';

interface SealedTallyLean { _id: string; fileId: Types.ObjectId }

/**
 * A closed round's tally record (biên bản kiểm phiếu) with the council's seal in it, made on
 * its first download and stored, so every later download is the same file (storedTally): the PDF is
 * rendered (`render` adds the seal's field), sealed as the minutes are (PAdES from the token
 * or the remote service, B-T with a timestamp authority; the development file signer
 * otherwise) and kept in GridFS. When the seal cannot be applied (token, service or timestamp
 * authority down) the error says why and nothing is stored. Two first downloads racing: the
 * unique _id keeps one, the other's file is removed and the kept one served.
 */
/** The tally record of a round as sealed before, or null when it has not been sealed yet. */
export async function storedTally(deps: Deps, pollId: string, round: number): Promise<Buffer | null> {
  const stored = await deps.models.SealedTally.findById(`${pollId}:${round}`).lean<SealedTallyLean>();
  return stored ? readGridFile(deps, stored.fileId) : null;
}

/** Renders, seals and stores a round's tally record (call when storedTally found none). */
export async function sealedTally(deps: Deps, id: { pollId: string; round: number; sittingId: string }, council: { _id: unknown; name: string },
  render: (addField: (doc: PDFDocument) => void) => Promise<Uint8Array>): Promise<Buffer> {
  const key = `${id.pollId}:${id.round}`;
  const { privateKey } = await councilKey(deps, council);
  const sealedAt = new Date();
  const sealing = await openPdfSealing(deps, council, privateKey, sealedAt);
  let pdf: Buffer;
  try {
    pdf = await sealing.sign(await render((doc) => sealing.addPlaceholder(doc, {
      reason: 'Đóng dấu biên bản kiểm phiếu', name: council.name, location: council.name, contactInfo: `Văn phòng ${council.name}`, signedAt: sealedAt,
    })));
  } finally {
    await sealing.close();
  }
  const sha256 = sha256Hex(pdf);
  const stored = await storeFileOnce(deps, { name: `bien-ban-kiem-phieu-${key}.pdf`, bytes: pdf, metadata: { contentType: 'application/pdf', sha256, purpose: 'tally-record', sittingId: id.sittingId } },
    (fileId) => deps.models.SealedTally.create({ _id: key, councilId: String(council._id), fileId, sha256, sealedAt }));
  return stored === 'stored' ? pdf : (await storedTally(deps, id.pollId, id.round))!;
}
