/**
 * The team's health rules: which indicators run, what each weighs in the score, and the thresholds
 * at which it turns `watch` (yellow) or `alert` (red). Defaults follow the source articles (seed
 * 003): purchases down three months in a row raise the alert; a key person changing is yellow; a
 * relationship deteriorating is red. Stored team-wide; an older or newer stored object still
 * parses (missing keys take their default, unknown keys are dropped).
 */
import { z } from 'zod';
import { DEFAULT_DECISION_WINDOW_DAYS } from '../map/schemas';

/** The indicators, in the order the dashboard lists them. */
export const INDICATOR_CODES = [
  'purchases_down',
  'purchases_yoy',
  'service_requests',
  'complaints',
  'open_requests',
  'nps',
  'csat',
  'key_people',
  'cadence',
  'decider_silent',
  'coverage',
  'single_threaded',
  'renewal',
  'sentiment',
  'map_flags',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

const enabled = z.boolean().default(true);
const weight = (points: number) => z.number().min(0).max(100).default(points);
const days = (value: number) => z.number().int().min(1).max(3650).default(value);
const count = (value: number) => z.number().int().min(1).max(1000).default(value);
/** A threshold that may be switched off (null: this level is never reached). */
const maybe = <T extends z.ZodType>(schema: T, value: z.output<T> | null) => schema.nullable().default(value as never);

const indicator = <S extends z.ZodRawShape>(points: number, shape: S) => z.object({ enabled, weight: weight(points), ...shape }).prefault({} as never);

export const HealthSettings = z.object({
  /** Share of its weight a `watch` indicator still earns in the score (`ok` earns all, `alert` none). */
  watchCredit: z.number().min(0).max(1).default(0.5),
  /** Influence (1–5) from which a person is key even without a deciding role (the map's rule). */
  keyInfluence: z.number().int().min(1).max(5).default(4),

  /** Monthly purchases lower than the month before, N months in a row ("采购量连续三个月下降"). */
  purchases_down: indicator(14, {
    watchMonths: count(2),
    alertMonths: count(3),
    /** The run must have lost at least this share of the month before it (ignores rounding noise). */
    minDropPct: z.number().min(0).max(100).default(5),
  }),
  /** The last N complete months against the same months a year earlier. */
  purchases_yoy: indicator(8, {
    months: z.number().int().min(1).max(12).default(3),
    /** Change in % at or below which it turns watch / alert. */
    watchPct: z.number().min(-100).max(0).default(-10),
    alertPct: z.number().min(-100).max(0).default(-25),
  }),
  /** Service requests opened in the last N days against the N days before. */
  service_requests: indicator(6, {
    windowDays: days(90),
    /** Fewer requests than this in the window never count as a rise. */
    minCount: count(3),
    watchRisePct: z.number().min(0).max(10_000).default(50),
    alertRisePct: z.number().min(0).max(10_000).default(100),
  }),
  /** Complaints in the last N days: more than in the N days before, and at least this many. */
  complaints: indicator(8, { windowDays: days(90), watchCount: count(1), alertCount: count(2) }),
  /** Requests open at the instant: any critical is an alert, any high a watch. */
  open_requests: indicator(6, { alertCritical: count(1), watchHigh: count(1) }),
  /** NPS (promoters − detractors, −100…100) of the last N days, each person's latest answer. */
  nps: indicator(8, {
    windowDays: days(180),
    minResponses: count(1),
    watchBelow: z.number().min(-100).max(100).default(0),
    alertBelow: z.number().min(-100).max(100).default(-30),
    /** A fall of this many points against the window before is a trend (alert when also below watchBelow). */
    dropPoints: z.number().min(1).max(200).default(20),
  }),
  /** Average CSAT (1–5) of the last N days, each person's latest answer. */
  csat: indicator(6, {
    windowDays: days(180),
    minResponses: count(1),
    watchBelow: z.number().min(1).max(5).default(3.5),
    alertBelow: z.number().min(1).max(5).default(2.5),
  }),
  /** A key person (decider, approver, or high influence) who left, changed role or turned less favourable in the last N days. */
  key_people: indicator(12, { windowDays: days(90) }),
  /** People whose agreed contact cadence ('每月', 'every 2 weeks') is overdue by more than `tolerance` times. */
  cadence: indicator(4, {
    tolerance: z.number().min(1).max(10).default(1.25),
    watchCount: count(1),
    alertCount: maybe(count(1), null),
  }),
  /** A decider with no touchpoint for N days (the map's `decider_stale` flag). */
  decider_silent: indicator(6, { days: days(DEFAULT_DECISION_WINDOW_DAYS) }),
  /** Key people nobody of ours covers (the map's `key_uncovered` flag). */
  coverage: indicator(6, {}),
  /** Only one of our members holds every relationship (the map's `single_threaded` flag). */
  single_threaded: indicator(4, {}),
  /** An agreement renews within N days. */
  renewal: indicator(4, { watchDays: days(90), alertDays: maybe(days(1), null) }),
  /** Average touchpoint sentiment (−2…2) of the last N days against the N days before. */
  sentiment: indicator(4, {
    windowDays: days(90),
    minCount: count(3),
    watchBelow: z.number().min(-2).max(2).default(0),
    alertBelow: z.number().min(-2).max(2).default(-1),
    dropPoints: z.number().min(0.1).max(4).default(0.75),
  }),
  /** The map's other red flags: a buying role nobody holds, a decider or approver against us. */
  map_flags: indicator(4, {
    /** What an amber flag makes the indicator: `watch` (as the map colours it) or `ok` (only red flags count). */
    amber: z.enum(['watch', 'ok']).default('watch'),
  }),
});
export type HealthSettings = z.output<typeof HealthSettings>;
export type HealthSettingsInput = z.input<typeof HealthSettings>;

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = HealthSettings.parse({});

/**
 * Stored or partial settings, with every missing value at its default. A part that does not
 * validate (written by another version, edited by hand) falls back to its default alone; the
 * rest of the team's settings are kept.
 */
export function healthSettingsOf(stored: unknown): HealthSettings {
  const parsed = HealthSettings.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  const source = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(HealthSettings.shape)) {
    const part = (schema as z.ZodType).safeParse(source[key]);
    out[key] = part.success ? part.data : DEFAULT_HEALTH_SETTINGS[key as keyof HealthSettings];
  }
  return out as HealthSettings;
}
