/** Times and dates as the convening papers write them, in Vietnam's time (the date line is official.ts's). */

const VN = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'long', hourCycle: 'h23',
});
const parts = (d: Date) => Object.fromEntries(VN.formatToParts(d).map((p) => [p.type, p.value]));

/** "08 giờ 00" */
export const clock = (d: Date) => { const p = parts(d); return `${p.hour} giờ ${p.minute}`; };
/** "15/07/2026" */
export const ddmmyyyy = (d: Date) => { const p = parts(d); return `${p.day}/${p.month}/${p.year}`; };
/** "thứ Tư, 15/07/2026" */
export const dayAndDate = (d: Date) => {
  // "Thứ Tư" → "thứ Tư": the weekday follows a comma mid-sentence ("Chủ nhật" → "chủ nhật").
  const day = (parts(d).weekday ?? '').replace(/^./, (c) => c.toLocaleLowerCase('vi'));
  return day ? `${day}, ${ddmmyyyy(d)}` : ddmmyyyy(d);
};

/** "từ ngày 15/07/2026 đến ngày 17/07/2026", or one day. */
export function dateSpan(from: Date, to: Date): string {
  return ddmmyyyy(from) === ddmmyyyy(to) ? `ngày ${ddmmyyyy(from)}` : `từ ngày ${ddmmyyyy(from)} đến ngày ${ddmmyyyy(to)}`;
}

/** ASCII, lower case, hyphens: a file name every mail client keeps as written. */
export function slug(text: string, max = 60): string {
  const s = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, max).replace(/-+$/, '') || 'tep';
}
