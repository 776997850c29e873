/** Dates, times and durations as Vietnamese records write them, in Vietnam's time. */

const VN = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
const parts = (d: Date) => Object.fromEntries(VN.formatToParts(d).map((p) => [p.type, p.value]));

/** "08:05" */
export const hhmm = (iso: string | Date) => { const p = parts(new Date(iso)); return `${p.hour}:${p.minute}`; };
/** "15/07/2026" */
export const ddmmyyyy = (iso: string | Date) => { const p = parts(new Date(iso)); return `${p.day}/${p.month}/${p.year}`; };
/** "08:05 ngày 15/07/2026" */
export const atTime = (iso: string | Date) => `${hhmm(iso)} ngày ${ddmmyyyy(iso)}`;

/** "35 phút", "4 phút 2 giây", "45 giây", "1 giờ 5 phút". */
export function duration(seconds: number | null): string {
  if (seconds === null) return 'chưa kết thúc';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const out = [h ? `${h} giờ` : '', m ? `${m} phút` : '', s && !h ? `${s} giây` : ''].filter(Boolean);
  return out.length ? out.join(' ') : '0 giây';
}

/** "12.345" — thousands grouped the Vietnamese way. */
export const grouped = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
