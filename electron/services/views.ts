/** Read models that cross record kinds: the portfolio, due follow-ups, a person's history, role strategies. */
import type { z } from 'zod';
import { BUYING_ROLES, type FollowUpDue, type FollowUpsDueInput, type PortfolioInput, type PortfolioRow, type RoleStrategy } from '../../shared/domain';
import { kinds } from '../../shared/kinds';
import { findRow } from '../store/records';
import { dueFollowUps as dueRows, personChanges, portfolio, roleStrategyTexts, storeVersion } from '../store/read-models';
import type { ServiceContext } from './context';
import { initialHistoryId, TRACKED_PERSON_FIELDS } from './domain';
import { toRecord } from './records';

/** One page of the portfolio: every active account with owner, last touchpoint and head count. */
export function portfolioPage(ctx: ServiceContext, input: z.output<typeof PortfolioInput>): { total: number; rows: PortfolioRow[] } {
  const db = ctx.store.sqlite;
  const total = portfolio.count(db, input);
  if (input.sort !== 'name') return { total, rows: portfolio.page(db, input, input.sort, input.descending, input.limit, input.offset) };
  // Names sort in the user's language (pinyin order for zh-CN), which SQLite cannot do: order the
  // matching ids by their rank in the language's order, then read only the page's rows.
  const rank = nameRank(ctx);
  const ids = portfolio.ids(db, input).sort((x, y) => (rank.get(x) ?? 0) - (rank.get(y) ?? 0));
  if (input.descending) ids.reverse();
  const page = ids.slice(input.offset, input.offset + input.limit);
  if (page.length === 0) return { total, rows: [] };
  const byId = new Map(portfolio.rowsOf(db, page).map((r) => [r.id, r]));
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
  const key = `${ctx.locale}|${storeVersion(db)}`;
  const cached = rankCache.get(db);
  if (cached?.key === key) return cached.rank;
  const collator = new Intl.Collator(ctx.locale, { sensitivity: 'base', numeric: true });
  const names = portfolio.names(db);
  names.sort((x, y) => collator.compare(x.name, y.name) || (x.id < y.id ? -1 : 1));
  const rank = new Map(names.map((n, i) => [n.id, i]));
  rankCache.set(db, { key, rank });
  return rank;
}

/** Open follow-ups due within `withinDays` (overdue included), soonest first, with their account's name. */
export function dueFollowUps(ctx: ServiceContext, input: z.output<typeof FollowUpsDueInput>) {
  const today = input.today ?? ctx.now().slice(0, 10);
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + input.withinDays * 86_400_000).toISOString().slice(0, 10);
  return dueRows(ctx.store.sqlite, until, input.ownerId).map(({ account_name, ...row }) => ({
    ...toRecord(kinds.follow_ups, row),
    accountName: String(account_name),
    overdue: String(row.due_date) < today,
  })) as z.output<typeof FollowUpDue>[];
}

/**
 * A person's history, oldest first: the stored rows, and for each tracked field never changed, the
 * value it has held since creation (a row written only when the field first changes; domain.ts).
 */
export function personHistory(ctx: ServiceContext, personId: string) {
  const stored = personChanges.of(ctx.store.sqlite, personId).map((r) => ({ ...r, value: r.value === null ? null : (JSON.parse(r.value) as unknown) }));
  const row = findRow(ctx.store.sqlite, 'people', personId);
  if (!row) return stored;
  const person = toRecord(kinds.people, row);
  const recorded = new Set(stored.map((r) => r.field));
  const initial = TRACKED_PERSON_FIELDS.filter((field) => !recorded.has(field)).map((field) => ({
    id: initialHistoryId(person, field),
    personId,
    at: String(person.createdAt),
    field,
    value: person[field] ?? null,
  }));
  return [...initial, ...stored].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The team's strategy per buying-centre role: stored text, else the catalog's default template. */
export function roleStrategies(ctx: ServiceContext): z.output<typeof RoleStrategy>[] {
  const stored = roleStrategyTexts(ctx.store.sqlite);
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
