/**
 * The objects of a PDF as its bytes define them ("N G obj … endobj"), the last definition of
 * each number winning as incremental updates intend: read from the text, as
 * pdfSignatureFields.ts reads signatures, so an appended or damaged file is still read.
 */
const OBJECT = /(\d+)\s+(\d+)\s+obj\b([\s\S]*?)\bendobj/g;

/** One definition: its body's text and where the body starts in the text. */
export interface ObjectText { num: string; body: string; start: number }

/** Every definition in `text`, in file order. */
export function objectTexts(text: string): ObjectText[] {
  return [...text.matchAll(OBJECT)].map((m) => ({ num: m[1]!, body: m[3]!, start: m.index + m[0].length - m[3]!.length - 'endobj'.length }));
}

/** The last definition of each object number in `text`. */
export function lastDefinitions(text: string): Map<string, ObjectText> {
  return new Map(objectTexts(text).map((o) => [o.num, o]));
}
