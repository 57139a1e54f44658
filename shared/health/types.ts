/**
 * What the health model reads (one account's records, as plain data) and what it returns (the
 * score, the colour, and each indicator with the reason it explains itself with).
 */
import type { IndicatorCode } from './settings';
import type { Reason } from './reasons';

export interface HealthAccount {
  id: string;
  tier: string;
  stage: string;
  createdAt: string;
}

/** A person as stored today; people.ts rebuilds them as of the instant from their history (as the map's `peopleAsOf` does). */
export interface HealthPerson {
  id: string;
  name: string;
  roles: string[];
  stance: string;
  influence: number;
  ownerIds: string[];
  status: string;
  successorId: string | null;
  /** Free text: '每月', 'monthly', 'every 2 weeks', '季度'… (parseCadence). */
  cadence?: string | null;
  createdAt: string;
  deletedAt: string | null;
  /** Their newest touchpoint as known to the caller; used only when at or before `asOf`. */
  lastTouchpointAt?: string | null;
}

/** A person_changes row: `value` as stored (JSON text); an already parsed value is taken as is. */
export interface HealthPersonChange {
  personId: string;
  at: string;
  field: string;
  value: unknown;
}

export interface HealthTouchpoint {
  at: string;
  theirParticipants: readonly string[];
  ourParticipants: readonly string[];
  /** −2…2, or null when not rated. */
  sentiment?: number | null;
}

export interface HealthPurchase {
  /** `YYYY-MM`. */
  period: string;
  amount: number;
  currency: string;
}

export interface HealthRequest {
  id: string;
  openedAt: string;
  closedAt?: string | null;
  severity: string;
  complaint: boolean;
  firstResponseHours?: number | null;
}

export interface HealthSurvey {
  personId?: string | null;
  answeredOn: string;
  nps?: number | null;
  csat?: number | null;
  ces?: number | null;
}

export interface HealthAgreement {
  id: string;
  title?: string | null;
  renewalDate?: string | null;
}

/** One of our team: an inactive member (who left) covers nobody any more. */
export interface HealthMember {
  id: string;
  name: string;
  active: boolean;
}

/** One account's records; every indicator ignores what lies after `asOf`. */
export interface HealthInput {
  /** The instant the health is judged at (ISO); an earlier one gives the health as it was then. */
  asOf: string;
  /** The calendar day of `asOf` in the team's zone (`YYYY-MM-DD`); default: its UTC date. Dated records (purchases, requests, surveys, renewals) are compared by day. */
  day?: string;
  account: HealthAccount;
  people: readonly HealthPerson[];
  changes?: readonly HealthPersonChange[];
  touchpoints?: readonly HealthTouchpoint[];
  purchases?: readonly HealthPurchase[];
  requests?: readonly HealthRequest[];
  surveys?: readonly HealthSurvey[];
  agreements?: readonly HealthAgreement[];
  /** Our team; when given, relationships owned only by inactive members count as uncovered. */
  members?: readonly HealthMember[];
}

export type IndicatorStatus = 'ok' | 'watch' | 'alert';
export type HealthColour = 'green' | 'yellow' | 'red';
/** Green: routine maintenance; yellow: a special maintenance plan; red: an executive intervention. */
export type HealthPlan = 'routine' | 'maintenance' | 'intervention';

export interface Indicator {
  code: IndicatorCode;
  /** What was measured (a count, a %, a score), or null when there was nothing to measure. */
  value: number | null;
  /** The boundary it is compared with: the alert one when it alerts, else the watch one. */
  threshold: number | null;
  status: IndicatorStatus;
  /** False when the indicator had no data (or is switched off): it then neither counts in the score nor colours. */
  applicable: boolean;
  weight: number;
  /** Points earned toward the score: the weight when ok, `watchCredit` of it when watch, none when alert. */
  points: number;
  reason: Reason;
  /** Further reasons behind it (every kind of key-person change, each map flag group). */
  details: Reason[];
  /** Names the evidence when not ok (`purchases_down:2026-09..2026-11`): the alert's id derives from it. */
  evidenceKey: string | null;
}

export interface AccountHealth {
  accountId: string;
  asOf: string;
  /** 0–100: the share of the applicable indicators' weight earned. */
  score: number;
  colour: HealthColour;
  plan: HealthPlan;
  indicators: Indicator[];
  /** The worst indicator (alert before watch, then the heavier), or null when all are ok. */
  topIndicator: IndicatorCode | null;
  /** Its reason, or `health.reasons.none`. */
  topReason: Reason;
}
