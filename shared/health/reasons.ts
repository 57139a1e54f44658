/**
 * Every sentence the health model explains itself with: a catalog key under `health.reasons.*`
 * and the parameters it carries. The catalogs (shared/i18n/health.*.ts) word each one; a key
 * with a `count` parameter also has its `_other` plural form (tests/unit/health.test.ts checks both).
 */
import type { MapReason } from '../map/schemas';

/** Catalog parameters: numbers, words, or lists the renderer words (`names`, `roles`). */
export type ReasonParams = MapReason['params'];

export interface Reason {
  /** `health.reasons.<code>.<variant>`. */
  key: string;
  params: ReasonParams;
}

const NAMED = ['count', 'names', 'more'] as const;

/** Each reason (without its `health.reasons.` prefix) and the parameters it is worded with. */
export const REASON_PARAMS = {
  none: [],
  disabled: [],

  'purchases_down.falling': ['count', 'drop', 'from', 'to', 'currency'],
  'purchases_down.steady': [],
  'purchases_down.no_data': [],

  'purchases_yoy.down': ['pct', 'from', 'to', 'currency'],
  'purchases_yoy.up': ['pct', 'from', 'to', 'currency'],
  'purchases_yoy.no_data': [],

  'service_requests.rising': ['count', 'previous', 'pct', 'days'],
  'service_requests.steady': ['count', 'previous', 'days'],
  'service_requests.no_data': [],

  'complaints.rising': ['count', 'previous', 'days'],
  'complaints.steady': ['count', 'previous', 'days'],
  'complaints.no_data': [],

  'open_requests.critical': ['count', 'high'],
  'open_requests.high': ['count'],
  'open_requests.none': [],
  'open_requests.no_data': [],

  'nps.detractor_trend': ['nps', 'previous', 'drop', 'count'],
  'nps.low': ['nps', 'count'],
  'nps.falling': ['nps', 'previous', 'drop', 'count'],
  'nps.ok': ['nps', 'count'],
  'nps.no_data': [],

  'csat.low': ['csat', 'count'],
  'csat.ok': ['csat', 'count'],
  'csat.no_data': [],

  'key_people.left_no_successor': NAMED,
  'key_people.left': [...NAMED, 'days'],
  'key_people.changed_role': [...NAMED, 'days'],
  'key_people.stance_worse': [...NAMED, 'days'],
  'key_people.stable': ['days'],
  'key_people.no_data': [],

  'cadence.breached': [...NAMED, 'name', 'days', 'cadence'],
  'cadence.ok': ['count'],
  'cadence.no_data': [],

  'decider_silent.silent': [...NAMED, 'days'],
  'decider_silent.ok': ['days'],
  'decider_silent.no_data': [],

  'coverage.decider_uncovered': NAMED,
  'coverage.key_uncovered': NAMED,
  'coverage.no_people': [],
  'coverage.ok': [],

  'single_threaded.single': ['count', 'member'],
  'single_threaded.ok': ['count'],
  'single_threaded.no_data': [],

  'renewal.approaching': ['count', 'title', 'date'],
  'renewal.ok': ['days'],
  'renewal.no_data': [],

  'sentiment.deteriorating': ['avg', 'previous', 'drop', 'count', 'days'],
  'sentiment.negative': ['avg', 'count', 'days'],
  'sentiment.falling': ['avg', 'previous', 'drop', 'count', 'days'],
  'sentiment.ok': ['avg', 'count', 'days'],
  'sentiment.no_data': ['count', 'min'],

  'map_flags.role_vacant.red': ['count', 'roles'],
  'map_flags.role_vacant.amber': ['count', 'roles'],
  'map_flags.decider_stance.red': NAMED,
  'map_flags.decider_stance.amber': NAMED,
  'map_flags.none': [],
  'map_flags.no_data': [],
} as const satisfies Record<string, readonly string[]>;

export type ReasonCode = keyof typeof REASON_PARAMS;
type ParamValue = ReasonParams[string];
export type ParamsOf<C extends ReasonCode> = { [P in (typeof REASON_PARAMS)[C][number]]: ParamValue };

export const REASON_PREFIX = 'health.reasons.';

/** A reason with exactly its declared parameters (the type checks them). */
export function reason<C extends ReasonCode>(code: C, params: ParamsOf<C>): Reason {
  return { key: REASON_PREFIX + code, params: params as ReasonParams };
}

/** A reason the map's own rule (mapStatus) worded, re-keyed to its health reason (same parameters). */
export function fromMapReason(code: ReasonCode, mapReason: Pick<MapReason, 'params'>): Reason {
  return { key: REASON_PREFIX + code, params: mapReason.params };
}
