import { lastDefinitions, objectTexts } from './pdfObjects.js';

/**
 * What the incremental updates after a signature did, read from the bytes (as
 * pdfSignatureFields.ts reads signatures): allowed are what a later signature takes (its
 * field and widget on a page, the form listing it, their appearances: new objects, a page
 * gaining signature widgets in /Annots, the form gaining /Fields, /SigFlags, /DR, /DA) and
 * what the archive adds (a DSS: the catalog gaining /DSS and /Extensions; a document
 * timestamp: a signature field whose value is /Type /DocTimeStamp, PAdES B-LTA). Any
 * other object redefined — page content, resources, another annotation, the document's
 * text — is a change to what was signed, and named. pyHanko calls this difference analysis.
 */
export interface ValidationTail {
  /** Only validation data and document timestamps follow (or nothing), no later signature and no change. */
  only: boolean;
  /** A DSS holding revocation data (CRLs or OCSP responses) was added. */
  revocationData: boolean;
  /** What changed beyond signing and validation data; null when nothing did. */
  change: string | null;
}

/** Where the PDF value starting at `i` ends (a reference, dictionary, array, string, name or number). */
function valueEnd(s: string, i: number): number {
  while (/\s/.test(s[i] ?? '')) i++;
  const ref = /^\d+\s+\d+\s+R/.exec(s.slice(i, i + 32));
  if (ref) return i + ref[0].length;
  const pairs: Record<string, string> = { '<<': '>>', '[': ']', '(': ')' };
  const open = s.startsWith('<<', i) ? '<<' : s[i] === '[' || s[i] === '(' ? s[i]! : null;
  if (!open) return i + (s[i] === '/' ? /^\/[^\s/<>[\]()]*/ : /^[^\s/<>[\]()]*/).exec(s.slice(i))![0].length;
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s.startsWith(open, j)) { depth++; j += open.length - 1; } else if (s.startsWith(pairs[open]!, j)) { depth--; j += pairs[open]!.length - 1; if (depth === 0) return j + 1; }
  }
  return s.length;
}

/** A dictionary's text without `key` and its value. */
function without(dict: string, key: string): string {
  const m = new RegExp(`/${key}(?![A-Za-z0-9])`).exec(dict);
  if (!m) return dict;
  return dict.slice(0, m.index) + dict.slice(valueEnd(dict, m.index + m[0].length));
}

const squeeze = (s: string) => s.replace(/\s+/g, '');
const sameBut = (a: string, b: string, keys: string[]) => squeeze(keys.reduce(without, a)) === squeeze(keys.reduce(without, b));
const refs = (s: string) => [...s.matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => m[1]!);
const annotsOf = (dict: string) => {
  const m = /\/Annots(?![A-Za-z])/.exec(dict);
  return m ? dict.slice(m.index + m[0].length, valueEnd(dict, m.index + m[0].length)) : '';
};

/** The last definition's text of each object number in `text`. */
const definitions = (text: string) => new Map([...lastDefinitions(text)].map(([num, o]) => [num, o.body]));

export function validationDataAfter(file: Buffer, end: number): ValidationTail {
  if (end >= file.length) return { only: true, revocationData: false, change: null };
  const before = definitions(file.subarray(0, end).toString('latin1'));
  const tailText = file.subarray(end).toString('latin1');
  const after = new Map([...before, ...definitions(tailText)]);
  const root = [...tailText.matchAll(/\/Root\s+(\d+)\s+\d+\s+R/g)].at(-1)?.[1];
  /** Objects the tail names by reference that may stand behind a new annotation: a signature widget, or its field. */
  const isSignatureWidget = (num: string) => {
    const body = after.get(num) ?? '';
    const parent = /\/Parent\s+(\d+)\s+\d+\s+R/.exec(body)?.[1];
    return /\/FT\s*\/Sig\b/.test(body) || (/\/Subtype\s*\/Widget\b/.test(body) && !!parent && /\/FT\s*\/Sig\b/.test(after.get(parent) ?? ''));
  };
  const onlySignatureAdditions = (old: string, now: string) => {
    const had = refs(old);
    const has = refs(now);
    return had.every((r) => has.includes(r)) && has.filter((r) => !had.includes(r)).every(isSignatureWidget);
  };
  /** A document timestamp's dictionary, or a field (widget) whose value is one. */
  const isDocumentTimestamp = (body: string) => /\/Type\s*\/DocTimeStamp\b/.test(body)
    || /\/Type\s*\/DocTimeStamp\b/.test(after.get(/\/V\s+(\d+)\s+\d+\s+R/.exec(body)?.[1] ?? '') ?? '');
  let dss = false;
  let revocationData = false;
  let signatures = false;
  let timestamps = false;
  for (const { num, body } of objectTexts(tailText)) {
    const earlier = before.get(num!);
    if (earlier === undefined) {
      const isDss = /\/(Certs|CRLs|OCSPs|VRI)\b/.test(body!) && !/\bstream\b/.test(body!);
      if (isDss && /\/(CRLs|OCSPs)\b/.test(body!)) revocationData = true;
      if (/\/FT\s*\/Sig\b/.test(body!) || /\/ByteRange/.test(body!)) {
        if (isDocumentTimestamp(body!)) timestamps = true;
        else signatures = true;
      }
      continue;
    }
    if (num === root) {
      if (!sameBut(earlier, body!, ['AcroForm', 'DSS', 'Extensions'])) return { only: false, revocationData, change: `mục lục tài liệu (đối tượng ${num})` };
      if (/\/DSS\s+\d+\s+\d+\s+R/.test(body!)) dss = true;
    } else if (/\/Type\s*\/Page(?![s\w])/.test(earlier)) {
      if (!sameBut(earlier, body!, ['Annots']) || !onlySignatureAdditions(annotsOf(earlier), annotsOf(body!))) return { only: false, revocationData, change: `một trang (đối tượng ${num})` };
    } else if (/\/Fields\b/.test(earlier)) {
      if (!sameBut(earlier, body!, ['Fields', 'SigFlags', 'DR', 'DA'])) return { only: false, revocationData, change: `biểu mẫu (đối tượng ${num})` };
    } else if (earlier.trim().startsWith('[')) {
      if (!onlySignatureAdditions(earlier, body!)) return { only: false, revocationData, change: `danh sách chú thích hoặc trường (đối tượng ${num})` };
    } else if (squeeze(earlier) !== squeeze(body!)) {
      return { only: false, revocationData, change: `đối tượng ${num}` };
    }
  }
  return { only: (dss || timestamps) && !signatures, revocationData: dss && revocationData, change: null };
}
