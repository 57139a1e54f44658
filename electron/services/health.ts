/**
 * Watching the accounts (issue 11): each account's health from its records (shared/health), kept
 * current in `account_health` for the portfolio, and the alerts it raises as synced records with
 * their plans.
 *
 * - After a write, the accounts it touched are recomputed (`refreshAccounts`, from the dispatcher);
 *   after a sync round that changed data, and when the team's settings change, all of them.
 * - An alert's id comes from its account, rule and evidence (`alertIdOf`): two laptops that raise
 *   it offline write one record, and one resolved or dismissed is never raised again for the same
 *   evidence. A yellow alert that turns red while open is escalated, not raised twice.
 * - A raised alert opens its plan: the tasks of the team's first template of its kind, as
 *   follow-ups of the account's owner, with ids derived from the alert's (so they converge too).
 */
import type { z } from 'zod';
import { accountHealth, alertsToRaise, healthSettingsOf, REVIEW_MONTHS, type AccountHealth, type AlertToRaise, type HealthSettings } from '../../shared/health';
import type { AccountHealthInput, InboxInput, InboxView } from '../../shared/health/schemas';
import type { PlanTemplate } from '../../shared/domain';
import { evidenceReason } from '../../shared/health/words';
import { alertsOfAccounts, dropStaleHealth, healthInputs, liveAccountIds, saveHealth, type KnownAlert } from '../store/health';
import { purged } from '../store/bookkeeping';
import { rowOf } from '../store/synced-tables';
import { activeYellowAlerts, hasActivePlan, openAlerts, planTemplatesOf, teamSetting } from '../store/read-models';
import type { ChangeLog } from '../sync/changes';
import type Database from 'better-sqlite3';
import type { Translate } from '../../shared/i18n';
import { CallFailure, type ServiceContext } from './context';

/** The team's setting key of the health model's weights and thresholds (one row of team_settings). */
export const HEALTH_SETTINGS_ID = 'health';

/** Accounts recomputed per transaction: short enough never to hold the store while someone types. */
const BATCH = 50;

export function healthSettings(sqlite: Database.Database): HealthSettings {
  return healthSettingsOf(teamSetting(sqlite, HEALTH_SETTINGS_ID));
}

/** One account's health now, or as it was at `asOf`. */
export function accountHealthOf(ctx: ServiceContext, input: z.output<typeof AccountHealthInput>): AccountHealth {
  const asOf = input.asOf ?? ctx.now();
  const health = healthInputs(ctx.store.sqlite, [input.accountId], asOf).get(input.accountId);
  if (!health) throw new CallFailure('not_found');
  return accountHealth(health, healthSettings(ctx.store.sqlite));
}

interface Writer {
  sqlite: Database.Database;
  changes: ChangeLog;
  now(): string;
  /** Words the default plan templates, written once when the team has none. */
  t?: Translate;
}

/** The templates a team starts with; fixed ids, so two laptops writing them converge on one of each. */
const DEFAULT_TEMPLATES = [
  {
    id: 'tpl-maintenance',
    planKind: 'maintenance',
    tasks: [
      ['meet', 7],
      ['map', 14],
      ['sponsor', 14],
      ['review', 30],
    ],
  },
  {
    id: 'tpl-intervention',
    planKind: 'intervention',
    tasks: [
      ['brief', 3],
      ['meet', 14],
      ['recover', 21],
      ['followUp', 45],
    ],
  },
] as const;

function ensureTemplates(w: Writer): void {
  const t = w.t;
  if (!t || planTemplatesOf(w.sqlite).length > 0) return;
  for (const template of DEFAULT_TEMPLATES) {
    if (rowOf(w.sqlite, 'plan_templates', template.id) || purged.among(w.sqlite, 'plan_templates', [template.id]).size > 0) continue;
    const tasks = template.tasks.map(([key, dueInDays]) => ({ task: t(`plans.${template.planKind}.tasks.${key}`), dueInDays, ownerRole: null }));
    w.changes.insert('plan_templates', { name: t(`plans.${template.planKind}.name`), plan_kind: template.planKind, tasks: JSON.stringify(tasks) }, template.id);
  }
}

/**
 * Recomputes these accounts (every one: `recomputeWork`, as a job), stores their colour and score, and raises
 * the alerts their health asks for. Returns how many alerts were raised or escalated.
 */
