/**
 * Queries that read across record kinds for one screen: the portfolio, due follow-ups, a person's
 * history, the stakeholder map's history and last touchpoints, the team, role strategies. Sort
 * orders of enumerations come from the kinds' declaration (strategic before standard, …).
 */
import type Database from 'better-sqlite3';
import { kinds } from '../../shared/kinds';
import { ident, prepared } from './prepared';

type Db = Database.Database;

/** `CASE col WHEN 'first' THEN 0 … END`: an enumeration in its declared order. */
const enumOrder = (column: string, codes: readonly string[]) =>
  `CASE ${column} ${codes.map((code, i) => `WHEN '${code.replace(/'/g, "''")}' THEN ${i}`).join(' ')} ELSE ${codes.length} END`;

export const PORTFOLIO_ORDER = {
  tier: enumOrder('a.tier', kinds.accounts.enums.tier),
  stage: enumOrder('a.stage', kinds.accounts.enums.stage),
  level: enumOrder('a.level', kinds.accounts.enums.level),
  owner: 'm.name',
  lastTouchpoint: 'lastTouchpointAt',
  // Worst first when ascending: red, then yellow, then green, each by score.
  health: "(CASE h.colour WHEN 'red' THEN 0 WHEN 'yellow' THEN 1000 WHEN 'green' THEN 2000 END + h.score)",
} as const;

export interface PortfolioFilter {
  text: string;
  tier: string | null;
  stage: string | null;
  level: string | null;
  ownerId: string | null;
  colour?: string | null;
}

export interface PortfolioRowOut {
  id: string;
  name: string;
  tier: string;
  stage: string;
  level: string;
  ownerId: string | null;
  ownerName: string | null;
  lastTouchpointAt: string | null;
  people: number;
  healthScore: number | null;
  healthColour: 'green' | 'yellow' | 'red' | null;
  healthReason: string | null;
}

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped. */
export const anywhere = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function portfolioWhere(filter: PortfolioFilter): { sql: string; params: Record<string, string> } {
  const where = ['a.deleted_at IS NULL'];
  const params: Record<string, string> = {};
  if (filter.text) {
    where.push(
      "(a.name LIKE @pattern ESCAPE '\\' OR (json_valid(a.aliases) AND EXISTS (SELECT 1 FROM json_each(a.aliases) WHERE value LIKE @pattern ESCAPE '\\')))",
    );
    params.pattern = anywhere(filter.text);
  }
  for (const key of ['tier', 'stage', 'level'] as const) {
    const value = filter[key];
    if (value) {
      where.push(`a.${key} = @${key}`);
      params[key] = value;
    }
  }
  if (filter.ownerId) {
    where.push('a.owner_id = @ownerId');
    params.ownerId = filter.ownerId;
  }
  if (filter.colour) {
    where.push('a.id IN (SELECT account_id FROM account_health WHERE colour = @colour)');
    params.colour = filter.colour;
  }
  return { sql: where.join(' AND '), params };
}

const PORTFOLIO_SELECT = `SELECT a.id, a.name, a.tier, a.stage, a.level, a.owner_id AS ownerId, m.name AS ownerName,
    (SELECT max(t.at) FROM touchpoints t WHERE t.account_id = a.id AND t.deleted_at IS NULL) AS lastTouchpointAt,
    (SELECT count(*) FROM people p WHERE p.account_id = a.id AND p.deleted_at IS NULL) AS people,
    h.score AS healthScore, h.colour AS healthColour, h.top_reason AS healthReason
  FROM accounts a LEFT JOIN members m ON m.id = a.owner_id LEFT JOIN account_health h ON h.account_id = a.id`;

