/**
 * The three-layer relationship model (brief DOMAIN.md) as zod schemas: what each record holds,
 * what a create or an update may carry, and the codes of every enumeration. The renderer's forms
 * and the main process validate with these same schemas.
 */
import { z } from 'zod';

// ---- Enumerations (codes; the catalogs hold their words in zh-CN and en) ----

export const MEMBER_ROLES = ['rep', 'kam', 'manager'] as const;
export const TIERS = ['strategic', 'key', 'growth', 'standard'] as const;
export const STAGES = ['prospect', 'development', 'growth', 'maturity', 'decline'] as const;
export const LEVELS = ['transactional', 'preferred', 'solution', 'strategic'] as const;
export const SOURCES = ['referral', 'conference', 'web', 'network', 'research', 'advertising', 'other'] as const;
export const INITIATIVE_KINDS = ['joint_lab', 'executive_dialogue', 'advisory_council', 'technical_exchange', 'forum', 'other'] as const;
export const INITIATIVE_STATUSES = ['planned', 'active', 'done', 'cancelled'] as const;
export const AGREEMENT_KINDS = ['framework', 'purchase', 'service', 'nda', 'other'] as const;
/** The seven buying-centre roles, in the order the brief lists them. */
export const BUYING_ROLES = ['initiator', 'user', 'influencer', 'decider', 'approver', 'buyer', 'gatekeeper'] as const;
export const STANCES = ['champion', 'supporter', 'neutral', 'sceptic', 'opponent', 'unknown'] as const;
export const PERSON_STATUSES = ['active', 'changed_role', 'left'] as const;
export const TOUCHPOINT_KINDS = ['visit', 'meeting', 'call', 'email', 'message', 'event', 'service_request', 'complaint', 'training', 'other'] as const;
export const CHANNELS = ['in_person', 'phone', 'email', 'wechat', 'video', 'message', 'other'] as const;

export type BuyingRole = (typeof BUYING_ROLES)[number];
export type Stance = (typeof STANCES)[number];

// ---- Field building blocks ----

export const RecordId = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();
const requiredText = (max: number) => z.string().trim().min(1).max(max);
/** A calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();
/**
 * An instant, ISO-8601 with a zone (`2026-11-24T09:30:00.000Z` or `+08:00`), stored in UTC so
 * that text order is time order in every query (`09:00+08:00` is before `05:00Z`).
 */
export const IsoDateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const ids = z.array(RecordId).max(200);

/** ISO 4217 codes this runtime can format (a saved "元" once broke every page that showed it). */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
/** A currency as ISO 4217 (`CNY`, `EUR`); lower case is accepted and stored upper case. */
export const Currency = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine((code) => CURRENCIES.has(code), { params: { key: 'validation.currency' } });

/** Days a date may lie ahead of this device's clock before it counts as "in the future" (time zones, a skewed clock). */
const FUTURE_SLACK_MS = 36 * 3_600_000;
/** A date (`YYYY-MM-DD`) or instant that has happened: a purchase, a request opened, a survey answered. */
const notFuture = (value: string) => Date.parse(value) <= Date.now() + FUTURE_SLACK_MS;
const PastDate = IsoDate.refine(notFuture, { params: { key: 'validation.future' } });
/** A month, `YYYY-MM`, not after this one. */
export const Month = z
  .string()
  .refine((month) => /^\d{4}-(0[1-9]|1[0-2])$/.test(month), { params: { key: 'validation.month' }, abort: true })
  .refine((month) => notFuture(`${month}-01`), { params: { key: 'validation.future' } });
/** An amount of money: never negative, a trillion at most (more is a typing slip). */
const Money = z.number().min(0).max(1e12);
const score = z.number().int().min(1).max(5);

const RecordMeta = {
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
};

/**
 * An entity is declared once: `fields` are its writable fields as a create accepts them
 * (required ones without `.optional()`); the record adds the meta fields and fills defaults.
 */
export function entityOf<F extends z.ZodRawShape>(fields: F) {
  const create = z.object(fields).strict();
  // An update carries only the fields it changes: defaults must not fill the others in.
  const optional = Object.fromEntries(
    Object.entries(fields).map(([key, schema]) => [key, z.optional((schema instanceof z.ZodDefault ? schema.unwrap() : schema) as z.ZodType)]),
  ) as unknown as { [K in keyof F]: z.ZodOptional<F[K] extends z.ZodDefault<infer Inner> ? Inner : F[K]> };
  const update = z.object({ id: RecordId, ...optional }).strict();
  return { fields, create, update };
}

// ---- Our team ----

export const Member = entityOf({
  name: requiredText(100),
  email: z.email().max(200).nullable().optional(),
  role: z.enum(MEMBER_ROLES).default('rep'),
  active: z.boolean().default(true),
});

