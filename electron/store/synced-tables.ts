/**
 * The synced tables as the store holds them: discovered from the live schema (every table with a
 * `sync_clocks` column), and the generic row statements that the change log, the applier and the
 * bin use on any of them. Table and column names come from the live schema, never from a caller.
 */
import type Database from 'better-sqlite3';
import { ident, insertValues, prepared } from './prepared';

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

/** Columns that are bookkeeping, not fields: never carried by a change. */
const NOT_FIELDS = new Set(['id', 'updated_at', 'sync_clocks']);

export interface SyncedTableInfo {
  name: string;
  /** SQL names of the synced fields (everything but id, updated_at and sync_clocks). */
  fields: string[];
  /** The same, to ask of one field (every write asks of each field it sets). */
  fieldSet: ReadonlySet<string>;
}

const infoCache = new WeakMap<Database.Database, ReadonlyMap<string, SyncedTableInfo>>();

/**
 * The synced tables of this store and their fields, read from the database itself. Reading the
 * live schema (not the code's) is what lets a store migrated by a newer version, or a test
 * standing in for one, know the newer columns.
 */
export function syncedTablesOf(sqlite: Database.Database): ReadonlyMap<string, SyncedTableInfo> {
  let info = infoCache.get(sqlite);
  if (!info) {
    const tables = sqlite
      .prepare(
        "SELECT m.name AS name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'sync_clocks') ORDER BY m.name",
      )
      .all() as { name: string }[];
    info = new Map(
      tables.map(({ name }) => {
        const columns = (sqlite.prepare('SELECT name FROM pragma_table_info(?)').all(name) as { name: string }[]).map((c) => c.name);
        const fields = columns.filter((c) => !NOT_FIELDS.has(c));
        return [name, { name, fields, fieldSet: new Set(fields) }];
      }),
    );
    infoCache.set(sqlite, info);
  }
  return info;
}

function known(sqlite: Database.Database, table: string): SyncedTableInfo {
  const info = syncedTablesOf(sqlite).get(table);
  if (!info) throw new Error(`${table} is not a synced table of this store`);
  return info;
}

function checkColumns(info: SyncedTableInfo, columns: string[]): void {
  for (const c of columns) if (c !== 'updated_at' && c !== 'sync_clocks' && !info.fieldSet.has(c)) throw new Error(`${info.name}.${c} is not a synced field`);
}

/** A row by id, every column, or undefined. */
export function rowOf(sqlite: Database.Database, table: string, id: string): Row | undefined {
  return prepared(sqlite, `SELECT * FROM ${ident(known(sqlite, table).name)} WHERE id = ?`).get(id) as Row | undefined;
}