export const portfolio = {
  count(sqlite: Db, filter: PortfolioFilter): number {
    const { sql, params } = portfolioWhere(filter);
    return (prepared(sqlite, `SELECT count(*) AS n FROM accounts a WHERE ${sql}`).get(params) as { n: number }).n;
  },
  /**
   * A page in an SQL order (every order but the name's, which follows the reader's language): the
   * page's ids first, joining only what the order needs, then the full rows of those ids alone, so
   * the head counts and last touchpoints are not computed for ten thousand rows to show two hundred.
   */
  page(sqlite: Db, filter: PortfolioFilter, order: keyof typeof PORTFOLIO_ORDER, descending: boolean, limit: number, offset: number): PortfolioRowOut[] {
    const { sql, params } = portfolioWhere(filter);
    const key =
      order === 'lastTouchpoint' ? '(SELECT max(t.at) FROM touchpoints t WHERE t.account_id = a.id AND t.deleted_at IS NULL)' : PORTFOLIO_ORDER[order];
    const ids = prepared(
      sqlite,
      `SELECT a.id FROM accounts a LEFT JOIN members m ON m.id = a.owner_id LEFT JOIN account_health h ON h.account_id = a.id
        WHERE ${sql} ORDER BY ${key} ${descending ? 'DESC' : 'ASC'} NULLS LAST, a.name, a.id LIMIT @limit OFFSET @offset`,
    )
      .pluck(true)
      .all({ ...params, limit, offset }) as string[];
    if (ids.length === 0) return [];
    const byId = new Map(portfolio.rowsOf(sqlite, ids).map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!).filter(Boolean);
  },
  ids(sqlite: Db, filter: PortfolioFilter): string[] {
    const { sql, params } = portfolioWhere(filter);
    return prepared(sqlite, `SELECT a.id FROM accounts a WHERE ${sql}`).pluck(true).all(params) as string[];
  },
  rowsOf(sqlite: Db, ids: string[]): PortfolioRowOut[] {
    return prepared(sqlite, `${PORTFOLIO_SELECT} WHERE a.id IN (SELECT value FROM json_each(@ids))`).all({ ids: JSON.stringify(ids) }) as PortfolioRowOut[];
  },
  /** Every active account's name, for sorting in the reader's language. */
  names(sqlite: Db): { id: string; name: string }[] {
    return prepared(sqlite, 'SELECT id, name FROM accounts WHERE deleted_at IS NULL').all() as { id: string; name: string }[];
  },
};

/** A token that changes whenever the store does (this connection's writes, or another's): for caches of read models. */
export function storeVersion(sqlite: Db): string {
  return `${String(sqlite.pragma('data_version', { simple: true }))}|${String(prepared(sqlite, 'SELECT total_changes()').pluck(true).get())}`;
}

/** Open follow-ups due by `until` (overdue included), soonest first, with their account's name. */
export function dueFollowUps(sqlite: Db, until: string, ownerId: string | null): Record<string, unknown>[] {
  return prepared(
    sqlite,
    `SELECT f.*, a.name AS account_name FROM follow_ups f JOIN accounts a ON a.id = f.account_id
     WHERE f.done = 0 AND f.deleted_at IS NULL AND a.deleted_at IS NULL AND f.due_date IS NOT NULL AND f.due_date <= @until
       AND (@owner IS NULL OR f.owner_id = @owner)
     ORDER BY f.due_date, f.id`,
  ).all({ until, owner: ownerId }) as Record<string, unknown>[];
}

export interface PersonChangeRow {
  id: string;
  personId: string;
  at: string;
  field: string;
  value: string | null;
}

export const personChanges = {
  of(sqlite: Db, personId: string): PersonChangeRow[] {
    return prepared(
      sqlite,
      'SELECT id, person_id AS personId, at, field, value FROM person_changes WHERE person_id = ? AND deleted_at IS NULL ORDER BY at, id',
    ).all(personId) as PersonChangeRow[];
  },
  /** Whether any row (the bin's too) records this field of the person. */
  recordsField(sqlite: Db, personId: string, field: string): boolean {
    return prepared(sqlite, 'SELECT 1 FROM person_changes WHERE person_id = ? AND field = ? LIMIT 1').get(personId, field) !== undefined;
  },
  ofAccount(sqlite: Db, accountId: string): PersonChangeRow[] {
    return prepared(
      sqlite,
      `SELECT c.id, c.person_id AS personId, c.at, c.field, c.value FROM person_changes c
       WHERE c.deleted_at IS NULL AND c.person_id IN (SELECT id FROM people WHERE account_id = ?) ORDER BY c.at, c.id`,
    ).all(accountId) as PersonChangeRow[];
  },
};

/** Each person's newest touchpoint of an account at or before `at` (touchpoints binned after `binnedAfter` still count). */
export function lastTouchpointByPerson(sqlite: Db, accountId: string, at: string, binnedAfter: string): Map<string, string> {
  const rows = prepared(
    sqlite,
    `SELECT p.value AS personId, max(t.at) AS lastAt FROM touchpoints t, json_each(CASE WHEN json_valid(t.their_participants) THEN t.their_participants ELSE '[]' END) p
     WHERE t.account_id = ? AND t.at <= ? AND (t.deleted_at IS NULL OR t.deleted_at > ?) GROUP BY p.value`,
  ).all(accountId, at, binnedAfter) as { personId: string; lastAt: string }[];
  return new Map(rows.map((r) => [r.personId, r.lastAt]));
}

