/**
 * The record kinds, each declared once: which table holds it, the contract area that reaches it,
 * its fields (the zod schemas of domain.ts), how its list is filtered and ordered, which of its
 * fields name other records and what happens to those records on delete and purge, which fields
 * keep a dated history, and whether its content is private.
 *
 * Everything else is derived from here: the contract's six calls per area (contract.ts), the
 * services' reference rules, the purge reference map and the sync engine's part tables
 * (electron/), the enum sort orders, and the renderer's areas. Adding a kind is one entry here,
 * its table in electron/store/schema.ts, and its views.
 */
import { z } from 'zod';
import * as D from './domain';

/** A field that names another record (by id, or a JSON list of ids). */
export interface Reference {
  /** The field, as the contract names it (`accountId`). */
  field: string;
  /** The table of the record it names (one of the kinds: tests/unit/kinds.test.ts). */
  target: string;
  /** A JSON list of ids rather than one id. */
  many?: true;
  /**
   * This record is a part of the one it names (a person's history and private notes, an account's
   * level history): never in the bin by itself, emptied from the bin with its record, and not a
   * reason to keep that record.
   */
  part?: true;
  /** The named record must be of the same account as this one (a person of another account is refused). */
  sameAccount?: true;
}

/** How a list's input narrows it: an input key, the field it compares, and how. */
export interface ListFilter {
  field: string;
  /** `equals`: the field holds this id; `includes`: the field's JSON list holds it. */
  match: 'equals' | 'includes';
}

export type Order = 'name' | readonly (readonly [field: string, direction: 'asc' | 'desc'])[];

interface KindDeclaration {
  /** The SQL table (what sync changes and snapshots carry). */
  table: string;
  /** The contract area (`people.list`, …); none for tables only the app writes (history rows). */
  area?: string;
  /** The writable fields and their create and update schemas; none for tables without calls of their own. */
  entity?: { fields: z.ZodRawShape; create: z.ZodType; update: z.ZodType };
  /** The list call's input (its keys other than `state` are filters, see `filters`). */
  list?: z.ZodType;
  filters?: Readonly<Record<string, ListFilter>>;
  /** Lists sort by `name` in the reader's language, or by these fields. */
  order?: Order;
  references: readonly Reference[];
  /** Fields whose every change is kept as a dated history row (the person page, the map's compare). */
  history?: readonly string[];
  /** Content only its author may read (personal notes): left out of exports unless asked for. */
  private?: true;
  /** Enumerations in their meaningful order (strategic before standard), for sorting. */
  enums?: Readonly<Record<string, readonly string[]>>;
  /** The field a new record fills with the acting team member ("who am I") when the input leaves it out. */
  owner?: string;
}

const State = z.enum(['active', 'deleted', 'all']).default('active');
const ByAccount = D.ListByAccount;
const accountOf = { field: 'accountId', target: 'accounts' } as const satisfies Reference;

