/**
 * One cell → one field value: dates in the ways sheets write them (ISO, 2026/3/5, 2026年3月5日,
 * Excel serial numbers, Date cells), numbers with thousands separators, yes/no in both languages,
 * enumeration words mapped to their codes. A value that cannot be read becomes a problem with a
 * catalog key, never a guess: 2026-02-30 is refused, not rolled over to March.
 */
import { ENUM_WORDS, normaliseWord, type ImportField } from './fields';

/** A cell as a parser hands it over: text, a number, a boolean, a date (a Date cell), or empty. */
export type Cell = string | number | boolean | Date | null;

export interface ValueProblem {
  /** Catalog key under `import.problems.` and its parameters. */
  key: string;
  params?: Record<string, unknown>;
}

export type Coerced = { ok: true; value: unknown } | { ok: false; problem: ValueProblem };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const bad = (key: string, params?: Record<string, unknown>): Coerced => ({ ok: false, problem: { key, params } });

const pad = (n: number) => String(n).padStart(2, '0');

/** A real calendar date as YYYY-MM-DD, or null (2026-02-30, month 13). */
export function calendarDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Excel's day numbers (1900 system, with its 1900-02-29 that never was): 46000 → 2025-12-09. */
export function excelSerialDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 200_000) return null;
  const ms = Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000;
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The time of day of an Excel serial (its fraction), as HH:MM:SS, or null at midnight. */
function excelSerialTime(serial: number): string | null {
  const seconds = Math.round((serial - Math.floor(serial)) * 86_400);
  if (seconds <= 0 || seconds >= 86_400) return null;
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const MONTH_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;

/** A date cell's calendar day. exceljs hands Date cells over as UTC midnight of the day shown. */
const dateOfDateCell = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function readDate(cell: Cell): { date: string; time: string | null; zone: string | null } | ValueProblem {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { key: 'badDate', params: { value: String(cell) } };
    const time = `${pad(cell.getUTCHours())}:${pad(cell.getUTCMinutes())}:${pad(cell.getUTCSeconds())}`;
    return { date: dateOfDateCell(cell), time: time === '00:00:00' ? null : time, zone: null };
  }
  if (typeof cell === 'number') {
    const date = excelSerialDate(cell);
    return date ? { date, time: excelSerialTime(cell), zone: null } : { key: 'badDate', params: { value: String(cell) } };
  }
  const text = String(cell).trim();
  if (/^\d{5}(\.\d+)?$/.test(text)) return readDate(Number(text));
  const m = DATE_TEXT.exec(text);
  if (!m) return { key: 'badDate', params: { value: text } };
  const date = calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!date) return { key: 'noSuchDate', params: { value: text } };
  let time: string | null = null;
  if (m[4] !== undefined) {
    const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (h > 23 || min > 59 || s > 59) return { key: 'badDate', params: { value: text } };
    time = `${pad(h)}:${pad(min)}:${pad(s)}`;
  }
  const zone = m[7] ? (m[7] === 'Z' ? 'Z' : m[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : null;
  return { date, time, zone };
}

const isProblem = (x: object): x is ValueProblem => 'key' in x;

/** Whole and decimal numbers as sheets write them: 1,234.5 · 1 234 · ¥1,200 · 12% (→ 12). */
function readNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell === 'boolean' || cell instanceof Date || cell === null) return null;
  const text = cell
    .normalize('NFKC')
    .trim()
    .replace(/^[¥$€£]|元$|%$/g, '')
    .replace(/[,\s]/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return null;
  return Number(text);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '对', '有', '已完成', '完成', 'done', 'x', '✓', '√']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '无', '未完成', '不是', 'open', '']);

/** Per list of codes: each word met so far → its code (a sheet repeats a handful of words in every row). */
const enumCodes = new WeakMap<readonly string[], Map<string, string | null>>();

