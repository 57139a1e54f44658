/**
 * The drizzle schema of the local store. `migrations/` is generated from this file by drizzle-kit
 * (`npm run db:generate`); a released migration is never edited, only followed by a new one.
 *
 * Synced tables (the domain) share one shape, `syncedColumns`: a text id made on the device
 * (UUIDv7, never autoincrement), the LWW clock of every field in `sync_clocks`, and a tombstone
 * (`deleted_at`). Every domain column has a default, because a remote change may carry one field
 * of a row this device has not seen whole yet. Writes go through electron/sync/changes.ts only.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const syncedColumns = () => ({
  id: text('id').primaryKey(),
  createdAt: text('created_at').notNull().default(''),
  /** Derived on every device from the newest clock of the row, so it is the same everywhere. */
  updatedAt: text('updated_at').notNull().default(''),
  /** The tombstone: set when the record is in the bin, cleared on restore. Synced like any field. */
  deletedAt: text('deleted_at'),
  /** JSON `{ "*": clock, field: clock }`: the clock of each field's current value (`*` for the rest). */
  syncClocks: text('sync_clocks').notNull().default('{}'),
});

// ---- The three-layer relationship model (brief DOMAIN.md). Enumerations are the codes of
// shared/domain.ts; lists (aliases, roles, participants, departments) are JSON arrays. ----

/** Our own people: reps, key-account managers, managers. */
export const members = sqliteTable('members', {
  ...syncedColumns(),
  name: text('name').notNull().default(''),
  email: text('email'),
  role: text('role').notNull().default('rep'),
  active: integer('active').notNull().default(1),
});

export const accounts = sqliteTable(
  'accounts',
  {
    ...syncedColumns(),
    name: text('name').notNull().default(''),
    aliases: text('aliases').notNull().default('[]'),
    industry: text('industry'),
    region: text('region'),
    tier: text('tier').notNull().default('standard'),
    stage: text('stage').notNull().default('prospect'),
    level: text('level').notNull().default('transactional'),
    parentId: text('parent_id'),
    ownerId: text('owner_id'),
    source: text('source'),
    referralAccountId: text('referral_account_id'),
    referralPersonId: text('referral_person_id'),
    shareOfWallet: real('share_of_wallet'),
    notes: text('notes'),
  },
  (t) => [index('accounts_deleted_at_idx').on(t.deletedAt), index('accounts_parent_idx').on(t.parentId)],
);

/** The relationship level over time: one row per change, dated. */
export const accountLevels = sqliteTable(
  'account_levels',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    level: text('level').notNull().default('transactional'),
    since: text('since').notNull().default(''),
    note: text('note'),
  },
  (t) => [index('account_levels_account_idx').on(t.accountId)],
);

/** Who of ours works on an account, and as what. */
export const accountTeam = sqliteTable(
  'account_team',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    memberId: text('member_id').notNull().default(''),
    role: text('role'),
  },
  (t) => [index('account_team_account_idx').on(t.accountId)],
);

/** Organisation-level initiatives: joint labs, executive dialogue, advisory councils, … */
export const initiatives = sqliteTable(
  'initiatives',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    kind: text('kind').notNull().default('other'),
    title: text('title').notNull().default(''),
    status: text('status').notNull().default('planned'),
    startDate: text('start_date'),
    endDate: text('end_date'),
    ourParticipants: text('our_participants').notNull().default('[]'),
    theirParticipants: text('their_participants').notNull().default('[]'),
    notes: text('notes'),
  },
  (t) => [index('initiatives_account_idx').on(t.accountId)],
);

/** Executive sponsor pairs: our member ↔ their person. */
export const sponsorPairs = sqliteTable(
  'sponsor_pairs',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    memberId: text('member_id').notNull().default(''),
    personId: text('person_id').notNull().default(''),
    note: text('note'),
  },
  (t) => [index('sponsor_pairs_account_idx').on(t.accountId)],
);

export const agreements = sqliteTable(
  'agreements',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    kind: text('kind').notNull().default('framework'),
    title: text('title').notNull().default(''),
    startDate: text('start_date'),
    renewalDate: text('renewal_date'),
    value: real('value'),
    currency: text('currency'),
  },
  (t) => [index('agreements_account_idx').on(t.accountId)],
);

