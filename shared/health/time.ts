/**
 * Calendar arithmetic on plain numbers, so each record's date is parsed once: a day is its count
 * of days since 1970-01-01 (UTC), a month is `year * 12 + month - 1`.
 */
import { DAY_MS } from '../sync';

export { DAY_MS };

/** The day of a `YYYY-MM-DD` date or of an ISO instant (its UTC date); NaN when unreadable. */
export function dayOf(text: string): number {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? Number.NaN : Math.floor(ms / DAY_MS);
}

/** `2026-11-24` of a day number. */
export function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The month of `YYYY-MM` (or of a longer date starting so); NaN when unreadable. */
export function monthOf(text: string): number {
  const match = /^(\d{4})-(\d{2})/.exec(text);
  if (!match) return Number.NaN;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? Number(match[1]) * 12 + month - 1 : Number.NaN;
}

/** The month a day falls in. */
export function monthOfDay(day: number): number {
  const date = new Date(day * DAY_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** `2026-11` of a month number. */
export function monthText(month: number): string {
  const m = (month % 12) + 1;
  return `${Math.floor(month / 12)}-${m < 10 ? '0' : ''}${m}`;
}

/** The day `months` calendar months after `day`, on the same day of the month or the month's last day. */
export function addMonths(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const target = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(target / 12);
  const month = target % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(year, month, Math.min(date.getUTCDate(), last)) / DAY_MS);
}