export function refreshAccounts(w: Writer, accountIds: readonly string[]): number {
  const asOf = w.now();
  const settings = healthSettings(w.sqlite);
  let raised = 0;
  for (let start = 0; start < accountIds.length; start += BATCH) {
    const batch = accountIds.slice(start, start + BATCH);
    w.changes.inTransaction(() => {
      const inputs = healthInputs(w.sqlite, batch, asOf);
      const rows = [];
      // What the batch's accounts already hold, read once: a warm recompute asks nothing per alert.
      const known = alertsOfAccounts(w.sqlite, batch);
      for (const [accountId, input] of inputs) {
        const health = accountHealth(input, settings);
        rows.push({ accountId, score: health.score, colour: health.colour, topReason: JSON.stringify(health.topReason), computedAt: asOf });
        // Every red indicator is an alert; of the watch-level ones only the worst, when it colours the account yellow:
        // a yellow account needs one maintenance plan, not one per symptom.
        const wanted = alertsToRaise(health, { id: accountId }).filter(
          (a) => a.colour === 'red' || (health.colour === 'yellow' && a.rule === health.topIndicator),
        );
        raised += raiseAlerts(w, wanted, asOf, known);
        closeWhenGone(w, accountId, health, known);
        if (health.colour === 'green') scheduleReview(w, input.account, asOf);
      }
      saveHealth(w.sqlite, rows);
    });
  }
  return raised;
}

const ACTIVE_STATES = new Set(['open', 'acknowledged', 'in_progress']);

/**
 * A green account's routine review ("绿色：每季度进行常规维护"): once per review period of its tier
 * (REVIEW_MONTHS: strategic every quarter, …), a follow-up for its owner, due in two weeks. The id
 * names the account and the period, so laptops that schedule it offline write one follow-up, and
 * one done or deleted is not scheduled again in that period. Accounts without an owner get none:
 * there is nobody to do it (the coverage indicators say so).
 */
function scheduleReview(w: Writer, account: { id: string; tier: string }, now: string): void {
  const owner = ownerOf(w.sqlite, account.id);
  if (!owner || !w.t) return;
  const months = REVIEW_MONTHS[account.tier] ?? REVIEW_MONTHS.standard!;
  const date = new Date(now);
  const period = Math.floor((date.getUTCFullYear() * 12 + date.getUTCMonth()) / months);
  const id = `rv-${account.id}-${months}m${period}`;
  if (rowOf(w.sqlite, 'follow_ups', id) || purged.among(w.sqlite, 'follow_ups', [id]).size > 0) return;
  const due = new Date(Date.parse(now) + 14 * 86_400_000).toISOString().slice(0, 10);
  w.changes.insert(
    'follow_ups',
    { account_id: account.id, task: w.t('plans.review', { tier: w.t(`enums.tier.${account.tier}`) }), owner_id: owner, due_date: due, done: 0 },
    id,
  );
}

/**
 * An alert nobody has taken up yet (still `open`) whose rule now finds nothing (its indicator ok)
 * closes by itself, saying so: the purchases recovered, the decider was met. One acknowledged or
 * with its plan under way stays for the people working on it to close.
 */
function closeWhenGone(w: Writer, accountId: string, health: AccountHealth, known: ReadonlyMap<string, KnownAlert>): void {
  const ok = new Set(health.indicators.filter((i) => i.applicable && i.status === 'ok').map((i) => i.code as string));
  for (const alert of known.values()) {
    if (alert.account_id !== accountId || alert.state !== 'open' || alert.deleted_at !== null || !ok.has(alert.rule)) continue;
    w.changes.update('alerts', alert.id, { state: 'resolved', state_reason: w.t ? w.t('plans.evidenceGone') : 'evidence gone' });
  }
}

function raiseAlerts(w: Writer, wanted: readonly AlertToRaise[], now: string, known: ReadonlyMap<string, KnownAlert>): number {
  // Nothing new and nothing worse: the usual case of a recompute, with no query at all.
  const news = wanted.filter((a) => {
    const existing = known.get(a.id);
    return !existing || (existing.colour === 'yellow' && a.colour === 'red' && existing.deleted_at === null && ACTIVE_STATES.has(existing.state));
  });
  if (news.length === 0) return 0;
  const gone = purged.among(
    w.sqlite,
    'alerts',
    news.map((a) => a.id),
  );
  let raised = 0;
  for (const alert of news) {
    if (gone.has(alert.id)) continue; // emptied from the bin: the same evidence does not bring it back
    const existing = rowOf(w.sqlite, 'alerts', alert.id);
    if (existing) {
      // Open and now worse: escalate (the plan becomes an intervention); otherwise it stands as the team left it.
      if (existing.deleted_at === null && ACTIVE_STATES.has(String(existing.state)) && existing.colour === 'yellow' && alert.colour === 'red') {
        w.changes.update('alerts', alert.id, { colour: 'red', plan_kind: 'intervention' });
        if (!hasActivePlan(w.sqlite, alert.accountId, 'intervention')) openPlan(w, alert, ownerOf(w.sqlite, alert.accountId), now);
        raised++;
      }
      continue;
    }
    const owner = ownerOf(w.sqlite, alert.accountId);
    w.changes.insert(
      'alerts',
      {
        account_id: alert.accountId,
        rule: alert.rule,
        colour: alert.colour,
        evidence: JSON.stringify(alert.evidence),
        evidence_key: alert.evidenceKey,
        owner_id: owner,
        state: 'open',
        raised_at: now,
        plan_kind: alert.planKind,
      },
      alert.id,
    );
    // A red alert supersedes the yellow one its rule raised earlier (the evidence grew: a new id on every
    // device alike), which is closed with a word saying so; its plan's open tasks stay for the owner to close.
    if (alert.colour === 'red') {
      for (const yellow of activeYellowAlerts(w.sqlite, alert.accountId, alert.rule)) {
        w.changes.update('alerts', yellow, { state: 'resolved', state_reason: w.t ? w.t('plans.superseded') : 'superseded' });
      }
    }
    // One plan of a kind at a time per account: a second red symptom joins the intervention under way.
    if (!hasActivePlan(w.sqlite, alert.accountId, alert.planKind)) openPlan(w, alert, owner, now);
    raised++;
  }
  return raised;
}

