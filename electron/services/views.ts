/** Read models that cross record kinds: the portfolio, due follow-ups, a person's history, role strategies. */
import type { z } from 'zod';
import { BUYING_ROLES, type FollowUpDue, type FollowUpsDueInput, type PortfolioInput, type PortfolioRow, type RoleStrategy } from '../../shared/domain';
import type { ServiceContext } from './context';
import { toRecord } from './records';
import { kinds } from './domain';

const SORT_SQL: Record<z.output<typeof PortfolioInput>['sort'], string | null> = {
  name: null, // sorted in the user's language below
  tier: "CASE a.tier WHEN 'strategic' THEN 0 WHEN 'key' THEN 1 WHEN 'growth' THEN 2 ELSE 3 END",
  stage: "CASE a.stage WHEN 'prospect' THEN 0 WHEN 'development' THEN 1 WHEN 'growth' THEN 2 WHEN 'maturity' THEN 3 ELSE 4 END",
  level: "CASE a.level WHEN 'transactional' THEN 0 WHEN 'preferred' THEN 1 WHEN 'solution' THEN 2 ELSE 3 END",
  owner: 'm.name',
  lastTouchpoint: 'lastTouchpointAt',
};

/** One page of the portfolio: every active account with owner, last touchpoint and head count. */
export function portfolioPage(ctx: ServiceContext, input: z.output<typeof PortfolioInput>): { total: number; rows: PortfolioRow[] } {
  const where = ['a.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (input.text) {
    where.push("(a.name LIKE ? ESCAPE '\\' OR (json_valid(a.aliases) AND EXISTS (SELECT 1 FROM json_each(a.aliases) WHERE value LIKE ? ESCAPE '\\')))");
    const pattern = `%${input.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(pattern, pattern);
  }
  for (const key of ['tier', 'stage', 'level'] as const) {
    if (input[key]) {
      where.push(`a.${key} = ?`);
      params.push(input[key]);
    }
  }
  if (input.ownerId) {
    where.push('a.owner_id = ?');
    params.push(input.ownerId);
  }
  const whereSql = where.join(' AND ');
  const total = (ctx.store.sqlite.prepare(`SELECT count(*) AS n FROM accounts a WHERE ${whereSql}`).get(...params) as { n: number }).n;
  const select = `SELECT a.id, a.name, a.tier, a.stage, a.level, a.owner_id AS ownerId, m.name AS ownerName,
      (SELECT max(t.at) FROM touchpoints t WHERE t.account_id = a.id AND t.deleted_at IS NULL) AS lastTouchpointAt,
      (SELECT count(*) FROM people p WHERE p.account_id = a.id AND p.deleted_at IS NULL) AS people
    FROM accounts a LEFT JOIN members m ON m.id = a.owner_id WHERE ${whereSql}`;
  const order = SORT_SQL[input.sort];
  const direction = input.descending ? 'DESC' : 'ASC';
  if (order) {
    const rows = ctx.store.sqlite
      .prepare(`${select} ORDER BY ${order} ${direction} NULLS LAST, a.name, a.id LIMIT ? OFFSET ?`)
      .all(...params, input.limit, input.offset) as PortfolioRow[];
    return { total, rows };
  }
  // Names sort in the user's language (pinyin order for zh-CN), which SQLite cannot do: order the
  // matching ids by their rank in the language's order, then read only the page's rows.
  const rank = nameRank(ctx);
  const ids = (
    ctx.store.sqlite
      .prepare(`SELECT a.id FROM accounts a WHERE ${whereSql}`)
      .pluck()
      .all(...params) as string[]
  ).sort((x, y) => (rank.get(x) ?? 0) - (rank.get(y) ?? 0));
  if (input.descending) ids.reverse();
  const page = ids.slice(input.offset, input.offset + input.limit);
  if (page.length === 0) return { total, rows: [] };
  const byId = new Map(
    (ctx.store.sqlite.prepare(`${select} AND a.id IN (${page.map(() => '?').join(',')})`).all(...params, ...page) as PortfolioRow[]).map((r) => [r.id, r]),
  );
  return { total, rows: page.map((id) => byId.get(id)!).filter(Boolean) };
}

const rankCache = new WeakMap<object, { key: string; rank: Map<string, number> }>();

/**
 * Every active account's place in the name order of the caller's language. Collating ten thousand
 * names takes longer than the rest of a page, so the order is kept until the store changes (this
 * connection's writes, or another's: the sync worker).
 */
function nameRank(ctx: ServiceContext): Map<string, number> {
  const db = ctx.store.sqlite;
  const key = `${ctx.locale}|${String(db.pragma('data_version', { simple: true }))}|${String(db.prepare('SELECT total_changes()').pluck().get())}`;
  const cached = rankCache.get(db);
  if (cached?.key === key) return cached.rank;
  const collator = new Intl.Collator(ctx.locale, { sensitivity: 'base', numeric: true });
  const names = db.prepare('SELECT id, name FROM accounts WHERE deleted_at IS NULL').all() as { id: string; name: string }[];
  names.sort((x, y) => collator.compare(x.name, y.name) || (x.id < y.id ? -1 : 1));
  const rank = new Map(names.map((n, i) => [n.id, i]));
  rankCache.set(db, { key, rank });
  return rank;
}

/** Open follow-ups due within `withinDays` (overdue included), soonest first, with their account's name. */
export function dueFollowUps(ctx: ServiceContext, input: z.output<typeof FollowUpsDueInput>) {
  const today = input.today ?? ctx.now().slice(0, 10);
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + input.withinDays * 86_400_000).toISOString().slice(0, 10);
  const rows = ctx.store.sqlite
    .prepare(
      `SELECT f.*, a.name AS account_name FROM follow_ups f JOIN accounts a ON a.id = f.account_id
       WHERE f.done = 0 AND f.deleted_at IS NULL AND a.deleted_at IS NULL AND f.due_date IS NOT NULL AND f.due_date <= ?
       ${input.ownerId ? 'AND f.owner_id = ?' : ''} ORDER BY f.due_date, f.id`,
    )
    .all(...(input.ownerId ? [until, input.ownerId] : [until])) as Record<string, unknown>[];
  return rows.map((r) => ({
    ...toRecord(kinds.followups, {
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
      touchpointId: r.touchpoint_id,
      accountId: r.account_id,
      task: r.task,
      ownerId: r.owner_id,
      dueDate: r.due_date,
      done: r.done,
    }),
    accountName: String(r.account_name),
    overdue: String(r.due_date) < today,
  })) as z.output<typeof FollowUpDue>[];
}

export function personHistory(ctx: ServiceContext, personId: string) {
  const rows = ctx.store.sqlite
    .prepare('SELECT id, person_id AS personId, at, field, value FROM person_changes WHERE person_id = ? AND deleted_at IS NULL ORDER BY at, id')
    .all(personId) as { id: string; personId: string; at: string; field: string; value: string | null }[];
  return rows.map((r) => ({ ...r, value: r.value === null ? null : (JSON.parse(r.value) as unknown) }));
}

/** The team's strategy per buying-centre role: stored text, else the catalog's default template. */
export function roleStrategies(ctx: ServiceContext): z.output<typeof RoleStrategy>[] {
  const stored = new Map(
    (ctx.store.sqlite.prepare('SELECT id, strategy FROM role_strategies WHERE deleted_at IS NULL').all() as { id: string; strategy: string }[]).map((r) => [
      r.id,
      r.strategy,
    ]),
  );
  // A template cleared to nothing falls back to the default rather than leaving the role without advice.
  return BUYING_ROLES.map((role) => ({ id: role, strategy: stored.get(role) || ctx.t(`strategyDefaults.${role}`) }));
}

export function updateRoleStrategy(ctx: ServiceContext, input: z.output<typeof RoleStrategy>): z.output<typeof RoleStrategy> {
  ctx.changes.inTransaction(() => {
    if (!ctx.changes.update('role_strategies', input.id, { strategy: input.strategy, deleted_at: null })) {
      ctx.changes.insert('role_strategies', { strategy: input.strategy }, input.id);
    }
  });
  return input;
}
