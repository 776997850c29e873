import { readFile } from 'node:fs/promises';
import * as fontkitModule from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/** The report's faces: DejaVu Sans (or Liberation Serif) covers every Vietnamese letter with its diacritics. */
export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** Official documents only (serif): the place-and-date line, "Nơi nhận:". Reports fall back to regular/bold. */
  italic?: PDFFont;
  boldItalic?: PDFFont;
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

const SERIF = ['LiberationSerif-Regular.ttf', 'LiberationSerif-Bold.ttf', 'LiberationSerif-Italic.ttf', 'LiberationSerif-BoldItalic.ttf'];
let serifFiles: Promise<Buffer[]> | null = null;

function serifFaces(): Promise<Buffer[]> {
  serifFiles ??= Promise.all(SERIF.map((f) => readFile(new URL(f, FONT_DIR)))).catch((err: unknown) => {
    serifFiles = null;
    throw err;
  });
  return serifFiles;
}

/**
 * Embeds Liberation Serif's four faces (Times New Roman's metrics, the face of Decree
 * 30/2020/NĐ-CP's templates), subset: for official documents (platform/pdf/official.ts).
 */
export async function embedSerifFonts(pdf: PDFDocument): Promise<Required<Fonts>> {
  const [regular, bold, italic, boldItalic] = await serifFaces();
  pdf.registerFontkit(fontkit);
  const options = { subset: true, features: NO_SHAPING };
  const embed = (bytes: Buffer | undefined) => pdf.embedFont(bytes!, options);
  return { regular: await embed(regular), bold: await embed(bold), italic: await embed(italic), boldItalic: await embed(boldItalic) };
}

/** Embeds both faces into `pdf`, subset to the glyphs the report uses. */
export async function embedFonts(pdf: PDFDocument): Promise<Fonts> {
  const { regular, bold } = await fontFiles();
  pdf.registerFontkit(fontkit);
  const options = { subset: true, features: NO_SHAPING };
  return { regular: await pdf.embedFont(regular, options), bold: await pdf.embedFont(bold, options) };
}

/** One face of Liberation Serif embedded in `pdf` (subset): a visible signature's text, in a new document or an incremental update. */
export async function embedSerifFace(pdf: PDFDocument, face: 'regular' | 'bold'): Promise<PDFFont> {
  const files = await serifFaces();
  pdf.registerFontkit(fontkit);
  return pdf.embedFont(files[face === 'bold' ? 1 : 0]!, { subset: true, features: NO_SHAPING });
}

/** A glyph outline command as fontkit gives it (font units, y up). */
export interface OutlineCommand { command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath'; args: number[] }
/** Liberation Serif's glyph outlines, for lettering drawn as shapes (a seal's ring: a picture, not text to extract). */
export interface Outlines { unitsPerEm: number; glyphs(text: string): Array<{ advance: number; commands: OutlineCommand[] }> }

export async function serifOutlines(face: 'regular' | 'bold'): Promise<Outlines> {
  const font = fontkit.create((await serifFaces())[face === 'bold' ? 1 : 0]!) as unknown as {
    unitsPerEm: number; layout(s: string, features: typeof NO_SHAPING): { glyphs: Array<{ advanceWidth: number; path: { commands: OutlineCommand[] } }> };
  };
  return {
    unitsPerEm: font.unitsPerEm,
    glyphs: (text) => font.layout(text.normalize('NFC'), NO_SHAPING).glyphs.map((g) => ({ advance: g.advanceWidth, commands: g.path.commands })),
  };
}
