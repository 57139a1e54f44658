/**
 * Which column fills which field: suggested from the header names (Chinese and English), or read
 * from a saved preset by header name; and where the header row is (after any title rows).
 */
import { fieldsOf, normaliseWord, type ImportKind } from './fields';
import type { ImportPreset } from './schemas';
import { cellText, isEmptyCell, type Cell } from './values';

/** The field a header names, or null. Exact names first, then a header that contains a known name (客户名称（全称）). */
export function fieldOfHeader(kind: ImportKind, header: string): string | null {
  return headerMatches(kind, header)[0]?.field ?? null;
}

/** Words of a header as Latin text is split: "E-mail 1 - Value" → " e mail 1 value ", "CompanyName" → " company name ". */
const wordsOf = (text: string): string =>
  ` ${text
    .normalize('NFKC')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ')} `;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * The fields a header names, most specific first: the same name (as normalised) before a name
 * within the header, a longer name before a shorter one. Within a header a Latin name counts as
 * whole words only ("Nickname" does not name `name`); a Chinese one anywhere ("客户名称" names 客户).
 */
function headerMatches(kind: ImportKind, header: string): { field: string; score: number }[] {
  const h = normaliseWord(header);
  if (!h) return [];
  const best = new Map<string, number>();
  const words = wordsOf(header);
  for (const f of fieldsOf(kind)) {
    for (const name of f.headers) {
      const n = normaliseWord(name);
      const score = n === h ? 1000 + n.length : n.length >= 2 && (CJK.test(name) ? h.includes(n) : words.includes(wordsOf(name))) ? n.length : 0;
      if (score > (best.get(f.field) ?? 0)) best.set(f.field, score);
    }
  }
  return [...best].map(([field, score]) => ({ field, score })).sort((a, b) => b.score - a.score);
}

/**
 * One field per column at most, one column per field. The most specific naming is served first:
 * Outlook's "Job Title" gets the title before its "Title" (Mr, Dr) could; Google's "Organization
 * Title" gets it when "Organization Name" has taken the account. On a tie, the first column.
 */
export function suggestMapping(kind: ImportKind, headers: readonly string[]): (string | null)[] {
  const candidates = headers
    .flatMap((header, column) => headerMatches(kind, header).map((m) => ({ column, ...m })))
    .sort((a, b) => b.score - a.score || a.column - b.column);
  const mapping: (string | null)[] = headers.map(() => null);
  const taken = new Set<string>();
  for (const { column, field } of candidates) {
    if (mapping[column] !== null || taken.has(field)) continue;
    taken.add(field);
    mapping[column] = field;
  }
  return mapping;
}

/** A preset applied by header name; columns it does not know keep the suggestion. */
export function mappingFromPreset(preset: ImportPreset, headers: readonly string[]): (string | null)[] {
  const suggested = suggestMapping(preset.kind, headers);
  const known = new Set(fieldsOf(preset.kind).map((f) => f.field));
  const taken = new Set<string>();
  const mapped = headers.map((header) => {
    const field = preset.columns[normaliseWord(header)];
    if (field === undefined) return undefined;
    if (field === '' || !known.has(field)) return null;
    taken.add(field);
    return field;
  });
  return mapped.map((field, i) => (field !== undefined ? field : suggested[i] && !taken.has(suggested[i]) ? suggested[i] : null));
}

/** A mapping saved under a name: each header (normalised) with its field, '' for a column left out. */
export const presetColumns = (headers: readonly string[], mapping: readonly (string | null)[]): Record<string, string> =>
  Object.fromEntries(headers.map((h, i) => [normaliseWord(h), mapping[i] ?? '']).filter(([h]) => h !== ''));

/**
 * The header row among the first rows: the one naming most known fields; without any, the first
 * row with two or more text cells. Title rows ("2026年客户联系人清单") above it are skipped.
 */
/** How many of the kind's fields a row of headers names. */
export const headerScore = (kind: ImportKind, row: readonly Cell[]): number =>
  new Set(row.map((c) => (typeof c === 'string' ? fieldOfHeader(kind, c) : null)).filter((f) => f !== null)).size;

export function findHeaderRow(kind: ImportKind, rows: readonly (readonly Cell[])[], scan = 20): number {
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < Math.min(rows.length, scan); i++) {
    const score = headerScore(kind, rows[i] ?? []);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  if (best >= 0) return best;
  const first = rows.findIndex((row) => row.filter((c) => typeof c === 'string' && !isEmptyCell(c)).length >= 2);
  return Math.max(0, first);
}

export const headerTexts = (row: readonly Cell[]): string[] => row.map((c) => cellText(c));
