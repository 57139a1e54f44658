/**
 * The search indexes' upkeep outside the triggers of migrations/0001_search.sql: the SQL function
 * the triggers call, and the background rebuild after a bulk load (a bootstrap from a snapshot
 * would otherwise spend minutes tokenizing a million touchpoints before the laptop is usable).
 */
import type Database from 'better-sqlite3';

/** The tables whose rows the search indexes hold, in rebuild order (names first: most looked for). */
export const SEARCHED_TABLES = ['accounts', 'people', 'touchpoints'] as const;

/**
 * From this many new rows of a table in one write (an import, the changes a sync round applies),
 * the search indexes take them afterwards (deferSearchIndexOfNewRows): tokenizing a row costs more
 * than writing it, and the rows are there to show sooner.
 */
export const DEFER_SEARCH_ROWS = 1000;
const INDEX_TABLES = ['search_records', 'search_touchpoints', 'search_record_chars', 'search_touchpoint_chars'];

const CJK = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;

/** Every CJK character as a word of its own, so unicode61 indexes it: 张伟到访 → " 张  伟  到  访 ". */
export const spaced = (text: string): string => text.replace(CJK, ' $1 ');

/** Registers rapport_spaced() on a connection; the search triggers need it before any write. */
export function registerSearchFunctions(sqlite: Database.Database): void {
  sqlite.function('rapport_spaced', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? spaced(text) : ''));
}

/** Stops per-row indexing and empties the indexes: the caller is about to load many rows. */
export function deferSearchIndex(sqlite: Database.Database): void {
  for (const index of INDEX_TABLES) sqlite.prepare(`DELETE FROM ${index}`).run();
  const defer = sqlite.prepare('INSERT INTO search_progress (tbl, cursor) VALUES (?, 0) ON CONFLICT(tbl) DO UPDATE SET cursor = 0');
  for (const table of SEARCHED_TABLES) defer.run(table);
}

/** The tables whose rows are not all indexed yet (search scans them meanwhile). */
export function pendingSearchTables(sqlite: Database.Database): Set<string> {
  return new Set((sqlite.prepare('SELECT tbl FROM search_progress').all() as { tbl: string }[]).map((r) => r.tbl));
}

/**
 * Stops per-row indexing of rows added to `tables` from now on (a big import: tokenizing a name
 * costs more than writing its record), leaving what is indexed as it is. The catch-up
 * (searchIndexSteps) indexes them afterwards; search scans them meanwhile. A table already
 * waiting for its catch-up keeps its place.
 */
export function deferSearchIndexOfNewRows(sqlite: Database.Database, tables: readonly SearchedTable[]): void {
  const defer = sqlite.prepare('INSERT INTO search_progress (tbl, cursor) VALUES (?, ?) ON CONFLICT(tbl) DO NOTHING');
  for (const table of tables) defer.run(table, (sqlite.prepare(`SELECT coalesce(max(rowid), 0) AS m FROM ${table}`).get() as { m: number }).m);
}

export type SearchedTable = (typeof SEARCHED_TABLES)[number];

export const isSearchedTable = (table: string): table is SearchedTable => (SEARCHED_TABLES as readonly string[]).includes(table);

export interface IndexProgress {
  done: number;
  total: number;
}

/**
 * The catch-up: indexes the rows a deferral left out, `batch` rows per step, each step inside the
 * caller's transaction (a job's chunk, or one of rebuildSearchIndex's). A step advances the table's
 * cursor and touches the rows it now covers, which fires the same update triggers a user's edit
 * fires: one definition of what is indexed, in the migration.
 */
export function* searchIndexSteps(sqlite: Database.Database, batch: number): Generator<IndexProgress, void, void> {
  const tables = SEARCHED_TABLES.filter((t) => pendingSearchTables(sqlite).has(t));
  const left = (table: string, cursor: number) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE rowid > ?`).get(cursor) as { n: number }).n;
  const cursorOf = (table: string) => (sqlite.prepare('SELECT cursor FROM search_progress WHERE tbl = ?').get(table) as { cursor: number } | undefined)?.cursor;
  const total = tables.reduce((n, t) => n + left(t, cursorOf(t) ?? Number.MAX_SAFE_INTEGER), 0);
  let done = 0;
  for (const table of tables) {
    const touchColumn = table === 'touchpoints' ? 'summary' : 'name';
    for (;;) {
      const cursor = cursorOf(table);
      if (cursor === undefined) break; // caught up meanwhile by another connection (the sync thread)
      const rows = sqlite.prepare(`SELECT rowid AS r FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`).all(cursor, batch) as { r: number }[];
      if (rows.length === 0) {
        sqlite.prepare('DELETE FROM search_progress WHERE tbl = ?').run(table);
        break;
      }
      const upTo = rows[rows.length - 1]!.r;
      sqlite.prepare('UPDATE search_progress SET cursor = ? WHERE tbl = ?').run(upTo, table);
      sqlite.prepare(`UPDATE ${table} SET ${touchColumn} = ${touchColumn} WHERE rowid > ? AND rowid <= ?`).run(cursor, upTo);
      done += rows.length;
      yield { done, total: Math.max(total, done) };
    }
  }
}

/** The whole catch-up at once, a batch per transaction, so other connections write in between (the sync thread, the CLI). */
export function rebuildSearchIndex(sqlite: Database.Database, onProgress: (p: IndexProgress) => void = () => undefined, batch = 20_000): void {
  if (pendingSearchTables(sqlite).size === 0) return;
  const steps = searchIndexSteps(sqlite, batch);
  const step = sqlite.transaction(() => steps.next());
  for (let next = step.immediate(); !next.done; next = step.immediate()) onProgress(next.value);
}
