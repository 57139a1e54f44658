/**
 * The health dashboard (issue 11 item 5) as it crosses the contract: the portfolio's colours by
 * tier and by lifecycle stage, the accounts whose score fell most over 30 and 90 days, and, for
 * one account, its health month by month with the signals behind it, each as a series a chart
 * draws and a table states.
 */
import { z } from 'zod';
import { RecordId, STAGES, TIERS } from '../domain';
import { AccountHealthView, HEALTH_COLOURS } from './schemas';

export const DashboardInput = z.object({ accountId: RecordId.optional() }).strict();

const Count = z.number().int();
/** Accounts per colour; `none`: live accounts whose health has not been computed yet. */
export const ColourCounts = z.object({ green: Count, yellow: Count, red: Count, none: Count });

export const FellMost = z.object({
  accountId: z.string(),
  name: z.string(),
  scoreThen: z.number(),
  scoreNow: z.number(),
  colourNow: z.enum(HEALTH_COLOURS),
});

export const PortfolioDashboard = z.object({
  total: Count,
  colours: ColourCounts,
  /** One row per tier (TIERS order). */
  tiers: z.array(z.object({ tier: z.enum(TIERS), colours: ColourCounts })),
  /** One row per lifecycle stage (STAGES order). */
  funnel: z.array(z.object({ stage: z.enum(STAGES), colours: ColourCounts })),
  /** The largest score drops since 30 and 90 days ago (top 10 each, the largest first; only accounts that fell). */
  fell30: z.array(FellMost),
  fell90: z.array(FellMost),
});

export const AccountDashboard = z.object({
  accountId: z.string(),
  /** The score and colour at the end of each of the last 12 months (the last one: now), oldest first. */
  healthOverTime: z.array(z.object({ month: z.string(), asOf: z.string(), score: z.number(), colour: z.enum(HEALTH_COLOURS) })),
  /** The last 24 complete months in the account's main currency (null when nothing was bought), with a 3-month moving average. */
  purchases: z.object({
    currency: z.string().nullable(),
    months: z.array(z.object({ month: z.string(), amount: z.number(), trend: z.number().nullable() })),
  }),
  /** Service requests opened per month over the last 12 months (this one included), complaints among them. */
  requests: z.array(z.object({ month: z.string(), count: Count, complaints: Count })),
  /** Per quarter of the last 8 (this one included): the NPS (promoters − detractors, −100…100) and the average CSAT (1–5), null without answers. */
  satisfaction: z.array(z.object({ quarter: z.string(), nps: z.number().nullable(), npsAnswers: Count, csat: z.number().nullable(), csatAnswers: Count })),
  /** The current health with every indicator. */
  health: AccountHealthView,
});

/** Without `accountId`: the portfolio (account null); with it: that account (portfolio null, not computed for the account page). */
export const DashboardView = z.object({ portfolio: PortfolioDashboard.nullable(), account: AccountDashboard.nullable() });