export const kinds = {
  members: {
    table: 'members',
    area: 'members',
    entity: D.Member,
    list: z.object({ state: State }).strict(),
    order: 'name',
    references: [],
    enums: { role: D.MEMBER_ROLES },
  },
  accounts: {
    table: 'accounts',
    area: 'accounts',
    entity: D.AccountFields,
    list: z.object({ state: State, parentId: D.RecordId.optional() }).strict(),
    filters: { parentId: { field: 'parentId', match: 'equals' } },
    order: 'name',
    owner: 'ownerId',
    references: [
      { field: 'parentId', target: 'accounts' },
      { field: 'ownerId', target: 'members' },
      { field: 'referralAccountId', target: 'accounts' },
      { field: 'referralPersonId', target: 'people' },
    ],
    enums: { tier: D.TIERS, stage: D.STAGES, level: D.LEVELS },
  },
  account_levels: {
    table: 'account_levels',
    area: 'levels',
    entity: D.AccountLevel,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    order: [
      ['since', 'desc'],
      ['id', 'asc'],
    ],
    references: [{ ...accountOf, part: true }],
  },
  account_team: {
    table: 'account_team',
    area: 'team',
    entity: D.AccountTeamMember,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    references: [accountOf, { field: 'memberId', target: 'members' }],
  },
  initiatives: {
    table: 'initiatives',
    area: 'initiatives',
    entity: D.Initiative,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    references: [
      accountOf,
      { field: 'ourParticipants', target: 'members', many: true },
      { field: 'theirParticipants', target: 'people', many: true, sameAccount: true },
    ],
  },
  sponsor_pairs: {
    table: 'sponsor_pairs',
    area: 'sponsors',
    entity: D.SponsorPair,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    references: [accountOf, { field: 'memberId', target: 'members' }, { field: 'personId', target: 'people', sameAccount: true }],
  },
  agreements: {
    table: 'agreements',
    area: 'agreements',
    entity: D.Agreement,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    references: [accountOf],
  },
  people: {
    table: 'people',
    area: 'people',
    entity: D.Person,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    order: 'name',
    references: [
      accountOf,
      { field: 'reportsToId', target: 'people', sameAccount: true },
      { field: 'successorId', target: 'people', sameAccount: true },
      { field: 'ownerIds', target: 'members', many: true },
    ],
    history: ['title', 'department', 'reportsToId', 'roles', 'stance', 'influence', 'strength', 'ownerIds', 'status', 'successorId'],
    enums: { stance: D.STANCES, status: D.PERSON_STATUSES },
  },
  person_changes: {
    table: 'person_changes',
    // Its account_id only saves a join: the person is what it belongs to.
    references: [{ field: 'personId', target: 'people', part: true }],
  },
  person_notes: {
    table: 'person_notes',
    area: 'notes',
    entity: D.PersonNote,
    list: z.object({ personId: D.RecordId, state: State }).strict(),
    filters: { personId: { field: 'personId', match: 'equals' } },
    references: [{ field: 'personId', target: 'people', part: true }],
    private: true,
  },
  influence_links: {
    table: 'influence_links',
    area: 'links',
    entity: D.InfluenceLink,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    references: [accountOf, { field: 'fromId', target: 'people', sameAccount: true }, { field: 'toId', target: 'people', sameAccount: true }],
  },
  role_strategies: {
    table: 'role_strategies',
    references: [],
  },
  touchpoints: {
    table: 'touchpoints',
    area: 'touchpoints',
    entity: D.Touchpoint,
    list: D.ListByAccount.extend({ personId: D.RecordId.optional() }),
    filters: { accountId: { field: 'accountId', match: 'equals' }, personId: { field: 'theirParticipants', match: 'includes' } },
    order: [
      ['at', 'desc'],
      ['id', 'asc'],
    ],
    references: [
      accountOf,
      { field: 'theirParticipants', target: 'people', many: true, sameAccount: true },
      { field: 'ourParticipants', target: 'members', many: true },
    ],
    enums: { kind: D.TOUCHPOINT_KINDS, channel: D.CHANNELS },
  },
  follow_ups: {
    table: 'follow_ups',
    area: 'followups',
    entity: D.FollowUp,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    order: [
      ['done', 'asc'],
      ['dueDate', 'asc'],
      ['id', 'asc'],
    ],
    owner: 'ownerId',
    references: [
      accountOf,
      { field: 'ownerId', target: 'members' },
      { field: 'touchpointId', target: 'touchpoints', sameAccount: true },
      { field: 'alertId', target: 'alerts', sameAccount: true },
    ],
  },
  // ---- Health signals (issue 11) ----
  purchases: {
    table: 'purchases',
    area: 'purchases',
    entity: D.Purchase,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    order: [
      ['period', 'desc'],
      ['id', 'asc'],
    ],
    references: [accountOf],
  },
  service_requests: {
    table: 'service_requests',
    area: 'requests',
    entity: D.ServiceRequest,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    order: [
      ['openedAt', 'desc'],
      ['id', 'asc'],
    ],
    references: [accountOf, { field: 'personId', target: 'people', sameAccount: true }],
    enums: { severity: D.REQUEST_SEVERITIES },
  },
  satisfaction_responses: {
    table: 'satisfaction_responses',
    area: 'surveys',
    entity: D.SatisfactionResponse,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    order: [
      ['answeredOn', 'desc'],
      ['id', 'asc'],
    ],
    references: [accountOf, { field: 'personId', target: 'people', sameAccount: true }],
  },
  competitor_activities: {
    table: 'competitor_activities',
    area: 'competitors',
    entity: D.CompetitorActivity,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    order: [
      ['seenOn', 'desc'],
      ['id', 'asc'],
    ],
    references: [accountOf],
  },
  account_values: {
    table: 'account_values',
    area: 'values',
    entity: D.AccountValue,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    order: [
      ['asOf', 'desc'],
      ['id', 'asc'],
    ],
    references: [{ ...accountOf, part: true }],
  },
  // ---- Alerts and their plans (issue 11) ----
  alerts: {
    table: 'alerts',
    area: 'alerts',
    entity: D.Alert,
    list: ByAccount,
    filters: { accountId: { field: 'accountId', match: 'equals' } },
    order: [
      ['raisedAt', 'desc'],
      ['id', 'asc'],
    ],
    owner: 'ownerId',
    references: [
      accountOf,
      { field: 'ownerId', target: 'members' },
      { field: 'ourExecutiveId', target: 'members' },
      { field: 'theirExecutiveId', target: 'people', sameAccount: true },
    ],
    enums: { colour: D.ALERT_COLOURS, state: D.ALERT_STATES },
  },
  /** Team-wide settings that sync, one JSON value per key (the health model's weights and thresholds). */
  team_settings: {
    table: 'team_settings',
    references: [],
  },
  plan_templates: {
    table: 'plan_templates',
    area: 'templates',
    entity: D.PlanTemplate,
    list: z.object({ state: State }).strict(),
    order: 'name',
    references: [],
  },
  // ---- Duplicates and merge (issue 13): written by their own calls (duplicates.*, merge.*). Both
  // name accounts or people by `kind`, so their ids are not declared references: a merge must
  // neither keep a binned duplicate from being emptied nor follow it to the purge. ----
  merges: {
    table: 'merges',
    references: [{ field: 'byId', target: 'members' }],
  },
  distinct_pairs: {
    table: 'distinct_pairs',
    references: [{ field: 'byId', target: 'members' }],
  },
  // Written by handover.apply: the leaver and the takers are history here, never handed over again.
  handovers: {
    table: 'handovers',
    references: [
      { field: 'memberId', target: 'members' },
      { field: 'toIds', target: 'members', many: true },
      { field: 'byId', target: 'members' },
    ],
  },
} as const satisfies Record<string, KindDeclaration>;

