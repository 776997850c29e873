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

/**
 * No OpenType shaping: pdf-lib draws glyph ids with their advances and ignores positioning
 * anyway, NFC text maps Vietnamese letters to precomposed glyphs, and shaping every line was
 * nine tenths of the time of a long report (1,000 comments: 1.7 s with it).
 */
const NO_SHAPING = {
  ccmp: false, locl: false, rlig: false, mark: false, mkmk: false, calt: false, clig: false, liga: false, rclt: false, curs: false, kern: false,
};

/** Embeds both faces into `pdf`, subset to the glyphs the report uses. */
export async function embedFonts(pdf: PDFDocument): Promise<Fonts> {
  const { regular, bold } = await fontFiles();
  pdf.registerFontkit(fontkit);
  const options = { subset: true, features: NO_SHAPING };
  return { regular: await pdf.embedFont(regular, options), bold: await pdf.embedFont(bold, options) };
}
