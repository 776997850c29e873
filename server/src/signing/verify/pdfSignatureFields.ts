/**
 * The signatures of a PDF as its bytes show them: each signature dictionary's /ByteRange and
 * /Contents, /SubFilter, /M and the application that made it (document timestamps too, marked), found by scanning the file
 * (as pdfsig does) rather than parsing the object tree, so a damaged or appended file is
 * still read. Incremental updates keep earlier signatures' dictionaries intact.
 */
export interface PdfSignatureField {
  byteRange: [number, number, number, number];
  /** The CMS, DER, without the placeholder's zero padding. */
  contents: Buffer;
  subFilter: string | null;
  /** The claimed signing time (/M). */
  claimedTime: Date | null;
  /** /Prop_Build /App /Name. */
  appName: string | null;
  /** A document timestamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161: PAdES B-LTA), not a signer's signature. */
  documentTimestamp: boolean;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/** DER length of the element at the start of `bytes` (0 when not DER). */
function derLength(bytes: Buffer): number {
  if (bytes.length < 2) return 0;
  const first = bytes[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || bytes.length < 2 + n) return 0;
  return 2 + n + bytes.readUIntBE(2, n);
}

/** "D:20261207083000+07'00'" → a Date. */
export function pdfDate(text: string): Date | null {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(text);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', tz = 'Z'] = m;
  const offset = tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function findSignatureFields(file: Buffer): PdfSignatureField[] {
  const text = file.toString('latin1');
  const fields: PdfSignatureField[] = [];
  for (const match of text.matchAll(BYTE_RANGE)) {
    const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
    const [, b, c] = byteRange;
    const start = text.lastIndexOf('obj', match.index);
    const endObj = text.indexOf('endobj', match.index);
    const dict = text.slice(Math.max(0, start), endObj < 0 ? undefined : endObj);
    let contents = Buffer.alloc(0);
    if (b < c && c <= file.length && file[b] === 0x3c && file[c - 1] === 0x3e) {
      const hex = Buffer.from(text.slice(b + 1, c - 1).replace(/\s+/g, ''), 'hex');
      contents = hex.subarray(0, derLength(hex) || hex.length);
    }
    const subFilter = /\/SubFilter\s*\/([^\s/>\]]+)/.exec(dict)?.[1] ?? null;
    fields.push({
      byteRange, contents, subFilter,
      documentTimestamp: /\/Type\s*\/DocTimeStamp\b/.test(dict) || subFilter === 'ETSI.RFC3161',
      claimedTime: pdfDate(/\/M\s*\((D:[^)]*)\)/.exec(dict)?.[1] ?? ''),
      appName: /\/App\s*<<[^>]*\/Name\s*\/([^\s/>]+)/.exec(dict)?.[1] ?? null,
    });
  }
  return fields;
}