// ---- Organisation level ----

export const AccountFields = entityOf({
  name: requiredText(200),
  aliases: z.array(requiredText(200)).max(20).default([]),
  industry: optionalText(100),
  region: optionalText(100),
  tier: z.enum(TIERS).default('standard'),
  stage: z.enum(STAGES).default('prospect'),
  level: z.enum(LEVELS).default('transactional'),
  parentId: RecordId.nullable().optional(),
  ownerId: RecordId.nullable().optional(),
  source: z.enum(SOURCES).nullable().optional(),
  referralAccountId: RecordId.nullable().optional(),
  referralPersonId: RecordId.nullable().optional(),
  shareOfWallet: z.number().min(0).max(100).nullable().optional(),
  notes: optionalText(10_000),
});

export const AccountLevel = entityOf({
  accountId: RecordId,
  level: z.enum(LEVELS),
  since: IsoDate,
  note: optionalText(1000),
});

export const AccountTeamMember = entityOf({
  accountId: RecordId,
  memberId: RecordId,
  role: optionalText(100),
});

export const Initiative = entityOf({
  accountId: RecordId,
  kind: z.enum(INITIATIVE_KINDS),
  title: requiredText(200),
  status: z.enum(INITIATIVE_STATUSES).default('planned'),
  startDate: IsoDate.nullable().optional(),
  endDate: IsoDate.nullable().optional(),
  ourParticipants: ids.default([]),
  theirParticipants: ids.default([]),
  notes: optionalText(10_000),
});

export const SponsorPair = entityOf({
  accountId: RecordId,
  memberId: RecordId,
  personId: RecordId,
  note: optionalText(1000),
});

export const Agreement = entityOf({
  accountId: RecordId,
  kind: z.enum(AGREEMENT_KINDS).default('framework'),
  title: requiredText(200),
  startDate: IsoDate.nullable().optional(),
  renewalDate: IsoDate.nullable().optional(),
  // A contract's worth, in its currency: a trillion covers any deal; more is a typing slip.
  value: Money.nullable().optional(),
  currency: Currency.nullable().optional(),
});

// ---- Key people ----

export const Person = entityOf({
  accountId: RecordId,
  name: requiredText(100),
  title: optionalText(200),
  department: optionalText(100),
  phone: optionalText(50),
  email: z.email().max(200).nullable().optional(),
  reportsToId: RecordId.nullable().optional(),
  roles: z.array(z.enum(BUYING_ROLES)).max(7).default([]),
  stance: z.enum(STANCES).default('unknown'),
  influence: score.default(3),
  strength: score.default(1),
  ownerIds: ids.default([]),
  preferredChannel: z.enum(CHANNELS).nullable().optional(),
  cadence: optionalText(100),
  strategies: z.partialRecord(z.enum(BUYING_ROLES), text(2000)).default({}),
  status: z.enum(PERSON_STATUSES).default('active'),
  successorId: RecordId.nullable().optional(),
});

export const PersonNote = entityOf({
  personId: RecordId,
  body: requiredText(20_000),
});

export const InfluenceLink = entityOf({
  accountId: RecordId,
  fromId: RecordId,
  toId: RecordId,
  strength: score.default(3),
  note: optionalText(1000),
});

export const RoleStrategy = z.object({ id: z.enum(BUYING_ROLES), strategy: text(4000) }).strict();

// ---- Touchpoints ----

export const Touchpoint = entityOf({
  accountId: RecordId,
  at: IsoDateTime,
  kind: z.enum(TOUCHPOINT_KINDS),
  departments: z.array(requiredText(100)).max(20).default([]),
  theirParticipants: ids.default([]),
  ourParticipants: ids.default([]),
  channel: z.enum(CHANNELS).nullable().optional(),
  summary: requiredText(20_000),
  sentiment: z.number().int().min(-2).max(2).nullable().optional(),
  needs: optionalText(20_000),
});

export const FollowUp = entityOf({
  accountId: RecordId,
  touchpointId: RecordId.nullable().optional(),
  /** The alert whose plan this task belongs to. */
  alertId: RecordId.nullable().optional(),
  task: requiredText(500),
  ownerId: RecordId.nullable().optional(),
  dueDate: IsoDate.nullable().optional(),
  done: z.boolean().default(false),
});

// ---- Health signals (issue 11): what the health model watches ----

export const REQUEST_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** A purchase or order of an account in one month. */
export const Purchase = entityOf({
  accountId: RecordId,
  period: Month,
  amount: Money,
  currency: Currency,
  productLine: optionalText(100),
  /** Units, tonnes, licences…: optional, for accounts that buy by volume. */
  volume: z.number().min(0).max(1e12).nullable().optional(),
  note: optionalText(1000),
});

