import { PDFHexString } from 'pdf-lib';
import { SignPdf, Signer as SignPdfSigner } from '@signpdf/signpdf';
import { requestTimestamp, type TsaSettings } from '../tsa/tsaClient.js';
import { signingErrors } from '../errors.js';
import { appendEmptyField, byteRangePlaceholder } from './incremental.js';

/**
 * A document timestamp (PAdES B-LTA, ETSI EN 319 142-1 §5.4; ISO 32000-2 §12.8.5): appended
 * as an incremental update, an invisible signature field whose value is `/Type /DocTimeStamp
 * /SubFilter /ETSI.RFC3161` (a zero-size widget without an appearance, so verifiers such as
 * pyHanko take it as signature maintenance, not form filling), /ByteRange over the whole
 * file but its /Contents, and /Contents the timestamp authority's RFC 3161 TimeStampToken
 * over the SHA-256 of those bytes. Put after the DSS, it proves the signatures and their
 * validation data existed then, so they can be judged after their certificates expire or
 * their algorithms weaken, as long as the chain of document timestamps is renewed before
 * the last one's TSA certificate expires (not done here yet).
 */

/** Hex digits of room for the token (8 KB): a token with its TSA's chain of three 2048-bit certificates takes about 4.5 KB. */
export const DOCUMENT_TIMESTAMP_LENGTH = 16_384;
/** The field's name; a renewal gets " 2", " 3"… */
const FIELD = 'Dau thoi gian luu tru';

const fieldName = (taken: Array<string | undefined>) => {
  let name = FIELD;
  for (let n = 2; taken.includes(name); n++) name = `${FIELD} ${n}`;
  return name;
};

/** @signpdf's signer seam: given the covered bytes, the authority's token over them. */
class TimestampForSignPdf extends SignPdfSigner {
  readonly #tsa: TsaSettings;

  constructor(tsa: TsaSettings) {
    super();
    this.#tsa = tsa;
  }

  override async sign(content: Buffer): Promise<Buffer> {
    const token = await requestTimestamp(content, { hash: 'SHA-256', ...this.#tsa });
    if (token.length * 2 > DOCUMENT_TIMESTAMP_LENGTH) throw signingErrors.signatureTooLarge(token.length, DOCUMENT_TIMESTAMP_LENGTH / 2);
    return token;
  }
}

/** The PDF with a document timestamp appended; a SigningError in Vietnamese when the authority fails (nothing half-made). */
export async function appendDocumentTimestamp(pdf: Uint8Array, tsa: TsaSettings): Promise<Buffer> {
  const prepared = await appendEmptyField(pdf, fieldName, {
    Type: 'DocTimeStamp', Filter: 'Adobe.PPKLite', SubFilter: 'ETSI.RFC3161',
    ByteRange: byteRangePlaceholder(), Contents: PDFHexString.of('0'.repeat(DOCUMENT_TIMESTAMP_LENGTH)),
  }, 'none');
  return new SignPdf().sign(prepared, new TimestampForSignPdf(tsa));
}