/** Key people of the client's decision chain. */
export const people = sqliteTable(
  'people',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    name: text('name').notNull().default(''),
    title: text('title'),
    department: text('department'),
    phone: text('phone'),
    email: text('email'),
    reportsToId: text('reports_to_id'),
    roles: text('roles').notNull().default('[]'),
    stance: text('stance').notNull().default('unknown'),
    influence: integer('influence').notNull().default(3),
    strength: integer('strength').notNull().default(1),
    ownerIds: text('owner_ids').notNull().default('[]'),
    preferredChannel: text('preferred_channel'),
    cadence: text('cadence'),
    /** JSON {role: strategy} overriding the team's per-role templates. */
    strategies: text('strategies').notNull().default('{}'),
    status: text('status').notNull().default('active'),
    successorId: text('successor_id'),
    /** Set by a per-person erase (services/privacy.ts): when, and which member erased them; never cleared. */
    erasedAt: text('erased_at'),
    erasedBy: text('erased_by'),
  },
  (t) => [
    index('people_account_idx').on(t.accountId),
    index('people_reports_to_idx').on(t.reportsToId),
    // The few erased people, which every device scrubs again after each sync round.
    index('people_erased_idx')
      .on(t.erasedAt)
      .where(sql`erased_at IS NOT NULL`),
  ],
);

/** Dated history of a person's tracked fields (title, stance, roles, reports-to, status, …). */
export const personChanges = sqliteTable(
  'person_changes',
  {
    ...syncedColumns(),
    personId: text('person_id').notNull().default(''),
    accountId: text('account_id').notNull().default(''),
    at: text('at').notNull().default(''),
    field: text('field').notNull().default(''),
    /** JSON of the new value. */
    value: text('value'),
  },
  (t) => [index('person_changes_person_idx').on(t.personId), index('person_changes_account_idx').on(t.accountId)],
);

/** Personal notes about a person: private data, kept apart from business fields, never exported unless asked. */
export const personNotes = sqliteTable(
  'person_notes',
  {
    ...syncedColumns(),
    personId: text('person_id').notNull().default(''),
    body: text('body').notNull().default(''),
  },
  (t) => [index('person_notes_person_idx').on(t.personId)],
);

/** Influence outside the reporting line: `from` influences `to` (A listens to B: B → A). */
export const influenceLinks = sqliteTable(
  'influence_links',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    fromId: text('from_id').notNull().default(''),
    toId: text('to_id').notNull().default(''),
    strength: integer('strength').notNull().default(3),
    note: text('note'),
  },
  (t) => [index('influence_links_account_idx').on(t.accountId)],
);

/** The team's communication strategy template per buying-centre role (id = the role code). */
export const roleStrategies = sqliteTable('role_strategies', {
  ...syncedColumns(),
  strategy: text('strategy').notNull().default(''),
});

export const touchpoints = sqliteTable(
  'touchpoints',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    at: text('at').notNull().default(''),
    kind: text('kind').notNull().default('other'),
    departments: text('departments').notNull().default('[]'),
    theirParticipants: text('their_participants').notNull().default('[]'),
    ourParticipants: text('our_participants').notNull().default('[]'),
    channel: text('channel'),
    summary: text('summary').notNull().default(''),
    sentiment: integer('sentiment'),
    needs: text('needs'),
  },
  (t) => [index('touchpoints_account_at_idx').on(t.accountId, t.at)],
);

export const followUps = sqliteTable(
  'follow_ups',
  {
    ...syncedColumns(),
    touchpointId: text('touchpoint_id'),
    alertId: text('alert_id'),
    accountId: text('account_id').notNull().default(''),
    task: text('task').notNull().default(''),
    ownerId: text('owner_id'),
    dueDate: text('due_date'),
    done: integer('done').notNull().default(0),
  },
  (t) => [index('follow_ups_account_idx').on(t.accountId), index('follow_ups_due_idx').on(t.done, t.dueDate), index('follow_ups_alert_idx').on(t.alertId)],
);