/** A service request or case: opened, maybe closed, how fast we answered, whether it was a complaint. */
export const ServiceRequest = entityOf({
  accountId: RecordId,
  personId: RecordId.nullable().optional(),
  openedAt: PastDate,
  closedAt: PastDate.nullable().optional(),
  severity: z.enum(REQUEST_SEVERITIES).default('medium'),
  channel: z.enum(CHANNELS).nullable().optional(),
  /** Hours until our first answer. */
  firstResponseHours: z.number().min(0).max(10_000).nullable().optional(),
  complaint: z.boolean().default(false),
  summary: requiredText(2000),
});

/** A satisfaction answer: NPS 0–10, CSAT 1–5, CES 1–7 (at least one), by a person or for the account. */
export const SatisfactionResponse = entityOf({
  accountId: RecordId,
  personId: RecordId.nullable().optional(),
  answeredOn: PastDate,
  nps: z.number().int().min(0).max(10).nullable().optional(),
  csat: z.number().int().min(1).max(5).nullable().optional(),
  ces: z.number().int().min(1).max(7).nullable().optional(),
  comment: optionalText(4000),
});

/** What a competitor was seen doing at an account. */
export const CompetitorActivity = entityOf({
  accountId: RecordId,
  competitor: requiredText(200),
  activity: requiredText(2000),
  seenOn: PastDate,
});

/** The account's value as estimated on a date: one point of a series, never a single overwritten number. */
export const AccountValue = entityOf({
  accountId: RecordId,
  asOf: PastDate,
  lifetimeValue: Money.nullable().optional(),
  potential: Money.nullable().optional(),
  shareOfWallet: z.number().min(0).max(100).nullable().optional(),
  currency: Currency.nullable().optional(),
});

// ---- Alerts and their plans (issue 11) ----

export const ALERT_COLOURS = ['yellow', 'red'] as const;
export const ALERT_STATES = ['open', 'acknowledged', 'in_progress', 'resolved', 'dismissed'] as const;
/** Yellow opens a maintenance plan; red an executive intervention. */
export const PLAN_KINDS = ['maintenance', 'intervention'] as const;
export type AlertColour = (typeof ALERT_COLOURS)[number];
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * An alert a health rule raised for an account: work, not just a colour. Its id is derived from
 * the account, the rule and the evidence (`alertIdOf`), so two laptops that raise the same alert
 * offline create one record, and a resolved alert is not raised again for the same evidence.
 */
export const Alert = entityOf({
  accountId: RecordId,
  /** The health indicator that raised it (shared/health). */
  rule: requiredText(64),
  colour: z.enum(ALERT_COLOURS),
  /** What the rule saw, as the sentence it explains itself with, and the key that names that evidence. */
  evidence: requiredText(2000),
  evidenceKey: requiredText(200),
  ownerId: RecordId.nullable().optional(),
  state: z.enum(ALERT_STATES).default('open'),
  /** Why it was dismissed or how it was resolved. */
  stateReason: optionalText(1000),
  raisedAt: IsoDateTime,
  planKind: z.enum(PLAN_KINDS).nullable().optional(),
  /** An executive intervention: who of ours, who of theirs, by when. */
  ourExecutiveId: RecordId.nullable().optional(),
  theirExecutiveId: RecordId.nullable().optional(),
  interveneBy: IsoDate.nullable().optional(),
});

/** A plan template: the tasks a yellow (maintenance) or red (intervention) alert's plan starts with. */
export const PlanTemplate = entityOf({
  name: requiredText(200),
  planKind: z.enum(PLAN_KINDS),
  tasks: z
    .array(z.object({ task: requiredText(500), dueInDays: z.number().int().min(0).max(365), ownerRole: z.enum(MEMBER_ROLES).nullable().optional() }).strict())
    .min(1)
    .max(30),
});

/** A stored record: the meta fields and every field filled (defaults applied, absent → null). */
export type RecordOf<E extends { fields: z.ZodRawShape }> = {
  [K in keyof E['fields']]-?: Exclude<z.output<E['fields'][K]>, undefined> extends infer V
    ? [undefined] extends [z.output<E['fields'][K]>]
      ? V | null
      : V
    : never;
} & { id: string; createdAt: string; updatedAt: string; deletedAt: string | null };

/** The output schema of a record: lenient (the store is the source), but typed. */
/**
 * The output schema of a record. It checks the meta fields and types the rest without
 * re-validating them: a record may hold values written by another app version through sync,
 * and reading it must never fail because today's input rules are stricter.
 */
export function recordSchema<E extends { fields: z.ZodRawShape }>(_e: E) {
  return z.object(RecordMeta).catchall(z.unknown()) as unknown as z.ZodType<RecordOf<E>>;
}

