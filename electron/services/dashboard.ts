/**
 * The health dashboard (issue 11 item 5, `health.dashboard`): the portfolio's colours by tier and
 * by lifecycle stage, the accounts whose score fell most over 30 and 90 days, and one account's
 * health month by month with the signals behind it.
 *
 * "Now" is `account_health`, the colour and score the portfolio shows (kept current after every
 * write). "Then" is the health model run on the records as of that day's end (`healthInputs` with
 * an earlier `asOf`): nothing is stored as history. The portfolio's then-scores (both days from one
 * load) cost about 0.5 ms an account, so they are kept in memory per store, days, settings and
 * team, each with a fingerprint of its account's records (counts and newest `updated_at` per
 * table): after a write only the accounts whose records changed are judged again.
 */
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { accountHealth, type HealthInput, type HealthSettings } from '../../shared/health';
import type { AccountDashboard, DashboardInput, DashboardView, PortfolioDashboard } from '../../shared/health/dashboard';
import { STAGES, TIERS } from '../../shared/domain';
import {
  accountsWithHealth,
  healthFingerprints,
  mainCurrency,
  purchasesByMonth,
  requestsByMonth,
  surveysByQuarter,
  type AccountHealthRow,
} from '../store/dashboard';
import { healthInputs } from '../store/health';
import { CallFailure, type ServiceContext } from './context';
import { healthSettings } from './health';

type Db = Database.Database;
type Colours = z.output<typeof PortfolioDashboard>['colours'];
type Fell = z.output<typeof PortfolioDashboard>['fell30'][number];

const DAY_MS = 86_400_000;
const FELL_TOP = 10;

/** `YYYY-MM` of the month `back` months before the month of `now` (UTC). */
function monthBack(now: Date, back: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

/** The last instant of the month `back` months before the month of `now`. */
function monthEnd(now: Date, back: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back + 1, 1) - 1).toISOString();
}

const noColours = (): Colours => ({ green: 0, yellow: 0, red: 0, none: 0 });

/**
 * The same records judged at an earlier instant: the model ignores what lies after `asOf`; only
 * each person's newest touchpoint up to it is the loader's to give. The input must hold the
 * touchpoints the earlier instant looks back on (load it with a longer `touchpointDays`).
 */
function asOfInput(input: HealthInput, asOf: string): HealthInput {
  const last = new Map<string, string>();
  for (const touch of input.touchpoints ?? []) {
    if (touch.at > asOf) continue;
    for (const personId of touch.theirParticipants) if ((last.get(personId) ?? '') < touch.at) last.set(personId, touch.at);
  }
  return { ...input, asOf, day: undefined, people: input.people.map((p) => ({ ...p, lastTouchpointAt: last.get(p.id) ?? null })) };
}

// ---- Then-scores, cached ----

/** Per store: the days and settings the scores are for, and each account's scores with the fingerprint of the records they came from. */
const thenCache = new WeakMap<Db, { key: string; accounts: Map<string, { fingerprint: string; scores: (number | null)[] }> }>();

/**
 * Every live account's score at the end of each of these days (null: not created yet). Accounts
 * whose records are unchanged since the last answer for the same days, settings and team keep
 * their scores; the rest are loaded once for all the days and judged at each.
 */
function scoresAt(sqlite: Db, days: readonly string[], settings: HealthSettings): Map<string, number>[] {
  const { team, accounts: fingerprints } = healthFingerprints(sqlite);
  const key = `${days.join(',')}|${team}|${JSON.stringify(settings)}`;
  let cache = thenCache.get(sqlite);
  if (!cache || cache.key !== key) thenCache.set(sqlite, (cache = { key, accounts: new Map() }));
  const stale = [...fingerprints].filter(([id, fingerprint]) => cache.accounts.get(id)?.fingerprint !== fingerprint).map(([id]) => id);
  if (stale.length > 0) {
    const ends = days.map((day) => `${day}T23:59:59.999Z`);
    const newest = ends.reduce((a, b) => (a > b ? a : b));
    const span = Math.ceil((Date.parse(newest) - Math.min(...ends.map((end) => Date.parse(end)))) / DAY_MS);
    const inputs = healthInputs(sqlite, stale.length === fingerprints.size ? null : stale, newest, 400 + span);
    for (const [accountId, input] of inputs) {
      const scores = ends.map((asOf) =>
        input.account.createdAt > asOf ? null : accountHealth(asOf === newest ? input : asOfInput(input, asOf), settings).score,
      );
      cache.accounts.set(accountId, { fingerprint: fingerprints.get(accountId)!, scores });
    }
  }
  for (const id of cache.accounts.keys()) if (!fingerprints.has(id)) cache.accounts.delete(id);
  return days.map((_, i) => {
    const scores = new Map<string, number>();
    for (const [id, entry] of cache.accounts) if (entry.scores[i] !== null && entry.scores[i] !== undefined) scores.set(id, entry.scores[i]);
    return scores;
  });
}