/** The rows of these ids (one query for a batch, not one per row). */
export function rowsOf(sqlite: Database.Database, table: string, ids: string[]): Row[] {
  return prepared(sqlite, `SELECT * FROM ${ident(known(sqlite, table).name)} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Row[];
}

/** Inserts a row: `id` and the given columns (fields, `updated_at`, `sync_clocks`). */
export function insertRow(sqlite: Database.Database, table: string, id: string, values: Row): void {
  const info = known(sqlite, table);
  const columns = Object.keys(values);
  checkColumns(info, columns);
  prepared(sqlite, `INSERT INTO ${ident(info.name)} (id${columns.map((c) => `, ${ident(c)}`).join('')}) VALUES (?${', ?'.repeat(columns.length)})`).run(
    id,
    ...columns.map((c) => values[c] ?? null),
  );
}

/**
 * Inserts rows as insertRow inserts each, in one statement per block of rows (prepared.ts,
 * insertValues): a column some rows leave out gets its declared default in those rows, as a
 * single-row insert would give it; a row that leaves out a column whose default is an expression
 * is inserted on its own.
 */
export function insertRows(sqlite: Database.Database, table: string, rows: readonly { id: string; values: Row }[]): void {
  if (rows.length === 1) return insertRow(sqlite, table, rows[0]!.id, rows[0]!.values);
  const info = known(sqlite, table);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  checkColumns(info, columns);
  const defaults = literalDefaults(sqlite, info.name);
  const head = `INSERT INTO ${ident(info.name)} (id${columns.map((c) => `, ${ident(c)}`).join('')})`;
  let run: SqlValue[][] = [];
  for (const { id, values } of rows) {
    const row: SqlValue[] = [id];
    for (const column of columns) {
      if (column in values) row.push(values[column] ?? null);
      else if (defaults.has(column)) row.push(defaults.get(column)!);
      else break;
    }
    if (row.length === columns.length + 1) {
      run.push(row);
      continue;
    }
    insertValues(sqlite, head, run);
    run = [];
    insertRow(sqlite, table, id, values);
  }
  insertValues(sqlite, head, run);
}

const defaultsCache = new WeakMap<Database.Database, Map<string, ReadonlyMap<string, SqlValue>>>();

/** The columns whose declared default is a constant (a number, a string, NULL, or none), with that value. */
function literalDefaults(sqlite: Database.Database, table: string): ReadonlyMap<string, SqlValue> {
  let tables = defaultsCache.get(sqlite);
  if (!tables) defaultsCache.set(sqlite, (tables = new Map()));
  let defaults = tables.get(table);
  if (!defaults) {
    const found = new Map<string, SqlValue>();
    for (const { name, dflt_value: text } of sqlite.prepare('SELECT name, dflt_value FROM pragma_table_info(?)').all(table) as {
      name: string;
      dflt_value: string | null;
    }[]) {
      if (text === null || /^null$/i.test(text)) found.set(name, null);
      else if (/^'(?:[^']|'')*'$/s.test(text)) found.set(name, text.slice(1, -1).replace(/''/g, "'"));
      else if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) found.set(name, Number(text));
    }
    tables.set(table, (defaults = found));
  }
  return defaults;
}

/** Sets the given columns of a row. */
export function updateRow(sqlite: Database.Database, table: string, id: string, values: Row): void {
  const info = known(sqlite, table);
  const columns = Object.keys(values);
  if (columns.length === 0) return;
  checkColumns(info, columns);
  prepared(sqlite, `UPDATE ${ident(info.name)} SET ${columns.map((c) => `${ident(c)} = ?`).join(', ')} WHERE id = ?`).run(
    ...columns.map((c) => values[c] ?? null),
    id,
  );
}

export function deleteRow(sqlite: Database.Database, table: string, id: string): void {
  prepared(sqlite, `DELETE FROM ${ident(known(sqlite, table).name)} WHERE id = ?`).run(id);
}

/** The ids and field clocks of a table's rows in the bin, in id order. */
export function binnedRows(sqlite: Database.Database, table: string): Iterable<[id: string, clocks: string]> {
  return prepared(sqlite, `SELECT id, sync_clocks FROM ${ident(known(sqlite, table).name)} WHERE deleted_at IS NOT NULL ORDER BY id`)
    .raw(true)
    .iterate() as Iterable<[string, string]>;
}

/** The rows of `table` whose `column` names `id`: a record's parts. */
export function rowsNaming(sqlite: Database.Database, table: string, column: string, id: string): { id: string; sync_clocks: string }[] {
  const info = known(sqlite, table);
  checkColumns(info, [column]);
  return prepared(sqlite, `SELECT id, sync_clocks FROM ${ident(info.name)} WHERE ${ident(column)} = ?`).all(id) as { id: string; sync_clocks: string }[];
}

/** Which of `ids` a row outside the bin names in `column` (a JSON list of ids when `many`). */
export function namedBy(sqlite: Database.Database, table: string, column: string, many: boolean, ids: string[]): string[] {
  const info = known(sqlite, table);
  checkColumns(info, [column]);
  const col = ident(column);
  const sql = many
    ? `SELECT DISTINCT j.value FROM ${ident(info.name)} t, json_each(CASE WHEN json_valid(t.${col}) THEN t.${col} ELSE '[]' END) j
       WHERE t.deleted_at IS NULL AND j.value IN (SELECT value FROM json_each(?))`
    : `SELECT DISTINCT ${col} FROM ${ident(info.name)} WHERE deleted_at IS NULL AND ${col} IN (SELECT value FROM json_each(?))`;
  return prepared(sqlite, sql).pluck(true).all(JSON.stringify(ids)) as string[];
}

/** How many rows a table holds. */
export function rowCount(sqlite: Database.Database, table: string): number {
  return (prepared(sqlite, `SELECT count(*) AS n FROM ${ident(known(sqlite, table).name)}`).get() as { n: number }).n;
}

/** Every row as a value list: id, the fields in `fields` order, sync_clocks, updated_at; by id (a snapshot's rows). */
export function eachRowValues(sqlite: Database.Database, table: string): Iterable<SqlValue[]> {
  const info = known(sqlite, table);
  return prepared(sqlite, `SELECT id, ${[...info.fields, 'sync_clocks', 'updated_at'].map(ident).join(', ')} FROM ${ident(info.name)} ORDER BY id`)
    .raw(true)
    .iterate() as Iterable<SqlValue[]>;
}

/** Every row of a table, fields in name order between `id` and `updated_at`, by id: the canonical export's. */
export function canonicalRows(sqlite: Database.Database, table: string): Row[] {
  const info = known(sqlite, table);
  const columns = ['id', ...info.fields.filter((f) => f !== 'id').sort(), 'updated_at'];
  return prepared(sqlite, `SELECT ${columns.map(ident).join(', ')} FROM ${ident(info.name)} ORDER BY id`).all() as Row[];
}

/** The newest `updated_at` among these tables (after a bulk load: where the clock must move past). */
export function newestUpdate(sqlite: Database.Database, tables: string[]): string {
  let newest = '';
  for (const table of tables) {
    const u = prepared(sqlite, `SELECT max(updated_at) AS u FROM ${ident(known(sqlite, table).name)}`).get() as { u: string | null };
    if (u.u && u.u > newest) newest = u.u;
  }
  return newest;
}

/**
 * For a bulk load inside the caller's transaction: the tables' triggers and secondary indexes are
 * dropped (and with `empty`, their rows deleted first), and the returned function makes them
 * again. A million rows load much faster with nothing to keep up; DDL is transactional in SQLite,
 * so a crash leaves everything as it was.
 */
export function setAsideIndexes(sqlite: Database.Database, tables: string[], options: { empty?: boolean } = {}): () => void {
  if (options.empty) for (const table of tables) sqlite.prepare(`DELETE FROM ${ident(known(sqlite, table).name)}`).run();
  const aside = sqlite
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(tables)) as { type: string; name: string; sql: string }[];
  for (const item of aside) sqlite.exec(`DROP ${item.type === 'index' ? 'INDEX' : 'TRIGGER'} ${ident(item.name)}`);
  return () => {
    for (const item of aside) sqlite.exec(item.sql);
  };
}