// ---- Health signals (issue 11): what the health model watches. Money is a real in the row's
// currency; months are `YYYY-MM`, dates `YYYY-MM-DD`. ----

export const purchases = sqliteTable(
  'purchases',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    period: text('period').notNull().default(''),
    amount: real('amount').notNull().default(0),
    currency: text('currency').notNull().default(''),
    productLine: text('product_line'),
    volume: real('volume'),
    note: text('note'),
  },
  (t) => [index('purchases_account_period_idx').on(t.accountId, t.period)],
);

export const serviceRequests = sqliteTable(
  'service_requests',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    personId: text('person_id'),
    openedAt: text('opened_at').notNull().default(''),
    closedAt: text('closed_at'),
    severity: text('severity').notNull().default('medium'),
    channel: text('channel'),
    firstResponseHours: real('first_response_hours'),
    complaint: integer('complaint').notNull().default(0),
    summary: text('summary').notNull().default(''),
  },
  (t) => [index('service_requests_account_opened_idx').on(t.accountId, t.openedAt)],
);

export const satisfactionResponses = sqliteTable(
  'satisfaction_responses',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    personId: text('person_id'),
    answeredOn: text('answered_on').notNull().default(''),
    nps: integer('nps'),
    csat: integer('csat'),
    ces: integer('ces'),
    comment: text('comment'),
  },
  (t) => [index('satisfaction_account_answered_idx').on(t.accountId, t.answeredOn)],
);

export const competitorActivities = sqliteTable(
  'competitor_activities',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    competitor: text('competitor').notNull().default(''),
    activity: text('activity').notNull().default(''),
    seenOn: text('seen_on').notNull().default(''),
  },
  (t) => [index('competitor_activities_account_idx').on(t.accountId, t.seenOn)],
);

export const accountValues = sqliteTable(
  'account_values',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    asOf: text('as_of').notNull().default(''),
    lifetimeValue: real('lifetime_value'),
    potential: real('potential'),
    shareOfWallet: real('share_of_wallet'),
    currency: text('currency'),
  },
  (t) => [index('account_values_account_idx').on(t.accountId, t.asOf)],
);

// ---- Alerts and their plans (issue 11). An alert's id is derived from its account, rule and
// evidence (shared/health), so devices that raise the same alert offline converge on one row. ----

export const alerts = sqliteTable(
  'alerts',
  {
    ...syncedColumns(),
    accountId: text('account_id').notNull().default(''),
    rule: text('rule').notNull().default(''),
    colour: text('colour').notNull().default('yellow'),
    evidence: text('evidence').notNull().default(''),
    evidenceKey: text('evidence_key').notNull().default(''),
    ownerId: text('owner_id'),
    state: text('state').notNull().default('open'),
    stateReason: text('state_reason'),
    raisedAt: text('raised_at').notNull().default(''),
    planKind: text('plan_kind'),
    ourExecutiveId: text('our_executive_id'),
    theirExecutiveId: text('their_executive_id'),
    interveneBy: text('intervene_by'),
  },
  (t) => [index('alerts_account_idx').on(t.accountId), index('alerts_state_idx').on(t.state, t.colour)],
);

/**
 * Team-wide settings that sync (the health model's weights and thresholds), one JSON value per
 * key: a concurrent edit of one setting is a conflict of that field, kept like any other.
 */
export const teamSettings = sqliteTable('team_settings', {
  ...syncedColumns(),
  value: text('value').notNull().default('{}'),
});

export const planTemplates = sqliteTable('plan_templates', {
  ...syncedColumns(),
  name: text('name').notNull().default(''),
  planKind: text('plan_kind').notNull().default('maintenance'),
  /** JSON list of `{ task, dueInDays, ownerRole }`. */
  tasks: text('tasks').notNull().default('[]'),
});

// ---- Duplicates and merge (issue 13). A merge is a synced record: every device re-points what
// still names the merged-away record and carries edits it had not seen onto the survivor
// (electron/services/merge.ts). ----

