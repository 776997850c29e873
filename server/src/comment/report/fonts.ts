import { readFile } from 'node:fs/promises';
import * as fontkitModule from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/** The report's two faces: DejaVu Sans covers every Vietnamese letter with its diacritics. */
export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Shipped with the server (server/assets/fonts), read relative to this file, once. */
const FONT_DIR = new URL('../../../assets/fonts/', import.meta.url);
let files: Promise<{ regular: Buffer; bold: Buffer }> | null = null;

function fontFiles() {
  files ??= Promise.all([readFile(new URL('DejaVuSans.ttf', FONT_DIR)), readFile(new URL('DejaVuSans-Bold.ttf', FONT_DIR))])
    .then(([regular, bold]) => ({ regular, bold }))
    .catch((err: unknown) => {
      files = null;
      throw err;
    });
  return files;
}

// The package is a UMD bundle: under Node's ESM loader its API sits on `default`.
const fontkit = ((fontkitModule as { default?: unknown }).default ?? fontkitModule) as Parameters<PDFDocument['registerFontkit']>[0];

/** Embeds both faces into `pdf`, subset to the glyphs the report uses. */
export async function embedFonts(pdf: PDFDocument): Promise<Fonts> {
  const { regular, bold } = await fontFiles();
  pdf.registerFontkit(fontkit);
  return { regular: await pdf.embedFont(regular, { subset: true }), bold: await pdf.embedFont(bold, { subset: true }) };
}
