/**
 * The search indexes' upkeep outside the triggers of migrations/0001_search.sql: the SQL function
 * the triggers call, and the background rebuild after a bulk load (a bootstrap from a snapshot
 * would otherwise spend minutes tokenizing a million touchpoints before the laptop is usable).
 */
import type Database from 'better-sqlite3';

/** The tables whose rows the search indexes hold, in rebuild order (names first: most looked for). */
export const SEARCHED_TABLES = ['accounts', 'people', 'touchpoints'] as const;
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

export interface IndexProgress {
  done: number;
  total: number;
}

/**
 * Indexes the rows a deferral left out, a batch per transaction, so the app keeps working. Each
 * batch advances the table's cursor and touches the rows it now covers, which fires the same
 * update triggers a user's edit fires: one definition of what is indexed, in the migration.
 */
export function rebuildSearchIndex(sqlite: Database.Database, onProgress: (p: IndexProgress) => void = () => undefined, batch = 20_000): void {
  const pending = pendingSearchTables(sqlite);
  const tables = SEARCHED_TABLES.filter((t) => pending.has(t));
  if (tables.length === 0) return;
  const total = tables.reduce((n, t) => n + (sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n, 0);
  let done = 0;
  for (const table of tables) {
    const touchColumn = table === 'touchpoints' ? 'summary' : 'name';
    const step = sqlite.transaction(() => {
      const { cursor } = sqlite.prepare('SELECT cursor FROM search_progress WHERE tbl = ?').get(table) as { cursor: number };
      const rows = sqlite.prepare(`SELECT rowid AS r FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`).all(cursor, batch) as { r: number }[];
      if (rows.length === 0) {
        sqlite.prepare('DELETE FROM search_progress WHERE tbl = ?').run(table);
        return 0;
      }
      const upTo = rows[rows.length - 1]!.r;
      sqlite.prepare('UPDATE search_progress SET cursor = ? WHERE tbl = ?').run(upTo, table);
      sqlite.prepare(`UPDATE ${table} SET ${touchColumn} = ${touchColumn} WHERE rowid > ? AND rowid <= ?`).run(cursor, upTo);
      return rows.length;
    });
    for (let n = step.immediate(); n > 0; n = step.immediate()) {
      done += n;
      onProgress({ done, total });
    }
  }
}