/** One record merged into another: `kind` is the table of both (accounts or people). */
export const merges = sqliteTable(
  'merges',
  {
    ...syncedColumns(),
    kind: text('kind').notNull().default(''),
    fromId: text('from_id').notNull().default(''),
    intoId: text('into_id').notNull().default(''),
    byId: text('by_id'),
    at: text('at').notNull().default(''),
    /** JSON: the merged-away row's field clocks when it was merged (what the merging device had seen). */
    fromClocks: text('from_clocks').notNull().default('{}'),
  },
  (t) => [index('merges_from_idx').on(t.fromId), index('merges_into_idx').on(t.intoId)],
);

/**
 * A leaving member's handover: who took over (`to_ids`, JSON list) and any account given to someone
 * by hand (`assign`, JSON `{accountId: memberId}`). After every sync round each device hands over
 * what still names the member (an account another laptop created offline for them, a follow-up).
 */
export const handovers = sqliteTable('handovers', {
  ...syncedColumns(),
  memberId: text('member_id').notNull().default(''),
  toIds: text('to_ids').notNull().default('[]'),
  assign: text('assign').notNull().default('{}'),
  byId: text('by_id'),
  at: text('at').notNull().default(''),
});

/** A pair the user said is not a duplicate; its id is derived from the pair, so devices converge on one row. */
export const distinctPairs = sqliteTable('distinct_pairs', {
  ...syncedColumns(),
  kind: text('kind').notNull().default(''),
  aId: text('a_id').notNull().default(''),
  bId: text('b_id').notNull().default(''),
  byId: text('by_id'),
});

/** The domain tables that sync, by their SQL names (the names changes and segments carry). */
export const syncedTables = {
  members,
  accounts,
  account_levels: accountLevels,
  account_team: accountTeam,
  initiatives,
  sponsor_pairs: sponsorPairs,
  agreements,
  people,
  person_changes: personChanges,
  person_notes: personNotes,
  influence_links: influenceLinks,
  role_strategies: roleStrategies,
  touchpoints,
  follow_ups: followUps,
  purchases,
  service_requests: serviceRequests,
  satisfaction_responses: satisfactionResponses,
  competitor_activities: competitorActivities,
  account_values: accountValues,
  alerts,
  plan_templates: planTemplates,
  team_settings: teamSettings,
  merges,
  distinct_pairs: distinctPairs,
  handovers,
} as const;

// ---- Local bookkeeping: never synced as such. ----

/** Facts about this installation (device id, clock state, share folder, …). */
export const localMeta = sqliteTable('local_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Each account's health as last computed here (shared/health): derived from synced data, so never
 * synced itself, and recomputed after a write, a sync round or a settings change. It lets the
 * portfolio sort, filter and page by colour and score in SQL.
 */
export const accountHealth = sqliteTable(
  'account_health',
  {
    accountId: text('account_id').primaryKey(),
    score: integer('score').notNull(),
    colour: text('colour').notNull(),
    /** The worst indicator's reason: `{ key, params }` as JSON, worded by the reader's language. */
    topReason: text('top_reason'),
    computedAt: text('computed_at').notNull(),
  },
  (t) => [index('account_health_colour_idx').on(t.colour, t.score)],
);

/**
 * Imports made on this device (issue 13), kept for undo: undo is this device's action (it
 * withdraws the batch exactly while its changes have not left the device, else writes the
 * reverse as ordinary synced changes), so the batches are local.
 */
export const importBatches = sqliteTable('import_batches', {
  id: text('id').primaryKey(),
  at: text('at').notNull(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  created: integer('created').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  /** `running` while the job writes, `done`, or `undone`. */
  state: text('state').notNull().default('running'),
  /** The outbox's last sequence when the batch began (0: empty). */
  startSeq: integer('start_seq').notNull().default(0),
  /** The publish mark when the batch began (JSON): while unchanged, nothing of the batch has left the device. */
  published: text('published'),
});

/** Each record an import batch wrote: the row as it was before (null: the batch created it) and its clocks after. */
export const importBatchRows = sqliteTable(
  'import_batch_rows',
  {
    batchId: text('batch_id').notNull(),
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    /** The whole row before the batch changed it (JSON), or null for a row the batch created. */
    before: text('before'),
    /** The row's `sync_clocks` when the batch ended: a different value means it changed since. */
    after: text('after'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.tbl, t.rowId] })],
);