export function accountBrief(sqlite: Db, id: string): { id: string; name: string } | undefined {
  return prepared(sqlite, 'SELECT id, name FROM accounts WHERE id = ?').get(id) as { id: string; name: string } | undefined;
}

/** Every member with whether they still count (active and not in the bin). */
export function teamBrief(sqlite: Db): { id: string; name: string; active: boolean }[] {
  return (
    prepared(sqlite, 'SELECT id, name, active, deleted_at AS deletedAt FROM members').all() as {
      id: string;
      name: string;
      active: number;
      deletedAt: string | null;
    }[]
  ).map((m) => ({ id: m.id, name: m.name, active: m.active === 1 && m.deletedAt === null }));
}

export function roleStrategyTexts(sqlite: Db): Map<string, string> {
  return new Map(
    (prepared(sqlite, `SELECT id, strategy FROM ${ident('role_strategies')} WHERE deleted_at IS NULL`).all() as { id: string; strategy: string }[]).map((r) => [
      r.id,
      r.strategy,
    ]),
  );
}

/** A team setting's value (team_settings, synced), parsed; undefined when never set. */
export function teamSetting(sqlite: Db, id: string): unknown {
  const value = prepared(sqlite, 'SELECT value FROM team_settings WHERE id = ? AND deleted_at IS NULL').pluck(true).get(id) as string | undefined;
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** The team's plan templates, by name (the first of a kind is the one a new alert's plan starts from). */
export function planTemplatesOf(sqlite: Db): { id: string; name: string; planKind: string; tasks: string }[] {
  return prepared(sqlite, 'SELECT id, name, plan_kind AS planKind, tasks FROM plan_templates WHERE deleted_at IS NULL ORDER BY name, id').all() as {
    id: string;
    name: string;
    planKind: string;
    tasks: string;
  }[];
}

export interface OpenAlertRow {
  id: string;
  accountId: string;
  accountName: string;
  rule: string;
  colour: 'yellow' | 'red';
  state: 'open' | 'acknowledged' | 'in_progress';
  evidence: string;
  ownerId: string | null;
  ownerName: string | null;
  raisedAt: string;
  planKind: 'maintenance' | 'intervention' | null;
  interveneBy: string | null;
  openTasks: number;
}

/** Alerts not yet resolved or dismissed, of live accounts, with their account, owner and open plan tasks. */
export function openAlerts(sqlite: Db): OpenAlertRow[] {
  return prepared(
    sqlite,
    `SELECT al.id, al.account_id AS accountId, a.name AS accountName, al.rule, al.colour, al.state, al.evidence, al.owner_id AS ownerId,
            m.name AS ownerName, al.raised_at AS raisedAt, al.plan_kind AS planKind, al.intervene_by AS interveneBy,
            (SELECT count(*) FROM follow_ups f WHERE f.alert_id = al.id AND f.done = 0 AND f.deleted_at IS NULL) AS openTasks
       FROM alerts al
       JOIN accounts a ON a.id = al.account_id AND a.deleted_at IS NULL
       LEFT JOIN members m ON m.id = al.owner_id
      WHERE al.deleted_at IS NULL AND al.state IN ('open', 'acknowledged', 'in_progress')`,
  ).all() as OpenAlertRow[];
}

/** Whether an account already has an active alert of this plan kind whose plan has tasks (one plan at a time per kind). */
export function hasActivePlan(sqlite: Db, accountId: string, planKind: string): boolean {
  return (
    prepared(
      sqlite,
      `SELECT 1 FROM alerts al WHERE al.account_id = ? AND al.plan_kind = ? AND al.deleted_at IS NULL AND al.state IN ('open', 'acknowledged', 'in_progress')
         AND EXISTS (SELECT 1 FROM follow_ups f WHERE f.alert_id = al.id AND f.deleted_at IS NULL) LIMIT 1`,
    ).get(accountId, planKind) !== undefined
  );
}

/** Active yellow alerts of an account raised by a rule: what a red alert of the same rule supersedes. */
export function activeYellowAlerts(sqlite: Db, accountId: string, rule: string): string[] {
  return prepared(
    sqlite,
    "SELECT id FROM alerts WHERE account_id = ? AND rule = ? AND colour = 'yellow' AND deleted_at IS NULL AND state IN ('open', 'acknowledged', 'in_progress')",
  )
    .pluck(true)
    .all(accountId, rule) as string[];
}
