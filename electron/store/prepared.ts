/**
 * The one way the store runs SQL: statements prepared once per connection and reused (preparing
 * costs more than running a small statement, and sync applies thousands a second). Every query
 * lives behind a named function of this folder; callers never write SQL of their own.
 */
import type Database from 'better-sqlite3';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The statement for `sql` on this connection, prepared on first use, in its plain mode (rows as
 * objects): a caller that wants `.pluck()` or `.raw()` asks for it each time, so one caller's mode
 * never leaks into another's use of the same statement.
 */
export function prepared(sqlite: Database.Database, sql: string): Database.Statement {
  let statements = cache.get(sqlite);
  if (!statements) cache.set(sqlite, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = sqlite.prepare(sql)));
  else if (statement.reader) statement.raw(false).pluck(false);
  return statement;
}

/** Quotes an identifier that came from the live schema (a table or column name), never from a caller. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Row counts a multi-row insert is prepared for: rows go in blocks of these, largest first, so a statement shape has at most four. */
const BLOCKS = [256, 32, 4, 1];

/** SQLite's limit on a statement's parameters (SQLITE_MAX_VARIABLE_NUMBER): a block of wide rows stays under it. */
const MAX_PARAMETERS = 32_766;

/**
 * Inserts rows with `head` (`INSERT INTO t (a, b)`) and one `VALUES (…), (…)` statement per block
 * of rows: each value bound as a single-row insert binds it, without a call into SQLite per row
 * (a group of an import's records). Every row has as many values as `head` names columns.
 */
export function insertValues(sqlite: Database.Database, head: string, rows: readonly (readonly unknown[])[]): void {
  if (rows.length === 0) return;
  const sql = blockSql(head, rows[0]!.length);
  let at = 0;
  for (const [b, block] of BLOCKS.entries()) {
    if (block > 1 && block * rows[0]!.length > MAX_PARAMETERS) continue;
    for (; rows.length - at >= block; at += block) {
      const values: unknown[] = [];
      for (let i = at; i < at + block; i++) for (const value of rows[i]!) values.push(value);
      prepared(sqlite, sql[b]!).run(values);
    }
  }
}

/** Each block's statement text for a head, made once: every record the change log writes passes here, one at a time mostly. */
const blockSqls = new Map<string, string[]>();

function blockSql(head: string, width: number): string[] {
  const key = `${width}\u0000${head}`;
  let sql = blockSqls.get(key);
  if (!sql) {
    const one = `(${Array.from({ length: width }, () => '?').join(', ')})`;
    blockSqls.set(key, (sql = BLOCKS.map((block) => `${head} VALUES ${Array.from({ length: block }, () => one).join(', ')}`)));
  }
  return sql;
}
