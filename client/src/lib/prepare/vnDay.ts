/** The calendar day (YYYY-MM-DD) of an instant in Vietnam (UTC+7 all year), for date inputs. */
export function vnDay(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
}

/** "08/07/2026" from "2026-07-08": how a date is written in Vietnam. */
export function dayText(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