function ownerOf(sqlite: Database.Database, accountId: string): string | null {
  const owner = rowOf(sqlite, 'accounts', accountId)?.owner_id;
  return typeof owner === 'string' && owner ? owner : null;
}

/** The plan's tasks as follow-ups, from the team's first template of the plan's kind; ids derive from the alert's. */
function openPlan(w: Writer, alert: AlertToRaise, owner: string | null, now: string): void {
  // The team's templates are written the first time a plan needs one (not on every store: an edit that raises nothing writes nothing more).
  ensureTemplates(w);
  const template = planTemplatesOf(w.sqlite).find((t) => t.planKind === alert.planKind);
  if (!template) return;
  const tasks = JSON.parse(template.tasks) as z.output<typeof PlanTemplate.fields.tasks>;
  tasks.forEach((task, i) => {
    const id = `${alert.id}-${alert.planKind === 'intervention' ? 'x' : 'm'}${i}`;
    if (rowOf(w.sqlite, 'follow_ups', id) || purged.among(w.sqlite, 'follow_ups', [id]).size > 0) return;
    const due = new Date(Date.parse(now) + task.dueInDays * 86_400_000).toISOString().slice(0, 10);
    w.changes.insert('follow_ups', { account_id: alert.accountId, alert_id: alert.id, task: task.task, owner_id: owner, due_date: due, done: 0 }, id);
  });
}

/** Accounts per step of a full recompute: one step stays well inside a job's slice (~50 ms). */
const STEP = 20;

/**
 * Every account recomputed as a job (services/jobs.ts): after a sync round, at start, daily and
 * when the settings change. In steps of a few accounts, read through the account indexes, so calls
 * are answered in between: a full pass at a million touchpoints takes seconds, and it held the
 * core's thread for all of them (app.info waited up to 17 s during a bootstrap's end).
 */
export function* recomputeWork(w: Writer): Generator<{ done: number; total: number }, { accounts: number; raised: number }, void> {
  const ids = liveAccountIds(w.sqlite);
  let raised = 0;
  for (let start = 0; start < ids.length; start += STEP) {
    raised += refreshAccounts(w, ids.slice(start, start + STEP));
    yield { done: Math.min(ids.length, start + STEP), total: ids.length };
  }
  dropStaleHealth(w.sqlite);
  return { accounts: ids.length, raised };
}

/** The attention inbox: open alerts, red first, oldest first within a colour, the acting member's first. */
export function inbox(ctx: ServiceContext, input: z.output<typeof InboxInput>): z.output<typeof InboxView> {
  const rows = openAlerts(ctx.store.sqlite);
  const items = rows
    .map((row) => ({ ...row, evidence: evidenceReason(row.evidence), mine: ctx.me !== null && row.ownerId === ctx.me }))
    .filter((item) => (!input.mine || item.mine) && (input.accountId === undefined || item.accountId === input.accountId))
    .sort((a, b) => Number(b.mine) - Number(a.mine) || (a.colour === b.colour ? 0 : a.colour === 'red' ? -1 : 1) || a.raisedAt.localeCompare(b.raisedAt));
  return { items: items.slice(0, input.limit), openCount: rows.length, mineCount: rows.filter((r) => ctx.me !== null && r.ownerId === ctx.me).length };
}

/** Stores the team's weights and thresholds (synced like any record) and recomputes every account with them. */
export async function configureHealth(ctx: ServiceContext, settings: HealthSettings): Promise<HealthSettings> {
  ctx.healthKept();
  const value = JSON.stringify(settings);
  ctx.changes.inTransaction(() => {
    const current = rowOf(ctx.store.sqlite, 'team_settings', HEALTH_SETTINGS_ID);
    if (current) ctx.changes.update('team_settings', HEALTH_SETTINGS_ID, { value, deleted_at: null });
    else ctx.changes.insert('team_settings', { value }, HEALTH_SETTINGS_ID);
  });
  await ctx.jobs.run('health', recomputeWork({ sqlite: ctx.store.sqlite, changes: ctx.changes, now: ctx.now, t: ctx.t }));
  return healthSettings(ctx.store.sqlite);
}