/** An enumeration word → its code among `values`: the code itself, its words, or nothing. */
export function enumCode(word: string, values: readonly string[]): string | null {
  let known = enumCodes.get(values);
  if (!known) enumCodes.set(values, (known = new Map()));
  let code = known.get(word);
  if (code === undefined) {
    // Bounded: a column of free text mapped to an enumeration must not grow this without end.
    if (known.size >= 1000) known.clear();
    known.set(word, (code = lookUpEnumCode(word, values)));
  }
  return code;
}

function lookUpEnumCode(word: string, values: readonly string[]): string | null {
  const key = normaliseWord(word);
  const direct = values.find((v) => normaliseWord(v) === key);
  if (direct) return direct;
  const mapped = ENUM_WORDS[key] ?? ENUM_WORDS[word.trim()];
  for (const code of typeof mapped === 'string' ? [mapped] : (mapped ?? [])) if (values.includes(code)) return code;
  return null;
}

/** Splits a cell holding several values: ; , 、 ， ／ / and new lines. */
export const splitList = (text: string): string[] =>
  text
    .split(/[;；,，、/／\n]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

export const isEmptyCell = (cell: Cell): boolean => cell === null || (typeof cell === 'string' && cell.trim() === '');

/** The text of a cell (numbers as written, dates as YYYY-MM-DD). */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return dateOfDateCell(cell);
  return String(cell).trim();
}

/** Reads one non-empty cell as `field` wants it. */
export function coerce(field: ImportField, cell: Cell): Coerced {
  switch (field.type) {
    case 'text':
      return ok(cellText(cell));
    case 'list':
      return ok(splitList(cellText(cell)));
    case 'int':
    case 'number': {
      const n = readNumber(cell);
      if (n === null) return bad('badNumber', { value: cellText(cell) });
      if (field.type === 'int' && !Number.isInteger(n)) return bad('badInteger', { value: cellText(cell) });
      return ok(n);
    }
    case 'bool': {
      if (typeof cell === 'boolean') return ok(cell);
      const word = cellText(cell).toLowerCase();
      if (TRUE_WORDS.has(word)) return ok(true);
      if (FALSE_WORDS.has(word)) return ok(false);
      return bad('badBool', { value: cellText(cell) });
    }
    case 'date': {
      const d = readDate(cell);
      return isProblem(d) ? { ok: false, problem: d } : ok(d.date);
    }
    case 'datetime': {
      const d = readDate(cell);
      if (isProblem(d)) return { ok: false, problem: d };
      if (d.zone) return ok(`${d.date}T${d.time ?? '00:00:00'}${d.zone}`);
      // A time without a zone is the sheet's wall-clock time where it is imported (this device's zone).
      const [y, mo, day] = d.date.split('-').map(Number) as [number, number, number];
      const [h, mi, sec] = (d.time ?? '00:00:00').split(':').map(Number) as [number, number, number];
      return ok(new Date(y, mo - 1, day, h, mi, sec).toISOString());
    }
    case 'month': {
      if (typeof cell === 'string') {
        const m = MONTH_TEXT.exec(cell.trim());
        if (m) {
          const month = Number(m[2]);
          return month >= 1 && month <= 12 ? ok(`${m[1]}-${pad(month)}`) : bad('noSuchDate', { value: cell.trim() });
        }
      }
      const d = readDate(cell);
      return isProblem(d) ? { ok: false, problem: d } : ok(d.date.slice(0, 7));
    }
    case 'enum': {
      const code = enumCode(cellText(cell), field.values ?? []);
      return code ? ok(code) : bad('unknownChoice', { value: cellText(cell), values: (field.values ?? []).join(', ') });
    }
    case 'enumList': {
      const codes: string[] = [];
      for (const word of splitList(cellText(cell))) {
        const code = enumCode(word, field.values ?? []);
        if (!code) return bad('unknownChoice', { value: word, values: (field.values ?? []).join(', ') });
        if (!codes.includes(code)) codes.push(code);
      }
      return ok(codes);
    }
  }
}
