/**
 * Which column fills which field: suggested from the header names (Chinese and English), or read
 * from a saved preset by header name; and where the header row is (after any title rows).
 */
import { fieldsOf, normaliseWord, type ImportKind } from './fields';
import type { ImportPreset } from './schemas';
import { cellText, isEmptyCell, type Cell } from './values';

/** The field a header names, or null. Exact names first, then a header that contains a known name (客户名称（全称）). */
export function fieldOfHeader(kind: ImportKind, header: string): string | null {
  const h = normaliseWord(header);
  if (!h) return null;
  for (const f of fieldsOf(kind)) if (f.headers.some((name) => normaliseWord(name) === h)) return f.field;
  let best: { field: string; length: number } | null = null;
  for (const f of fieldsOf(kind)) {
    for (const name of f.headers) {
      const n = normaliseWord(name);
      if (n.length >= 2 && h.includes(n) && (!best || n.length > best.length)) best = { field: f.field, length: n.length };
    }
  }
  return best?.field ?? null;
}

/** One field per column at most: the first column naming a field gets it. */
export function suggestMapping(kind: ImportKind, headers: readonly string[]): (string | null)[] {
  const taken = new Set<string>();
  return headers.map((header) => {
    const field = fieldOfHeader(kind, header);
    if (!field || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
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
