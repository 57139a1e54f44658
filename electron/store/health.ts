/**
 * What the health model (shared/health) reads, loaded in bulk: one pass per table for every
 * account asked for, grouped by account, so a full recompute of a large portfolio is a handful
 * of scans rather than queries per account. And `account_health`, the last computed colour and
 * score of each account, which the portfolio sorts and filters by.
 *
 * Records in the bin are left out (the bin is not part of the relationship), except people, whose
 * `deletedAt` the model needs to rebuild the decision chain as of an earlier date.
 */
import type Database from 'better-sqlite3';
import type { HealthInput, HealthPerson } from '../../shared/health';
import { ident, prepared } from './prepared';

type Db = Database.Database;
type Row = Record<string, unknown>;

const list = (text: unknown): string[] => {
  try {
    const value: unknown = JSON.parse(String(text ?? '[]'));
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
};

/**
 * Rows of one table grouped by account: `select` (its columns and table) with `where` conditions,
 * narrowed to `accounts` (a JSON list bound as one parameter) when given. Two forms of SQL, not
 * `(? IS NULL OR …)`: that one kept SQLite from the account index, and one account read every
 * table whole (0.5 s a write at 1 M touchpoints).
 */
function rowsByAccount(
  sqlite: Db,
  select: string,
  accounts: string | null,
  { where = [], orderBy, params = {} }: { where?: readonly string[]; orderBy?: string; params?: Record<string, unknown> } = {},
): Map<string, Row[]> {
  const conditions = accounts === null ? where : [...where, 'account_id IN (SELECT value FROM json_each(@accounts))'];
  const sql = `${select}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
  const byAccount = new Map<string, Row[]>();
  for (const row of prepared(sqlite, sql).all(accounts === null ? params : { ...params, accounts }) as Row[]) {
    const id = String(row.account_id);
    let rows = byAccount.get(id);
    if (!rows) byAccount.set(id, (rows = []));
    rows.push(row);
  }
  return byAccount;
}

const LIVE = ['deleted_at IS NULL'];

/**
 * The health model's input for each account asked for (all live accounts when `accountIds` is
 * null), as of `asOf`. Touchpoints older than `touchpointDays` before it are not read: no indicator
 * looks further back, and a large store holds millions.
 */
export function healthInputs(sqlite: Db, accountIds: readonly string[] | null, asOf: string, touchpointDays = 400): Map<string, HealthInput> {
  const accounts = accountIds === null ? null : JSON.stringify(accountIds);
  const since = new Date(Date.parse(asOf) - touchpointDays * 86_400_000).toISOString();
  const accountRows = (
    accounts === null
      ? prepared(sqlite, 'SELECT id, tier, stage, created_at FROM accounts WHERE deleted_at IS NULL').all()
      : prepared(sqlite, 'SELECT id, tier, stage, created_at FROM accounts WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))').all(accounts)
  ) as Row[];
  const people = rowsByAccount(
    sqlite,
    'SELECT id, account_id, name, roles, stance, influence, owner_ids, status, successor_id, cadence, created_at, deleted_at FROM people',
    accounts,
  );
  const changes = rowsByAccount(sqlite, 'SELECT person_id, account_id, at, field, value FROM person_changes', accounts, { orderBy: 'at' });
  const touchpoints = rowsByAccount(sqlite, 'SELECT account_id, at, their_participants, our_participants, sentiment FROM touchpoints', accounts, {
    where: [...LIVE, 'at >= @since'],
    params: { since },
  });
  const purchases = rowsByAccount(sqlite, 'SELECT account_id, period, amount, currency FROM purchases', accounts, { where: LIVE });
  const requests = rowsByAccount(
    sqlite,
    'SELECT id, account_id, opened_at, closed_at, severity, complaint, first_response_hours FROM service_requests',
    accounts,
    { where: LIVE },
  );
  const surveys = rowsByAccount(sqlite, 'SELECT account_id, person_id, answered_on, nps, csat, ces FROM satisfaction_responses', accounts, { where: LIVE });
  const agreements = rowsByAccount(sqlite, 'SELECT id, account_id, title, renewal_date FROM agreements', accounts, { where: LIVE });
  const members = (prepared(sqlite, 'SELECT id, name, active, deleted_at FROM members').all() as Row[]).map((m) => ({
    id: String(m.id),
    name: String(m.name),
    active: m.active === 1 && m.deleted_at === null,
  }));

  const inputs = new Map<string, HealthInput>();
  for (const account of accountRows) {
    const id = String(account.id);
    const touches = (touchpoints.get(id) ?? []).map((t) => ({
      at: String(t.at),
      theirParticipants: list(t.their_participants),
      ourParticipants: list(t.our_participants),
      sentiment: t.sentiment === null ? null : Number(t.sentiment),
    }));
    // Each person's newest touchpoint up to `asOf`: the model ignores later ones anyway.
    const lastTouch = new Map<string, string>();
    for (const touch of touches) {
      if (touch.at > asOf) continue;
      for (const personId of touch.theirParticipants) if ((lastTouch.get(personId) ?? '') < touch.at) lastTouch.set(personId, touch.at);
    }
    inputs.set(id, {
      asOf,
      account: { id, tier: String(account.tier), stage: String(account.stage), createdAt: String(account.created_at) },
      people: (people.get(id) ?? []).map((p): HealthPerson => ({
        id: String(p.id),
        name: String(p.name),
        roles: list(p.roles),
        stance: String(p.stance),
        influence: Number(p.influence),
        ownerIds: list(p.owner_ids),
        status: String(p.status),
        successorId: p.successor_id === null ? null : String(p.successor_id),
        cadence: p.cadence === null ? null : String(p.cadence),
        createdAt: String(p.created_at),
        deletedAt: p.deleted_at === null ? null : String(p.deleted_at),
        lastTouchpointAt: lastTouch.get(String(p.id)) ?? null,
      })),
      changes: (changes.get(id) ?? []).map((c) => ({ personId: String(c.person_id), at: String(c.at), field: String(c.field), value: c.value })),
      touchpoints: touches,
      purchases: (purchases.get(id) ?? []).map((p) => ({ period: String(p.period), amount: Number(p.amount), currency: String(p.currency) })),
      requests: (requests.get(id) ?? []).map((r) => ({
        id: String(r.id),
        openedAt: String(r.opened_at),
        closedAt: r.closed_at === null ? null : String(r.closed_at),
        severity: String(r.severity),
        complaint: r.complaint === 1,
        firstResponseHours: r.first_response_hours === null ? null : Number(r.first_response_hours),
      })),
      surveys: (surveys.get(id) ?? []).map((s) => ({
        personId: s.person_id === null ? null : String(s.person_id),
        answeredOn: String(s.answered_on),
        nps: s.nps === null ? null : Number(s.nps),
        csat: s.csat === null ? null : Number(s.csat),
        ces: s.ces === null ? null : Number(s.ces),
      })),
      agreements: (agreements.get(id) ?? []).map((a) => ({
        id: String(a.id),
        title: a.title === null ? null : String(a.title),
        renewalDate: a.renewal_date === null ? null : String(a.renewal_date),
      })),
      members,
    });
  }
  return inputs;
}

export interface StoredHealth {
  accountId: string;
  score: number;
  colour: string;
  topReason: string | null;
  computedAt: string;
}

/** Writes the computed health of these accounts (one transaction; the caller holds it). */
export function saveHealth(sqlite: Db, rows: readonly StoredHealth[]): void {
  const upsert = prepared(
    sqlite,
    'INSERT INTO account_health (account_id, score, colour, top_reason, computed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(account_id) DO UPDATE SET score = excluded.score, colour = excluded.colour, top_reason = excluded.top_reason, computed_at = excluded.computed_at',
  );
  for (const row of rows) upsert.run(row.accountId, row.score, row.colour, row.topReason, row.computedAt);
}

/** Forgets the health of accounts that are no longer live (in the bin, purged). */
export function dropStaleHealth(sqlite: Db): void {
  prepared(sqlite, 'DELETE FROM account_health WHERE account_id NOT IN (SELECT id FROM accounts WHERE deleted_at IS NULL)').run();
}

/** The accounts these rows belong to (an account itself, or a record's `account_id`): one query per table. */
export function accountsOfRows(sqlite: Db, rows: readonly (readonly [table: string, id: string])[]): string[] {
  const byTable = new Map<string, string[]>();
  for (const [table, id] of rows) {
    let ids = byTable.get(table);
    if (!ids) byTable.set(table, (ids = []));
    ids.push(id);
  }
  const accounts = new Set<string>();
  for (const [table, ids] of byTable) {
    if (table === 'accounts') {
      for (const id of ids) accounts.add(id);
      continue;
    }
    const columns = prepared(sqlite, 'SELECT name FROM pragma_table_info(?)').pluck(true).all(table) as string[];
    if (!columns.includes('account_id')) continue;
    const found = prepared(sqlite, `SELECT DISTINCT account_id FROM ${ident(table)} WHERE id IN (SELECT value FROM json_each(?))`)
      .pluck(true)
      .all(JSON.stringify(ids)) as string[];
    for (const account of found) if (account) accounts.add(account);
  }
  return [...accounts];
}

/** Every live account's id. */
export function liveAccountIds(sqlite: Db): string[] {
  return prepared(sqlite, 'SELECT id FROM accounts WHERE deleted_at IS NULL').pluck(true).all() as string[];
}

export interface KnownAlert {
  id: string;
  account_id: string;
  rule: string;
  colour: string;
  state: string;
  deleted_at: string | null;
}

/** The alerts of these accounts by id (in the bin too): what a recompute compares its wanted alerts with. */
export function alertsOfAccounts(sqlite: Db, accountIds: readonly string[]): Map<string, KnownAlert> {
  const rows = prepared(sqlite, 'SELECT id, account_id, rule, colour, state, deleted_at FROM alerts WHERE account_id IN (SELECT value FROM json_each(?))').all(
    JSON.stringify(accountIds),
  ) as KnownAlert[];
  return new Map(rows.map((r) => [r.id, r]));
}