export const PersonChangeRecord = z.object({ id: z.string(), personId: z.string(), at: z.string(), field: z.string(), value: z.unknown() });

export const ListByAccount = z.object({ accountId: RecordId, state: z.enum(['active', 'deleted', 'all']).default('active') }).strict();

// ---- Views that read across tables ----

/** Control characters (a NUL pasted from a binary file) mean nothing in a search: they count as spaces. */
const SearchText = z
  .string()
  .transform((text) => text.replace(/[\u0000-\u001f\u007f]/g, ' '))
  .pipe(z.string().trim().min(1).max(200));
export const SEARCH_KINDS = ['account', 'person', 'touchpoint'] as const;
export const SearchInput = z
  .object({
    text: SearchText,
    limit: z.number().int().min(1).max(100).default(20),
    /** Hits to skip in each kind asked for: the results page's "more". Totals are counted up to 1,000. */
    offset: z.number().int().min(0).max(1000).default(0),
    kinds: z
      .array(z.enum(SEARCH_KINDS))
      .min(1)
      .default([...SEARCH_KINDS]),
  })
  .strict();
export const SearchHit = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  title: z.string(),
  /** A short excerpt around the match. */
  snippet: z.string(),
});
/** How many hits a kind has in all: exact up to 1,000, else "at least 1,000". */
const SearchTotal = z.object({ count: z.number().int().min(0), atLeast: z.boolean() });
export const SearchResult = z.object({
  accounts: z.array(SearchHit),
  people: z.array(SearchHit),
  touchpoints: z.array(SearchHit),
  totals: z.object({ accounts: SearchTotal, people: SearchTotal, touchpoints: SearchTotal }),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const PORTFOLIO_SORTS = ['name', 'tier', 'stage', 'level', 'owner', 'lastTouchpoint', 'health'] as const;
export const PortfolioInput = z
  .object({
    text: z.string().trim().max(200).default(''),
    tier: z.enum(TIERS).nullable().default(null),
    stage: z.enum(STAGES).nullable().default(null),
    level: z.enum(LEVELS).nullable().default(null),
    ownerId: RecordId.nullable().default(null),
    /** Only accounts of this health colour (as last computed). */
    colour: z.enum(['green', 'yellow', 'red']).nullable().default(null),
    sort: z.enum(PORTFOLIO_SORTS).default('name'),
    descending: z.boolean().default(false),
    // Far beyond any real portfolio (a team's accounts number in the thousands).
    offset: z.number().int().min(0).max(1_000_000).default(0),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
export const PortfolioRow = z.object({
  id: z.string(),
  name: z.string(),
  tier: z.string(),
  stage: z.string(),
  level: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  lastTouchpointAt: z.string().nullable(),
  people: z.number().int(),
  /** Health as last computed here (null until the first recompute), and its worst reason as `{ key, params }` JSON. */
  healthScore: z.number().nullable(),
  healthColour: z.enum(['green', 'yellow', 'red']).nullable(),
  healthReason: z.string().nullable(),
});
export const PortfolioPage = z.object({ total: z.number().int(), rows: z.array(PortfolioRow) });
export type PortfolioRow = z.infer<typeof PortfolioRow>;

/** A follow-up in "my follow-ups": the record, its account's name, and whether it is overdue. */
export const FollowUpDue = z.object(RecordMeta).catchall(z.unknown()) as unknown as z.ZodType<
  RecordOf<typeof FollowUp> & { accountName: string; overdue: boolean }
>;

/** Who uses this device; `member` is null when none was chosen or the one chosen was removed. */
export const MeView = z.object({ memberId: z.string().nullable(), member: z.object({ id: z.string(), name: z.string() }).nullable() });
export const MeInput = z.object({ memberId: RecordId.nullable() }).strict();

export const FollowUpsDueInput = z
  .object({ ownerId: RecordId.nullable().default(null), withinDays: z.number().int().min(0).max(365).default(14), today: IsoDate.optional() })
  .strict();

/**
 * Sample data, at most what someone trying Rapport at the size of a large team would ask for (10,000
 * accounts is the portfolio's scale test). A million people froze the server for over a minute
 * (issue 10): the load now runs as a job in chunks, and these bounds keep it to seconds.
 */
export const DemoLoadInput = z
  .object({
    accounts: z.number().int().min(1).max(10_000).default(30),
    people: z.number().int().min(0).max(20_000).default(400),
    touchpoints: z.number().int().min(0).max(100_000).default(3000),
  })
  .strict();
export const DemoLoadResult = z.object({
  accounts: z.number().int(),
  people: z.number().int(),
  touchpoints: z.number().int(),
  followUps: z.number().int(),
  initiatives: z.number().int(),
});
