import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFDocument, type PDFFont, type PDFOperator, type PDFRef } from 'pdf-lib';

/**
 * A visible signature: the widget of a signature field placed on a page with an appearance
 * stream (what readers and printers show there). What it looks like is the caller's (a
 * person's signature, a seal); this file only puts it in the PDF, in a new document or in an
 * incremental update alike (the fonts it uses are embedded at once, so their objects are new
 * ones written with the update).
 */
export interface FieldAppearance {
  /** The page (0-based). */
  page: number;
  /** Where, in page points from the bottom left. */
  rect: { x: number; y: number; width: number; height: number };
  /** Draws the look in [0, 0, width, height]; `fonts` are the resource names its operators use. */
  draw(doc: PDFDocument): Promise<{ operators: PDFOperator[]; fonts: Record<string, PDFFont> }>;
}

/** The appearance as a form XObject in `doc`, its fonts embedded. */
async function appearanceStream(doc: PDFDocument, appearance: FieldAppearance): Promise<PDFRef> {
  const { operators, fonts } = await appearance.draw(doc);
  for (const font of Object.values(fonts)) await font.embed();
  const { width, height } = appearance.rect;
  const Font = Object.fromEntries(Object.entries(fonts).map(([name, font]) => [name, font.ref]));
  return doc.context.register(doc.context.formXObject(operators, { BBox: [0, 0, width, height], Resources: { Font } }));
}

/** Gives a signature widget its place and its look (instead of the invisible [0 0 0 0]). */
export async function showWidget(doc: PDFDocument, widget: PDFDict, appearance: FieldAppearance): Promise<void> {
  const { x, y, width, height } = appearance.rect;
  widget.set(PDFName.of('Rect'), PDFArray.withContext(doc.context));
  const rect = widget.lookup(PDFName.of('Rect'), PDFArray);
  for (const n of [x, y, x + width, y + height]) rect.push(PDFNumber.of(Math.round(n * 100) / 100));
  widget.set(PDFName.of('AP'), doc.context.obj({ N: await appearanceStream(doc, appearance) }));
}
