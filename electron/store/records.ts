/**
 * Reading records of any kind (shared/kinds.ts) as the store holds them: one row, a list with
 * the kind's filters and order, and the existence checks the reference rules need. Rows come
 * back with SQL column names; the services turn them into contract records. Writes go through
 * the change log (electron/sync/changes.ts), never here.
 */
import type Database from 'better-sqlite3';
import { ident, prepared } from './prepared';
import type { Row } from './synced-tables';

export type State = 'active' | 'deleted' | 'all';

export interface Filter {
  column: string;
  /** `equals`: the column holds the value; `includes`: the column's JSON list holds it. */
  match: 'equals' | 'includes';
  value: string;
}

const STATE_SQL: Record<State, string | null> = { active: 'deleted_at IS NULL', deleted: 'deleted_at IS NOT NULL', all: null };

function where(state: State, filters: Filter[]): string {
  const parts = [
    STATE_SQL[state],
    ...filters.map((f) =>
      f.match === 'equals'
        ? `${ident(f.column)} = ?`
        : `EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(${ident(f.column)}) THEN ${ident(f.column)} ELSE '[]' END) WHERE value = ?)`,
    ),
  ];
  const present = parts.filter((p): p is string => p !== null);
  return present.length > 0 ? ` WHERE ${present.join(' AND ')}` : '';
}

/** The rows of a table in a state, narrowed by filters, in the given column order (else by id). */
export function listRows(
  sqlite: Database.Database,
  table: string,
  state: State,
  filters: Filter[],
  order: readonly (readonly [column: string, direction: 'asc' | 'desc'])[],
): Row[] {
  const orderSql = order.length > 0 ? order.map(([c, d]) => `${ident(c)} ${d === 'desc' ? 'DESC' : 'ASC'}`).join(', ') : 'id';
  return prepared(sqlite, `SELECT * FROM ${ident(table)}${where(state, filters)} ORDER BY ${orderSql}`).all(...filters.map((f) => f.value)) as Row[];
}

export function findRow(sqlite: Database.Database, table: string, id: string): Row | undefined {
  return prepared(sqlite, `SELECT * FROM ${ident(table)} WHERE id = ?`).get(id) as Row | undefined;
}

/** A record that exists and is not in the bin, with its account (for the same-account rule), or undefined. */
export function liveRecord(sqlite: Database.Database, table: string, id: string): { id: string; accountId: string | null } | undefined {
  const hasAccount = columnsOf(sqlite, table).has('account_id');
  return prepared(sqlite, `SELECT id, ${hasAccount ? 'account_id' : 'NULL'} AS accountId FROM ${ident(table)} WHERE id = ? AND deleted_at IS NULL`).get(id) as
    { id: string; accountId: string | null } | undefined;
}

/** One column of a record (a parent link, a reporting line), for walking a chain. */
export function columnOfRecord(sqlite: Database.Database, table: string, column: string, id: string): unknown {
  return prepared(sqlite, `SELECT ${ident(column)} FROM ${ident(table)} WHERE id = ?`)
    .pluck(true)
    .get(id);
}

const columnCache = new WeakMap<Database.Database, Map<string, Set<string>>>();

/** The live columns of a table. */
export function columnsOf(sqlite: Database.Database, table: string): Set<string> {
  let tables = columnCache.get(sqlite);
  if (!tables) columnCache.set(sqlite, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns)
    tables.set(table, (columns = new Set((sqlite.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name))));
  return columns;
}