/** Local changes not yet published to the share, in the order they were made. */
export const syncOutbox = sqliteTable('sync_outbox', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  tbl: text('tbl').notNull(),
  rowId: text('row_id').notNull(),
  field: text('field').notNull(),
  /** JSON of the SQLite value. */
  value: text('value').notNull(),
  clock: text('clock').notNull(),
  /** JSON array of the clocks this value replaced (what the writer saw); empty for a new field. */
  supersedes: text('supersedes').notNull(),
});

/**
 * Values that lost to a concurrent edit of the same field: the user reviews them (Conflicts view)
 * and keeps the winner or restores one of these. One row per losing value.
 */
export const syncConflicts = sqliteTable(
  'sync_conflicts',
  {
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    field: text('field').notNull(),
    clock: text('clock').notNull(),
    value: text('value').notNull(),
  },
  // The value too: the two copies of a cloned laptop can write one field with one clock and two
  // values, and both can lose to a third (sync/merge.ts compareHeads).
  (t) => [primaryKey({ columns: [t.tbl, t.rowId, t.field, t.clock, t.value] })],
);

/** The version vector: per device, the last segment applied here, and what we know of it. */
export const syncPeers = sqliteTable('sync_peers', {
  device: text('device').primaryKey(),
  appliedSeq: integer('applied_seq').notNull().default(0),
  /** SHA-256 of the last applied segment: the next one must name it as its predecessor. */
  lastHash: text('last_hash'),
  /** The writer's wall clock (ms) in its last segment header, for the clock-skew warning. */
  lastWall: integer('last_wall'),
  /** When this device last saw activity from that peer (local ms). */
  lastSeen: integer('last_seen'),
  retired: integer('retired').notNull().default(0),
  /** Segments up to here came inside a snapshot: their files are never read (they may be gone). */
  snapshotSeq: integer('snapshot_seq').notNull().default(0),
});

/** Every segment file applied here (or published from here), so a late fork of a cloned device is still read. */
export const syncSegments = sqliteTable(
  'sync_segments',
  {
    device: text('device').notNull(),
    name: text('name').notNull(),
    seq: integer('seq').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.device, t.name] })],
);

/**
 * The bytes of every segment this device published (under any id it wrote as), kept until the
 * segment is collected from the share: when another device reports the share's copy damaged
 * (its ack lists it), the writer publishes the same bytes again under the same name.
 */
export const syncPublished = sqliteTable(
  'sync_published',
  {
    device: text('device').notNull(),
    name: text('name').notNull(),
    seq: integer('seq').notNull(),
    bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.device, t.name] })],
);

/** Changes for tables or columns this version does not know: kept and replayed after an upgrade. */
export const syncPending = sqliteTable(
  'sync_pending',
  {
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    field: text('field').notNull(),
    clock: text('clock').notNull(),
    value: text('value').notNull(),
    supersedes: text('supersedes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tbl, t.rowId, t.field, t.clock, t.value] })],
);

/**
 * Records emptied from the bin for good: a purge is a synced change every device applies alike
 * (electron/sync/purge.ts). The id is remembered, so a late change for it (from a laptop that was
 * away for longer than the retirement period) is set aside in sync_orphans, never applied to a
 * record that no longer exists.
 */
export const syncPurged = sqliteTable(
  'sync_purged',
  {
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    clock: text('clock').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tbl, t.rowId] })],
);

/**
 * What a purge met and could not apply, kept for the user rather than lost: changes that arrived
 * for a purged record, and the values of a record that was out of the bin here when its purge came.
 */
export const syncOrphans = sqliteTable(
  'sync_orphans',
  {
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    field: text('field').notNull(),
    clock: text('clock').notNull(),
    value: text('value').notNull(),
    supersedes: text('supersedes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tbl, t.rowId, t.field, t.clock, t.value] })],
);

/** Share files that could not be read, with why; retried on later rounds. */
export const syncQuarantine = sqliteTable('sync_quarantine', {
  path: text('path').primaryKey(),
  reason: text('reason').notNull(),
  firstSeen: integer('first_seen').notNull(),
  lastTried: integer('last_tried').notNull(),
  tries: integer('tries').notNull().default(1),
});
