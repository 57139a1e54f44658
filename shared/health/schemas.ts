/**
 * The health model's answers as they cross the contract (zod), so the types on both sides are
 * `z.infer` of one schema: an account's health with its indicators, the portfolio's colours,
 * the attention inbox.
 */
import { z } from 'zod';
import { ALERT_COLOURS, ALERT_STATES, IsoDate, PLAN_KINDS, RecordId } from '../domain';
import { INDICATOR_CODES } from './settings';

const ReasonView = z.object({ key: z.string(), params: z.record(z.string(), z.unknown()) });

export const IndicatorView = z.object({
  code: z.enum(INDICATOR_CODES),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  status: z.enum(['ok', 'watch', 'alert']),
  applicable: z.boolean(),
  weight: z.number(),
  points: z.number(),
  reason: ReasonView,
  details: z.array(ReasonView),
  evidenceKey: z.string().nullable(),
});

export const HEALTH_COLOURS = ['green', 'yellow', 'red'] as const;

export const AccountHealthView = z.object({
  accountId: z.string(),
  asOf: z.string(),
  score: z.number(),
  colour: z.enum(HEALTH_COLOURS),
  plan: z.enum(['routine', 'maintenance', 'intervention']),
  indicators: z.array(IndicatorView),
  topIndicator: z.enum(INDICATOR_CODES).nullable(),
  topReason: ReasonView,
});

/** One account's health now, or as it was at an earlier instant (`asOf`): computed from the records, never stored history. */
export const AccountHealthInput = z.object({ accountId: RecordId, asOf: z.iso.datetime({ offset: true }).optional() }).strict();

/** The attention inbox: open alerts, red before yellow, oldest first, the acting member's first. */
export const InboxInput = z
  .object({
    mine: z.boolean().default(false),
    /** One account's open alerts only (its plan page). */
    accountId: RecordId.optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export const InboxItem = z.object({
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  rule: z.string(),
  colour: z.enum(ALERT_COLOURS),
  state: z.enum(ALERT_STATES),
  evidence: ReasonView,
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  raisedAt: z.string(),
  planKind: z.enum(PLAN_KINDS).nullable(),
  interveneBy: IsoDate.nullable(),
  openTasks: z.number().int(),
  mine: z.boolean(),
});
export const InboxView = z.object({ items: z.array(InboxItem), openCount: z.number().int(), mineCount: z.number().int() });