export type Kinds = typeof kinds;
export type TableName = keyof Kinds;
export type Kind = Kinds[TableName];

/** The kinds the contract reaches, by area. */
type WithArea = { [T in TableName]: Kinds[T] extends { area: string; entity: object; list: z.ZodType } ? Kinds[T] : never }[TableName];
export type AreaKinds = { [K in WithArea as K['area']]: K };
export type Area = keyof AreaKinds;

export const areaKinds = Object.fromEntries(
  Object.values(kinds)
    .filter((k): k is WithArea => 'area' in k)
    .map((k) => [k.area, k]),
) as AreaKinds;

/** Every contract area, in declaration order (the renderer's cache roots). */
export const AREAS = Object.keys(areaKinds) as Area[];

/** `accountId` → `account_id`: the SQL name of a contract field. */
const columnNames = new Map<string, string>();
/** A field's column name (`accountId` → `account_id`), worked out once per field: every record written passes here. */
export function columnOf(field: string): string {
  let column = columnNames.get(field);
  if (column === undefined) columnNames.set(field, (column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  return column;
}

/** Every reference between tables, with SQL column names (the purge map, the part tables). */
export const tableReferences = (Object.values(kinds) as KindDeclaration[]).flatMap((kind) =>
  kind.references.map((r) => ({ table: kind.table, column: columnOf(r.field), target: r.target, many: r.many, part: r.part })),
);

/** Tables whose content is private: exported only on request, never searched for others. */
export const PRIVATE_TABLES: ReadonlySet<string> = new Set((Object.values(kinds) as KindDeclaration[]).filter((k) => k.private).map((k) => k.table));
