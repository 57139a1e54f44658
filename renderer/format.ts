/**
 * Dates and numbers in the reader's language. Calendar dates (`YYYY-MM-DD`) are read as local
 * days: `new Date('2026-11-24')` is UTC midnight, which a reader west of Greenwich would see as
 * the 23rd.
 */
import { useMemo } from 'react';
import type { Locale } from '../shared/i18n';
import { useLocale } from './i18n';

const formats = new Map<string, Intl.DateTimeFormat>();
/** One formatter per language and style for all rows (building one costs more than formatting with it). */
function dateFormat(locale: Locale, style: 'date' | 'dateTime' | 'short'): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'date' ? { dateStyle: 'medium' } : style === 'dateTime' ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'short' };
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** `YYYY-MM-DD` as a local calendar day; undefined when it is not one. */
export function parseIsoDate(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** Today as `YYYY-MM-DD` in the local calendar. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** An instant as the value of `<input type="datetime-local">` (local wall time, minutes). */
export function toLocalInput(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Whole days from today to a calendar date (negative when it is past). */
export function daysUntil(isoDate: string, today = todayIso()): number | undefined {
  const day = parseIsoDate(isoDate);
  const start = parseIsoDate(today);
  if (!day || !start) return undefined;
  return Math.round((day.getTime() - start.getTime()) / 86_400_000);
}

export interface Formatters {
  locale: Locale;
  /** A calendar date (`YYYY-MM-DD`), e.g. “2026年11月24日” or “Nov 24, 2026”. */
  date: (isoDate: string | null | undefined) => string;
  /** An instant with its local time. */
  dateTime: (iso: string | null | undefined) => string;
  /** An instant's local day, short. */
  day: (iso: string | null | undefined) => string;
  number: (value: number | null | undefined, options?: Intl.NumberFormatOptions) => string;
}

export function formatters(locale: Locale): Formatters {
  const number = new Intl.NumberFormat(locale);
  return {
    locale,
    date: (value) => {
      if (!value) return '';
      const day = parseIsoDate(value);
      return day ? dateFormat(locale, 'date').format(day) : value;
    },
    dateTime: (value) => {
      if (!value) return '';
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? value : dateFormat(locale, 'dateTime').format(date);
    },
    day: (value) => {
      if (!value) return '';
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? value : dateFormat(locale, 'date').format(date);
    },
    number: (value, options) => {
      if (value === null || value === undefined) return '';
      if (!options) return number.format(value);
      try {
        return new Intl.NumberFormat(locale, options).format(value);
      } catch {
        // A stored currency the runtime cannot use (an older version saved "元"): the number and the code as saved, never a broken page.
        const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
        return options.currency ? `${plain} ${options.currency}` : plain;
      }
    },
  };
}

/** The formatters for the current UI language. */
export function useFormat(): Formatters {
  const { locale } = useLocale();
  return useMemo(() => formatters(locale), [locale]);
}