function fellMost(rows: readonly AccountHealthRow[], then: ReadonlyMap<string, number>): Fell[] {
  const fell: Fell[] = [];
  for (const row of rows) {
    const scoreThen = then.get(row.id);
    if (scoreThen === undefined || row.score === null || row.colour === null || row.score >= scoreThen) continue;
    fell.push({ accountId: row.id, name: row.name, scoreThen, scoreNow: row.score, colourNow: row.colour });
  }
  return fell.sort((a, b) => b.scoreThen - b.scoreNow - (a.scoreThen - a.scoreNow) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, FELL_TOP);
}

function portfolio(sqlite: Db, now: Date, settings: HealthSettings): z.output<typeof PortfolioDashboard> {
  const rows = accountsWithHealth(sqlite);
  const colours = noColours();
  const tiers = new Map(TIERS.map((tier) => [tier as string, noColours()]));
  const stages = new Map(STAGES.map((stage) => [stage as string, noColours()]));
  for (const row of rows) {
    const colour = row.colour ?? 'none';
    colours[colour]++;
    const byTier = tiers.get(row.tier);
    if (byTier) byTier[colour]++;
    const byStage = stages.get(row.stage);
    if (byStage) byStage[colour]++;
  }
  const dayBack = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
  const [then30, then90] = scoresAt(sqlite, [dayBack(30), dayBack(90)], settings) as [Map<string, number>, Map<string, number>];
  return {
    total: rows.length,
    colours,
    tiers: TIERS.map((tier) => ({ tier, colours: tiers.get(tier)! })),
    funnel: STAGES.map((stage) => ({ stage, colours: stages.get(stage)! })),
    fell30: fellMost(rows, then30),
    fell90: fellMost(rows, then90),
  };
}

// ---- One account ----

function account(sqlite: Db, accountId: string, now: Date, settings: HealthSettings): z.output<typeof AccountDashboard> {
  const nowIso = now.toISOString();
  // One load reaching a year further back on touchpoints, judged at each month's end.
  const current = healthInputs(sqlite, [accountId], nowIso, 400 + 366).get(accountId);
  if (!current) throw new CallFailure('not_found');
  const health = accountHealth(current, settings);

  const healthOverTime = [];
  for (let back = 11; back >= 1; back--) {
    const asOf = monthEnd(now, back);
    if (current.account.createdAt > asOf) continue;
    const then = accountHealth(asOfInput(current, asOf), settings);
    healthOverTime.push({ month: asOf.slice(0, 7), asOf, score: then.score, colour: then.colour });
  }
  healthOverTime.push({ month: nowIso.slice(0, 7), asOf: nowIso, score: health.score, colour: health.colour });

  // The 24 complete months, and the two before them so the first months have their moving average too.
  const currency = mainCurrency(sqlite, accountId);
  const totals = new Map(currency ? purchasesByMonth(sqlite, accountId, currency, monthBack(now, 26), monthBack(now, 1)).map((p) => [p.month, p.amount]) : []);
  const purchaseMonths = [];
  for (let back = 24; back >= 1; back--) {
    const month = monthBack(now, back);
    const window = [back + 2, back + 1, back].map((b) => totals.get(monthBack(now, b)) ?? 0);
    purchaseMonths.push({ month, amount: totals.get(month) ?? 0, trend: currency ? window.reduce((a, b) => a + b, 0) / 3 : null });
  }

  const requestRows = new Map(requestsByMonth(sqlite, accountId, monthBack(now, 11)).map((r) => [r.month, r]));
  const requests = [];
  for (let back = 11; back >= 0; back--) {
    const month = monthBack(now, back);
    const row = requestRows.get(month);
    requests.push({ month, count: row?.count ?? 0, complaints: row?.complaints ?? 0 });
  }

  const quarterStart = (back: number) => {
    const start = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 - back * 3, 1));
    return { day: start.toISOString().slice(0, 10), quarter: `${start.getUTCFullYear()}-Q${Math.floor(start.getUTCMonth() / 3) + 1}` };
  };
  const surveyRows = new Map(surveysByQuarter(sqlite, accountId, quarterStart(7).day).map((s) => [s.quarter, s]));
  const satisfaction = [];
  for (let back = 7; back >= 0; back--) {
    const { quarter } = quarterStart(back);
    const row = surveyRows.get(quarter);
    satisfaction.push({
      quarter,
      nps: row?.nps ?? null,
      npsAnswers: row?.npsAnswers ?? 0,
      csat: row?.csat === null || row?.csat === undefined ? null : Math.round(row.csat * 100) / 100,
      csatAnswers: row?.csatAnswers ?? 0,
    });
  }

  return { accountId, healthOverTime, purchases: { currency, months: purchaseMonths }, requests, satisfaction, health };
}

export function healthDashboard(ctx: ServiceContext, input: z.output<typeof DashboardInput>): z.output<typeof DashboardView> {
  const sqlite = ctx.store.sqlite;
  const now = new Date(ctx.now());
  const settings = healthSettings(sqlite);
  if (input.accountId) return { portfolio: null, account: account(sqlite, input.accountId, now, settings) };
  return { portfolio: portfolio(sqlite, now, settings), account: null };
}
