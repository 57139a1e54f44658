/**
 * The health dashboard's aggregates (electron/services/dashboard.ts): the live accounts with their
 * last computed health, and one account's purchases, service requests and survey answers summed
 * per month or quarter. Records in the bin are left out.
 */
import type Database from 'better-sqlite3';
import { prepared } from './prepared';

type Db = Database.Database;

export interface AccountHealthRow {
  id: string;
  name: string;
  tier: string;
  stage: string;
  createdAt: string;
  colour: 'green' | 'yellow' | 'red' | null;
  score: number | null;
}

/** Every live account with its colour and score from `account_health` (null when not computed yet). */
export function accountsWithHealth(sqlite: Db): AccountHealthRow[] {
  return prepared(
    sqlite,
    `SELECT a.id, a.name, a.tier, a.stage, a.created_at AS createdAt, h.colour, h.score
     FROM accounts a LEFT JOIN account_health h ON h.account_id = a.id WHERE a.deleted_at IS NULL`,
  ).all() as AccountHealthRow[];
}

/** The account's main currency: the one most of its purchases are in (upper-cased, ties by code), as the health model picks it. */
export function mainCurrency(sqlite: Db, accountId: string): string | null {
  const code = prepared(
    sqlite,
    `SELECT upper(currency) AS code FROM purchases WHERE deleted_at IS NULL AND account_id = ?
     GROUP BY code ORDER BY COUNT(*) DESC, code LIMIT 1`,
  )
    .pluck(true)
    .get(accountId);
  return typeof code === 'string' ? code : null;
}

/** Purchases per month (`YYYY-MM`) in one currency, months `from` to `to` inclusive; months without any are absent. */
export function purchasesByMonth(sqlite: Db, accountId: string, currency: string, from: string, to: string): { month: string; amount: number }[] {
  return prepared(
    sqlite,
    `SELECT period AS month, SUM(amount) AS amount FROM purchases
     WHERE deleted_at IS NULL AND account_id = ? AND upper(currency) = ? AND period >= ? AND period <= ?
     GROUP BY period ORDER BY period`,
  ).all(accountId, currency, from, to) as { month: string; amount: number }[];
}

/** Service requests opened per month from the month `from` (`YYYY-MM`) on, and how many were complaints. */
export function requestsByMonth(sqlite: Db, accountId: string, from: string): { month: string; count: number; complaints: number }[] {
  return prepared(
    sqlite,
    `SELECT substr(opened_at, 1, 7) AS month, COUNT(*) AS count, SUM(CASE WHEN complaint = 1 THEN 1 ELSE 0 END) AS complaints
     FROM service_requests WHERE deleted_at IS NULL AND account_id = ? AND substr(opened_at, 1, 7) >= ?
     GROUP BY month ORDER BY month`,
  ).all(accountId, from) as { month: string; count: number; complaints: number }[];
}

/**
 * Survey answers per quarter (`YYYY-Qn`) from the day `from` (`YYYY-MM-DD`) on: the NPS (% promoters
 * 9–10 − % detractors 0–6, rounded) and the average CSAT, each with its number of answers.
 */
export function surveysByQuarter(
  sqlite: Db,
  accountId: string,
  from: string,
): { quarter: string; nps: number | null; npsAnswers: number; csat: number | null; csatAnswers: number }[] {
  return prepared(
    sqlite,
    `SELECT substr(answered_on, 1, 4) || '-Q' || ((CAST(substr(answered_on, 6, 2) AS INTEGER) + 2) / 3) AS quarter,
       CASE WHEN COUNT(nps) = 0 THEN NULL
         ELSE ROUND(100.0 * (SUM(CASE WHEN nps >= 9 THEN 1 ELSE 0 END) - SUM(CASE WHEN nps <= 6 THEN 1 ELSE 0 END)) / COUNT(nps)) END AS nps,
       COUNT(nps) AS npsAnswers, AVG(csat) AS csat, COUNT(csat) AS csatAnswers
     FROM satisfaction_responses WHERE deleted_at IS NULL AND account_id = ? AND substr(answered_on, 1, 10) >= ?
     GROUP BY quarter ORDER BY quarter`,
  ).all(accountId, from) as { quarter: string; nps: number | null; npsAnswers: number; csat: number | null; csatAnswers: number }[];
}

/** The tables the health model reads per account (healthInputs), besides the account itself. */
const HEALTH_TABLES = ['people', 'person_changes', 'touchpoints', 'purchases', 'service_requests', 'satisfaction_responses', 'agreements'];

/**
 * A fingerprint of each live account's health records (count and newest `updated_at` per table,
 * the bin included), and of the team (members): when an account's is unchanged, a score computed
 * from its records as of a past day still stands. One grouped scan per table.
 */
export function healthFingerprints(sqlite: Db): { team: string; accounts: ReadonlyMap<string, string> } {
  // The scans cost about 0.3 s per 1,000,000 rows; when nothing was written since the last answer
  // (on this connection: total_changes(); on any other: data_version), that answer still stands.
  const stamp = `${String(sqlite.pragma('data_version', { simple: true }))}:${String(prepared(sqlite, 'SELECT total_changes()').pluck(true).get())}`;
  const last = lastFingerprints.get(sqlite);
  if (last?.stamp === stamp) return last.fingerprints;
  const fingerprints = scanFingerprints(sqlite);
  lastFingerprints.set(sqlite, { stamp, fingerprints });
  return fingerprints;
}

/** Per connection: the last fingerprints and the write stamp they were scanned at. */
const lastFingerprints = new WeakMap<Db, { stamp: string; fingerprints: { team: string; accounts: ReadonlyMap<string, string> } }>();

function scanFingerprints(sqlite: Db): { team: string; accounts: ReadonlyMap<string, string> } {
  const accounts = new Map<string, string>();
  for (const row of prepared(sqlite, 'SELECT id, updated_at FROM accounts WHERE deleted_at IS NULL').all() as { id: string; updated_at: string }[]) {
    accounts.set(row.id, row.updated_at);
  }
  for (const table of HEALTH_TABLES) {
    const rows = prepared(sqlite, `SELECT account_id, COUNT(*) AS n, MAX(updated_at) AS u FROM ${table} GROUP BY account_id`).all() as {
      account_id: string;
      n: number;
      u: string;
    }[];
    for (const row of rows) {
      const seen = accounts.get(row.account_id);
      if (seen !== undefined) accounts.set(row.account_id, `${seen}|${table}:${row.n}:${row.u}`);
    }
  }
  const team = String(prepared(sqlite, "SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), '') FROM members").pluck(true).get());
  return { team, accounts };
}
