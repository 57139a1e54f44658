/** How sync facts read: relative times, durations, dates, and a conflict's table, field and values. */
import { catalogs, type Catalog, type Locale, type Translate } from '../../../shared/i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relativeFormats = new Map<Locale, Intl.RelativeTimeFormat>();
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

/** "just now", "5 minutes ago", "yesterday", "3 天前": how long ago `iso` was, in the reader's words. */
export function relativeTime(iso: string, now: number, locale: Locale, t: Translate): string {
  const ago = now - Date.parse(iso);
  if (Number.isNaN(ago)) return iso;
  if (Math.abs(ago) < 45_000) return t('syncUi.justNow');
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormats.set(locale, format);
  }
  if (Math.abs(ago) < 45 * MINUTE) return format.format(-Math.round(ago / MINUTE), 'minute');
  if (Math.abs(ago) < 22 * HOUR) return format.format(-Math.round(ago / HOUR), 'hour');
  return format.format(-Math.round(ago / DAY), 'day');
}

/** A date and time in the reader's format (medium date, short time). */
export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

/** A length of time in the largest unit that fits: "7 minutes", "3 hours", "2 天". */
export function formatDuration(ms: number, locale: Locale): string {
  const abs = Math.abs(ms);
  const [value, unit] = abs >= DAY ? [abs / DAY, 'day'] : abs >= HOUR ? [abs / HOUR, 'hour'] : [abs / MINUTE, 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 0 }).format(Math.round(value));
}

/** Clocks this far apart get a warning: the merge stays correct, but someone's date setting is off. */
export const SKEW_WARNING_MS = 5 * MINUTE;

type FieldKey = keyof Catalog['fields'];
type ExtraFieldKey = keyof Catalog['syncUi']['extraFields'];
type TableKey = keyof Catalog['syncUi']['tables'];

const camel = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
const has = <T extends object>(catalog: T, key: string): key is Extract<keyof T, string> => Object.hasOwn(catalog, key);

/** A column's label from the shared `fields.*` catalog (columns are snake_case there camelCase). */
export function fieldLabel(column: string, t: Translate): string {
  const key = camel(column);
  if (has(catalogs.en.fields, key)) return t(`fields.${key satisfies FieldKey}`);
  if (has(catalogs.en.syncUi.extraFields, key)) return t(`syncUi.extraFields.${key satisfies ExtraFieldKey}`);
  return column;
}

/** What kind of record a synced table holds ("Account", "Touchpoint"); the table name if unknown. */
export function tableLabel(table: string, t: Translate): string {
  return has(catalogs.en.syncUi.tables, table) ? t(`syncUi.tables.${table satisfies TableKey}`) : table;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * One side of a conflict as text. Values are what the store holds: text, numbers, null, and JSON
 * text for lists (aliases, roles…), which read better as "a, b".
 */
export function formatValue(value: unknown, column: string, locale: Locale, t: Translate): string {
  if (column === 'deleted_at')
    return value ? t('syncUi.conflicts.deletedOn', { date: formatDateTime(String(value), locale) }) : t('syncUi.conflicts.notDeleted');
  if (value === null || value === undefined || value === '') return t('syncUi.conflicts.emptyValue');
  if (typeof value === 'number') return new Intl.NumberFormat(locale).format(value);
  if (typeof value === 'boolean') return t(value ? 'syncUi.conflicts.yes' : 'syncUi.conflicts.no');
  if (typeof value !== 'string') return JSON.stringify(value);
  if (ISO_DATE_TIME.test(value)) return formatDateTime(value, locale);
  if (/^\[.*\]$/s.test(value)) {
    try {
      const list: unknown = JSON.parse(value);
      if (Array.isArray(list))
        return list.length === 0 ? t('syncUi.conflicts.emptyValue') : list.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
    } catch {
      // not JSON after all: show the text as it is
    }
  }
  return value;
}
