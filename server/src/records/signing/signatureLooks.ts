import {
  appendBezierCurve, closePath, concatTransformationMatrix, degrees, drawEllipse, drawLine, drawRectangle, drawSvgPath, drawText, fill, lineTo, moveTo,
  popGraphicsState, pushGraphicsState, rgb, setFillingRgbColor, type PDFFont, type PDFOperator,
} from 'pdf-lib';
import { embedSerifFace, serifOutlines, type OutlineCommand } from '../../platform/pdf/fonts.js';
import type { SignatureRoom } from '../../platform/pdf/official.js';
import type { FieldAppearance } from '../../signing/pdf/appearance.js';

/**
 * What the signatures look like on the page, as Decree 30/2020/NĐ-CP (Phụ lục I, II) lays
 * them out: the competent person's signature in blue, centred in the room between their
 * position and their name; the body's seal in red, at its real size, over about the left
 * third of that signature. We hold no image of anyone's handwriting, so the person's look is
 * the signature's facts (who, when) in blue; the seal is drawn from the council's name, a
 * star where the state emblem would be.
 */

const BLUE = rgb(0.05, 0.2, 0.65);
const RED = rgb(0.86, 0.1, 0.12);
/** A provincial body's round seal is 35–36 mm across; 34 mm keeps it inside the margins. */
const SEAL_DIAMETER = 34 * 72 / 25.4;

