/** The health model (README.md): one account's records in, its score, colour, reasons and alerts out. */
export { accountHealth, alertIdOf, alertsToRaise, colourOf, evidenceKeyOf, worstIndicator, COLOUR_OF_STATUS, PLAN_OF_COLOUR } from './health';
export type { AlertToRaise, PlanKind } from './health';
export { parseCadence } from './cadence';
export { prepareHealth, type HealthContext } from './context';
export { fnv1a64 } from './hash';
export * from './indicators';
export { REASON_PARAMS, REASON_PREFIX, reason, type Reason, type ReasonCode, type ReasonParams } from './reasons';
export { REVIEW_MONTHS, routineReviewDue, type ReviewDue } from './review';
export { DEFAULT_HEALTH_SETTINGS, HealthSettings, healthSettingsOf, INDICATOR_CODES, type HealthSettingsInput, type IndicatorCode } from './settings';
export type * from './types';
