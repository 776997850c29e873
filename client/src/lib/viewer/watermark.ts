/**
 * The per-reader watermark of a confidential document: the reader's name and the time of
 * the read, repeated diagonally over the whole page, drawn into the page's own pixels.
 */
export function drawWatermark(ctx: CanvasRenderingContext2D, text: string, width: number, height: number): void {
  const size = Math.max(12, Math.round(width / 28));
  ctx.save();
  ctx.font = `600 ${size}px system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif`;
  ctx.fillStyle = 'rgba(168, 32, 26, 0.2)';
  ctx.textBaseline = 'middle';
  const step = ctx.measureText(text).width + size * 3;
  const lineGap = size * 5;
  ctx.translate(width / 2, height / 2);
  ctx.rotate(-Math.PI / 6);
  // The rotated grid must cover the corners: go out to the page's diagonal in each direction.
  const reach = Math.hypot(width, height) / 2 + step;
  let row = 0;
  for (let y = -reach; y <= reach; y += lineGap, row++) {
    // Alternate rows are offset by half a step, like bricks.
    for (let x = -reach + (row % 2 ? step / 2 : 0); x <= reach; x += step) ctx.fillText(text, x, y);
  }
  ctx.restore();
}