/** "07/12/2026 14:03:05 +07:00": Vietnam's time, the offset written (ISO 8601's zone). */
export function signingClock(d: Date): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second} +07:00`;
}

const text = (font: PDFFont, name: string, s: string, o: { x: number; y: number; size: number; color: ReturnType<typeof rgb>; rotate?: number }): PDFOperator[] =>
  drawText(font.encodeText(s), { font: name, size: o.size, x: o.x, y: o.y, color: o.color, rotate: degrees(o.rotate ?? 0), xSkew: degrees(0), ySkew: degrees(0) });

/** The largest size ≤ `size` at which `s` fits in `width`. */
const fitted = (font: PDFFont, s: string, size: number, width: number) => Math.min(size, size * width / Math.max(1, font.widthOfTextAtSize(s, size)));

/** Where a signature goes in a block's room: centred, at most 190 × 46 points. */
export function signatureRect(room: SignatureRoom): FieldAppearance['rect'] {
  const width = Math.min(room.width - 16, 190);
  const height = Math.min(room.height - 2, 46);
  return { x: room.x + (room.width - width) / 2, y: room.y + (room.height - height) / 2, width, height };
}

/** The person's signature: a thin blue frame with who signed and when, centred in their block's room. */
export function personLook(room: SignatureRoom, who: { name: string; signedAt: Date }): FieldAppearance {
  const rect = signatureRect(room);
  const { width, height } = rect;
  return {
    page: room.page, rect,
    async draw(doc) {
      const [regular, bold] = [await embedSerifFace(doc, 'regular'), await embedSerifFace(doc, 'bold')];
      const lines = [
        { font: bold, name: 'FB', s: 'Đã ký số', size: 10 },
        { font: regular, name: 'FR', s: `Người ký: ${who.name}`, size: 9.5 },
        { font: regular, name: 'FR', s: `Thời gian ký: ${signingClock(who.signedAt)}`, size: 8.5 },
      ];
      const ops: PDFOperator[] = drawRectangle({ x: 1, y: 1, width: width - 2, height: height - 2, borderWidth: 0.8, borderColor: BLUE, color: undefined, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) });
      let y = height - 5;
      for (const l of lines) {
        const size = fitted(l.font, l.s, l.size, width - 10);
        y -= size * 1.25;
        ops.push(...text(l.font, l.name, l.s, { x: (width - l.font.widthOfTextAtSize(l.s, size)) / 2, y: y + size * 0.2, size, color: BLUE }));
      }
      return { operators: ops, fonts: { FR: regular, FB: bold } };
    },
  };
}

/** A five-pointed star's outline (SVG path, y down), radius r, centred on the origin. */
function star(r: number): string {
  const points = Array.from({ length: 10 }, (_, i) => {
    const a = -Math.PI / 2 + i * Math.PI / 5;
    const rr = i % 2 === 0 ? r : r * 0.382;
    return `${(rr * Math.cos(a)).toFixed(2)} ${(rr * Math.sin(a)).toFixed(2)}`;
  });
  return `M ${points.join(' L ')} Z`;
}

/** A glyph's outline as path operators (TrueType's quadratic curves raised to cubic ones). */
function outline(commands: OutlineCommand[]): PDFOperator[] {
  const ops: PDFOperator[] = [];
  let [x0, y0] = [0, 0];
  for (const { command, args: a } of commands) {
    if (command === 'moveTo') ops.push(moveTo(a[0]!, a[1]!));
    else if (command === 'lineTo') ops.push(lineTo(a[0]!, a[1]!));
    else if (command === 'bezierCurveTo') ops.push(appendBezierCurve(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!));
    else if (command === 'quadraticCurveTo') {
      const [qx, qy, x, y] = [a[0]!, a[1]!, a[2]!, a[3]!];
      ops.push(appendBezierCurve(x0 + (2 / 3) * (qx - x0), y0 + (2 / 3) * (qy - y0), x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y), x, y));
    } else ops.push(closePath());
    if (command !== 'closePath') [x0, y0] = [a[a.length - 2]!, a[a.length - 1]!];
  }
  return ops;
}

/** The council's seal, over the left third of `signature` (a person's look, or the room of a block signed by the seal alone). */
export function sealLook(signature: FieldAppearance['rect'], page: number, councilName: string): FieldAppearance {
  const d = SEAL_DIAMETER;
  const r = d / 2;
  const cx = signature.x + signature.width / 3 - r;
  const cy = signature.y + signature.height / 2;
  return {
    page, rect: { x: cx - r, y: cy - r, width: d, height: d },
    async draw() {
      const outlines = await serifOutlines('bold');
      // A seal spells the body's name out: "HĐND tỉnh X" is "HỘI ĐỒNG NHÂN DÂN TỈNH X" on it.
      const ring = councilName.replace(/^HĐND\b/u, 'Hội đồng nhân dân').toLocaleUpperCase('vi-VN');
      const ops: PDFOperator[] = [
        ...drawEllipse({ x: r, y: r, xScale: r - 1.2, yScale: r - 1.2, borderColor: RED, borderWidth: 1.8, color: undefined }),
        ...drawEllipse({ x: r, y: r, xScale: r - 14, yScale: r - 14, borderColor: RED, borderWidth: 0.7, color: undefined }),
        ...drawSvgPath(star(r * 0.36), { x: r, y: r, scale: 1, color: RED, borderColor: undefined, borderWidth: 0 }),
        ...drawLine({ start: { x: r - r * 0.5, y: r - r * 0.5 }, end: { x: r + r * 0.5, y: r - r * 0.5 }, thickness: 0.7, color: RED }),
        setFillingRgbColor(RED.red, RED.green, RED.blue),
      ];
      // The name around the ring, clockwise from the lower left over the top, tops of the letters outward, spread over about 290°.
      // Drawn as shapes: on the page a seal is a picture, and its letters are not text a reader copies or a screen reader reads.
      const baseline = r - 11;
      const glyphs = outlines.glyphs(ring);
      const span = (290 * Math.PI) / 180;
      let size = 8;
      const inked = (sz: number) => glyphs.reduce((sum, g) => sum + (g.advance * sz) / outlines.unitsPerEm, 0);
      while (inked(size) + glyphs.length * 0.8 > span * baseline && size > 4) size -= 0.25;
      const k = size / outlines.unitsPerEm;
      const gap = Math.min(6, (span * baseline - inked(size)) / glyphs.length);
      let theta = Math.PI / 2 + (inked(size) + gap * glyphs.length) / baseline / 2;
      for (const g of glyphs) {
        const w = g.advance * k;
        const mid = theta - (w / 2 + gap / 2) / baseline;
        const px = r + baseline * Math.cos(mid) - (w / 2) * Math.sin(mid);
        const py = r + baseline * Math.sin(mid) + (w / 2) * Math.cos(mid);
        const a = mid - Math.PI / 2;
        if (g.commands.length > 0) {
          ops.push(pushGraphicsState(), concatTransformationMatrix(k * Math.cos(a), k * Math.sin(a), -k * Math.sin(a), k * Math.cos(a), px, py), ...outline(g.commands), fill(), popGraphicsState());
        }
        theta -= (w + gap) / baseline;
      }
      return { operators: ops, fonts: {} };
    },
  };
}
