/**
 * The reads behind duplicates, merge and handover (electron/services/{duplicates,merge,handover}.ts):
 * the names and contact keys every record has, the merges and not-a-duplicate pairs, and the rows
 * whose reference field names a given record (a JSON list of ids when `many`).
 */
import type Database from 'better-sqlite3';
import { ident, prepared } from './prepared';
import type { Row } from './synced-tables';

export interface AccountNameRow {
  id: string;
  name: string;
  aliases: string;
}

export function accountNames(sqlite: Database.Database): AccountNameRow[] {
  return prepared(sqlite, 'SELECT id, name, aliases FROM accounts WHERE deleted_at IS NULL').all() as AccountNameRow[];
}

export interface PersonKeyRow {
  id: string;
  accountId: string;
  name: string;
  phone: string | null;
  email: string | null;
}

export function personKeyRows(sqlite: Database.Database, accountId?: string): PersonKeyRow[] {
  const sql = 'SELECT id, account_id AS accountId, name, phone, email FROM people WHERE deleted_at IS NULL';
  return (accountId === undefined ? prepared(sqlite, sql).all() : prepared(sqlite, `${sql} AND account_id = ?`).all(accountId)) as PersonKeyRow[];
}

/** People whose phone or e-mail holds one of these texts' digits or address (the create form's check). */
export function peopleByContact(sqlite: Database.Database, phoneTail: string | null, email: string | null): PersonKeyRow[] {
  return prepared(
    sqlite,
    `SELECT id, account_id AS accountId, name, phone, email FROM people WHERE deleted_at IS NULL
       AND ((? IS NOT NULL AND phone IS NOT NULL AND replace(replace(replace(replace(phone, ' ', ''), '-', ''), '+', ''), '(', '') LIKE '%' || ?)
         OR (? IS NOT NULL AND lower(trim(email)) = ?))`,
  ).all(phoneTail, phoneTail, email, email) as PersonKeyRow[];
}

export interface NamedRow {
  id: string;
  name: string;
  accountId: string | null;
  accountName: string | null;
}

/** Names (and their account's) of these records of `table` (accounts or people), in or out of the bin. */
export function namesOf(sqlite: Database.Database, table: 'accounts' | 'people', ids: string[]): NamedRow[] {
  const sql =
    table === 'accounts'
      ? 'SELECT id, name, NULL AS accountId, NULL AS accountName FROM accounts WHERE id IN (SELECT value FROM json_each(?))'
      : `SELECT p.id, p.name, p.account_id AS accountId, a.name AS accountName FROM people p LEFT JOIN accounts a ON a.id = p.account_id
         WHERE p.id IN (SELECT value FROM json_each(?))`;
  return prepared(sqlite, sql).all(JSON.stringify(ids)) as NamedRow[];
}

/** The pairs the team said are not duplicates, as `a\0b` (ids in string order). */
export function distinctPairKeys(sqlite: Database.Database, kind: string): Set<string> {
  const rows = prepared(sqlite, 'SELECT a_id AS a, b_id AS b FROM distinct_pairs WHERE deleted_at IS NULL AND kind = ?').all(kind) as {
    a: string;
    b: string;
  }[];
  return new Set(rows.map((r) => `${r.a}\u0000${r.b}`));
}

export interface MergeRow {
  id: string;
  kind: string;
  fromId: string;
  intoId: string;
  at: string;
  fromClocks: string;
  clocks: string;
}

export function mergeRows(sqlite: Database.Database): MergeRow[] {
  return prepared(
    sqlite,
    `SELECT id, kind, from_id AS fromId, into_id AS intoId, at, from_clocks AS fromClocks, sync_clocks AS clocks
       FROM merges WHERE deleted_at IS NULL ORDER BY at, id`,
  ).all() as MergeRow[];
}

/** Rows of `table` (in the bin too) whose `column` names one of `ids`: the column's value with the row's id. One pass, however many ids. */
export function rowsReferencingAny(
  sqlite: Database.Database,
  table: string,
  column: string,
  many: boolean,
  ids: readonly string[],
): { id: string; value: string | null }[] {
  if (ids.length === 0) return [];
  const col = ident(column);
  const sql = many
    ? `SELECT DISTINCT t.id, t.${col} AS value FROM ${ident(table)} t, json_each(CASE WHEN json_valid(t.${col}) THEN t.${col} ELSE '[]' END) j
        WHERE j.value IN (SELECT value FROM json_each(?))`
    : `SELECT id, ${col} AS value FROM ${ident(table)} WHERE ${col} IN (SELECT value FROM json_each(?))`;
  return prepared(sqlite, sql).all(JSON.stringify(ids)) as { id: string; value: string | null }[];
}

