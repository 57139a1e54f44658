/**
 * An account's health at an instant: every indicator measured, the score, the colour and the
 * reason that explains it, and the alerts it raises with ids every device derives alike.
 * Pure; see README.md for the rules.
 */
import type { AlertColour, PLAN_KINDS } from '../domain';
import { prepareHealth } from './context';
import { fnv1a64 } from './hash';
import { INDICATORS } from './indicators';
import { reason, type Reason } from './reasons';
import { DEFAULT_HEALTH_SETTINGS, INDICATOR_CODES, type HealthSettings, type IndicatorCode } from './settings';
import type { AccountHealth, HealthColour, HealthInput, HealthPlan, Indicator, IndicatorStatus } from './types';

const STATUS_RANK: Record<IndicatorStatus, number> = { ok: 0, watch: 1, alert: 2 };
export const COLOUR_OF_STATUS: Record<IndicatorStatus, HealthColour> = { ok: 'green', watch: 'yellow', alert: 'red' };
export const PLAN_OF_COLOUR: Record<HealthColour, HealthPlan> = { green: 'routine', yellow: 'maintenance', red: 'intervention' };

/** The longest evidence key an alert stores (domain.ts: Alert.evidenceKey). */
export const EVIDENCE_KEY_MAX = 200;

/** `rule:evidence`, or `rule:#<hash>` when that would be too long to store. */
export function evidenceKeyOf(rule: string, evidence: string): string {
  const key = `${rule}:${evidence}`;
  return key.length <= EVIDENCE_KEY_MAX ? key : `${rule}:#${fnv1a64(evidence)}`;
}

/** Red when any indicator alerts, yellow when any is on watch, else green. */
export function colourOf(indicators: readonly Pick<Indicator, 'status' | 'applicable'>[]): HealthColour {
  let worst: IndicatorStatus = 'ok';
  for (const i of indicators) if (i.applicable && STATUS_RANK[i.status] > STATUS_RANK[worst]) worst = i.status;
  return COLOUR_OF_STATUS[worst];
}

/** The worst indicator: alert before watch, then the heavier, then the dashboard's order; null when all are ok. */
export function worstIndicator(indicators: readonly Indicator[]): Indicator | null {
  let worst: Indicator | null = null;
  for (const i of indicators) {
    if (!i.applicable || i.status === 'ok') continue;
    if (!worst || STATUS_RANK[i.status] > STATUS_RANK[worst.status] || (i.status === worst.status && i.weight > worst.weight)) worst = i;
  }
  return worst;
}

/**
 * The health of one account as of `input.asOf`. Data dated after it is ignored, and people are
 * taken as they stood then, so an earlier instant gives the health as it was.
 */
export function accountHealth(input: HealthInput, settings: HealthSettings = DEFAULT_HEALTH_SETTINGS): AccountHealth {
  const ctx = prepareHealth(input, settings);
  const indicators: Indicator[] = [];
  let weights = 0;
  let earned = 0;
  for (const code of INDICATOR_CODES) {
    const own = settings[code];
    if (!own.enabled) {
      indicators.push({
        code,
        value: null,
        threshold: null,
        status: 'ok',
        applicable: false,
        weight: own.weight,
        points: 0,
        reason: reason('disabled', {}),
        details: [],
        evidenceKey: null,
      });
      continue;
    }
    const m = INDICATORS[code](ctx);
    const points = !m.applicable ? 0 : m.status === 'ok' ? own.weight : m.status === 'watch' ? own.weight * settings.watchCredit : 0;
    if (m.applicable) {
      weights += own.weight;
      earned += points;
    }
    indicators.push({
      code,
      value: m.value,
      threshold: m.threshold,
      status: m.status,
      applicable: m.applicable,
      weight: own.weight,
      points: Math.round(points * 100) / 100,
      reason: m.reason,
      details: m.details ?? [],
      evidenceKey: m.applicable && m.status !== 'ok' ? evidenceKeyOf(code, m.evidence ?? '') : null,
    });
  }
  const colour = colourOf(indicators);
  const worst = worstIndicator(indicators);
  return {
    accountId: input.account.id,
    asOf: input.asOf,
    score: weights > 0 ? Math.round((earned / weights) * 100) : 100,
    colour,
    plan: PLAN_OF_COLOUR[colour],
    indicators,
    topIndicator: worst?.code ?? null,
    topReason: worst?.reason ?? reason('none', {}),
  };
}

// ---- Alerts ----

export type PlanKind = (typeof PLAN_KINDS)[number];

export interface AlertToRaise {
  /** alertIdOf(accountId, rule, evidenceKey). */
  id: string;
  accountId: string;
  /** The indicator's code. */
  rule: IndicatorCode;
  colour: AlertColour;
  /** Yellow opens a maintenance plan, red an executive intervention. */
  planKind: PlanKind;
  /** The sentence the alert explains itself with (the indicator's reason). */
  evidence: Reason;
  evidenceKey: string;
}

/**
 * The alerts an account's health asks for: one per indicator not ok, red for an alert and yellow
 * for a watch, reds first. The caller creates those whose id it does not hold yet: an alert
 * resolved or dismissed keeps its id, so the same evidence never raises it again.
 */
export function alertsToRaise(health: Pick<AccountHealth, 'indicators'>, account: { id: string }): AlertToRaise[] {
  const out: AlertToRaise[] = [];
  for (const i of health.indicators) {
    if (!i.applicable || i.status === 'ok' || i.evidenceKey === null) continue;
    const colour: AlertColour = i.status === 'alert' ? 'red' : 'yellow';
    out.push({
      id: alertIdOf(account.id, i.code, i.evidenceKey),
      accountId: account.id,
      rule: i.code,
      colour,
      planKind: colour === 'red' ? 'intervention' : 'maintenance',
      evidence: i.reason,
      evidenceKey: i.evidenceKey,
    });
  }
  return out.sort((a, b) => (a.colour === b.colour ? 0 : a.colour === 'red' ? -1 : 1));
}

/** The id of the alert a rule raises for an account on some evidence: `al-` and 16 hex digits, the same on every device. */
export function alertIdOf(accountId: string, rule: string, evidenceKey: string): string {
  return `al-${fnv1a64(`${accountId}\u0000${rule}\u0000${evidenceKey}`)}`;
}