/** Rows of `table` (in the bin too) whose `column` names `id`. */
export const rowsReferencing = (sqlite: Database.Database, table: string, column: string, many: boolean, id: string) =>
  rowsReferencingAny(sqlite, table, column, many, [id]);

/** Live rows of `table` naming `id` in `column`, with their account (the account's own id for accounts) and the row's fields. */
export function liveRowsNaming(sqlite: Database.Database, table: string, column: string, many: boolean, id: string): Row[] {
  return rowsReferencing(sqlite, table, column, many, id).flatMap((r) => {
    const row = prepared(sqlite, `SELECT * FROM ${ident(table)} WHERE id = ? AND deleted_at IS NULL`).get(r.id) as Row | undefined;
    return row ? [row] : [];
  });
}

export interface CoverageRow {
  id: string;
  accountId: string;
  name: string;
  roles: string;
  influence: number;
  ownerIds: string;
  status: string;
}

/** Every live person with what makes them key and who of ours owns them (of one account, or all). */
export function coverageRows(sqlite: Database.Database, accountId: string | null): CoverageRow[] {
  return prepared(
    sqlite,
    `SELECT id, account_id AS accountId, name, roles, influence, owner_ids AS ownerIds, status FROM people
       WHERE deleted_at IS NULL AND (? IS NULL OR account_id = ?)`,
  ).all(accountId, accountId) as CoverageRow[];
}

/** How many live touchpoints since `since` each of our members took part in, by account. */
export function touchpointShares(sqlite: Database.Database, since: string, accountId: string | null): { accountId: string; memberId: string; n: number }[] {
  return prepared(
    sqlite,
    `SELECT t.account_id AS accountId, j.value AS memberId, count(*) AS n
       FROM touchpoints t, json_each(CASE WHEN json_valid(t.our_participants) THEN t.our_participants ELSE '[]' END) j
      WHERE t.deleted_at IS NULL AND t.at >= ? AND (? IS NULL OR t.account_id = ?)
      GROUP BY t.account_id, j.value`,
  ).all(since, accountId, accountId) as { accountId: string; memberId: string; n: number }[];
}

/** Live touchpoints since `since` per account (the denominator of a member's share). */
export function touchpointCounts(sqlite: Database.Database, since: string, accountId: string | null): Map<string, number> {
  const rows = prepared(
    sqlite,
    `SELECT account_id AS accountId, count(*) AS n FROM touchpoints WHERE deleted_at IS NULL AND at >= ? AND (? IS NULL OR account_id = ?) GROUP BY account_id`,
  ).all(since, accountId, accountId) as { accountId: string; n: number }[];
  return new Map(rows.map((r) => [r.accountId, r.n]));
}

/** Who of ours met whom of theirs since `since`: touchpoints per (person, member). */
export function acquaintances(
  sqlite: Database.Database,
  since: string,
  accountId: string | null,
): { personId: string; memberId: string; n: number; last: string }[] {
  return prepared(
    sqlite,
    `SELECT p.value AS personId, m.value AS memberId, count(*) AS n, max(t.at) AS last
       FROM touchpoints t,
            json_each(CASE WHEN json_valid(t.their_participants) THEN t.their_participants ELSE '[]' END) p,
            json_each(CASE WHEN json_valid(t.our_participants) THEN t.our_participants ELSE '[]' END) m
      WHERE t.deleted_at IS NULL AND t.at >= ? AND (? IS NULL OR t.account_id = ?)
      GROUP BY p.value, m.value`,
  ).all(since, accountId, accountId) as { personId: string; memberId: string; n: number; last: string }[];
}

/** Active team members (not in the bin, not marked inactive). */
export function activeMembers(sqlite: Database.Database): { id: string; name: string }[] {
  return prepared(sqlite, 'SELECT id, name FROM members WHERE deleted_at IS NULL AND active = 1 ORDER BY name, id').all() as { id: string; name: string }[];
}

/** The survivor a record was merged into (the latest merge naming it), or undefined. */
export function mergedInto(sqlite: Database.Database, id: string): string | undefined {
  return prepared(sqlite, 'SELECT into_id FROM merges WHERE from_id = ? AND deleted_at IS NULL ORDER BY at DESC, id DESC LIMIT 1').pluck(true).get(id) as
    string | undefined;
}

/** The handovers of members who left (live records), oldest first. */
export function handoverRows(sqlite: Database.Database): { id: string; memberId: string; toIds: string; assign: string }[] {
  return prepared(sqlite, 'SELECT id, member_id AS memberId, to_ids AS toIds, assign FROM handovers WHERE deleted_at IS NULL ORDER BY at, id').all() as {
    id: string;
    memberId: string;
    toIds: string;
    assign: string;
  }[];
}
