/**
 * Upgrading a populated store through every migration (migrations/, electron/store/migrate.ts).
 *
 * A store is made with the first migration only (a folder holding the journal up to it), filled
 * with rows in every table it has, and taken through the later migrations one at a time; after
 * each step every table that exists by then gets more rows, written with the columns it has at
 * that point. Then the store is opened with the full migrations folder, as an upgraded app would.
 * One store per starting migration, so every jump an upgrade can make is covered.
 *
 * Nothing here names a migration: tables, columns and defaults are read from the live schema.
 * Tables we know get realistic rows (FIXTURES, LOCAL_FIXTURES); a table or column a future
 * migration adds gets a made-up value of its type, so a new migration is covered without touching
 * this file. The contract checked is the one docs/sync-format.md states: schema changes are
 * additive only — every row keeps every value, a new column holds its default.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../../electron/host/paths';
import { readJournal, StoreVersionError } from '../../electron/store/migrate';
import { openStore, type Store } from '../../electron/store/open';
import { ChangeLog, type SqlValue, type SyncedTableName } from '../../electron/sync/changes';
import { syncedTablesOf } from '../../electron/store/synced-tables';
import { expand, type StoredChange } from '../../electron/store/bookkeeping';
import { PRIVATE_TABLES } from '../../shared/kinds';
import { exportCanonical } from '../../electron/sync/export';
import { encodeClock } from '../../electron/sync/hlc';
import { newId } from '../../electron/store/ids';
import { BUYING_ROLES } from '../../shared/domain';
import { tempDir } from '../helpers/temp';

const JOURNAL = readJournal(migrationsDir);

/** A migrations folder holding the repo's journal up to entry `last`, and those entries' SQL. */
function migrationsUpTo(last: number): string {
  const dir = join(tempDir('rapport-migrations-'), 'migrations');
  mkdirSync(join(dir, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const entries = JOURNAL.slice(0, last + 1);
  for (const entry of entries) copyFileSync(join(migrationsDir, `${entry.tag}.sql`), join(dir, `${entry.tag}.sql`));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }, null, 2));
  return dir;
}

// ---- The live schema ----

interface Column {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

type Row = Record<string, unknown>;

/** Ordinary tables that hold data: not SQLite's own, not drizzle's journal, not full-text indexes or their shadow tables. */
function tablesOf(store: Store): Map<string, Column[]> {
  const all = store.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const kept = all.filter(
    (t) => !t.name.startsWith('sqlite_') && t.name !== '__drizzle_migrations' && !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)),
  );
  return new Map(
    kept.map((t) => [t.name, store.sqlite.prepare('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)').all(t.name) as Column[]]),
  );
}

/** The value a column takes when a row does not name it. (A default that depends on the time would need a tolerance here.) */
function defaultOf(store: Store, column: Column): unknown {
  return column.dflt_value === null ? null : (store.sqlite.prepare(`SELECT ${column.dflt_value} AS v`).get() as { v: unknown }).v;
}

/** The primary key columns (every column when there is none): how a row is found again after a table is rebuilt. */
const keyColumns = (columns: Column[]): string[] => {
  const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  return (pk.length > 0 ? pk : columns).map((c) => c.name);
};

interface TableContent {
  columns: Column[];
  rows: Map<string, Row>;
}
type Content = Map<string, TableContent>;

function contentOf(store: Store, keyBy?: Content): Content {
  const content: Content = new Map();
  for (const [table, columns] of tablesOf(store)) {
    const key = keyColumns(keyBy?.get(table)?.columns ?? columns);
    const rows = store.sqlite.prepare(`SELECT * FROM ${table}`).all() as Row[];
    content.set(table, { columns, rows: new Map(rows.map((r) => [JSON.stringify(key.map((k) => r[k])), r])) });
  }
  return content;
}

/** Every row that was there is there, with every value it had; a column that is new holds its default. */
function expectKept(before: Content, store: Store, when: string): void {
  const after = contentOf(store, before);
  for (const [table, { columns, rows }] of before) {
    const now = after.get(table);
    expect(now, `${when}: table ${table} is gone`).toBeDefined();
    const had = new Set(columns.map((c) => c.name));
    expect(
      columns.filter((c) => !now!.columns.some((n) => n.name === c.name)).map((c) => c.name),
      `${when}: columns of ${table} were dropped`,
    ).toEqual([]);
    const defaults = Object.fromEntries(now!.columns.filter((c) => !had.has(c.name)).map((c) => [c.name, defaultOf(store, c)]));
    for (const [key, row] of rows) {
      expect(now!.rows.get(key), `${when}: ${table} ${key}`).toEqual({ ...row, ...defaults });
    }
  }
}

/** The journal check of migrateStore passed: one applied row per journal entry, no other. */
function expectJournal(store: Store, entries: number): void {
  expect(store.schemaVersion).toBe(entries);
  const applied = (store.sqlite.prepare('SELECT created_at AS whenMs FROM __drizzle_migrations ORDER BY created_at').all() as { whenMs: number }[]).map((r) =>
    Number(r.whenMs),
  );
  expect(applied).toEqual(
    JOURNAL.slice(0, entries)
      .map((e) => e.when)
      .sort((a, b) => a - b),
  );
}

// ---- Filling a store ----

/** Ids of the rows written in one step, by table: made on first use, so rows can name rows written after them. */
class Step {
  private readonly ids = new Map<string, string[]>();
  readonly peer: string;
  constructor(
    readonly index: number,
    readonly tag: string,
    readonly isNew: (table: string) => boolean,
  ) {
    this.peer = (0xa11ce00 + index).toString(16).padStart(16, '0');
  }
  id(table: string, n = 0): string {
    const list = this.ids.get(table) ?? [];
    this.ids.set(table, list);
    while (list.length <= n) list.push(newId());
    return list[n]!;
  }
  /** A clock of the peer device, `minutes` before now. */
  clock(minutes: number): string {
    return encodeClock({ wall: Date.now() - minutes * 60_000, counter: this.index, device: this.peer });
  }
}

type Values = Record<string, SqlValue>;
const DAY = 86_400_000;
const list = (...items: string[]) => JSON.stringify(items);

/** Realistic rows of the synced tables, in the order they are written. */
const FIXTURES: [table: string, rows: (s: Step) => Values[]][] = [
  [
    'members',
    () => [
      { name: '王磊', email: 'wang.lei@example.com', role: 'kam', active: 1 },
      { name: 'Laura Becker', email: 'laura.becker@example.com', role: 'manager', active: 0 },
    ],
  ],
  [
    'accounts',
    (s) => [
      {
        name: '宁德时代新能源科技股份有限公司',
        aliases: list('CATL', '宁德时代'),
        industry: '动力电池',
        region: '福建 宁德',
        tier: 'strategic',
        stage: 'growth',
        level: 'solution',
        parent_id: null,
        owner_id: s.id('members', 0),
        source: 'referral',
        referral_account_id: s.id('accounts', 1),
        referral_person_id: s.id('people', 2),
        share_of_wallet: 0.35,
        notes: '年度框架协议 3 月续签；固态电池项目由 CTO 办公室牵头。',
      },
      {
        name: 'Bosch Automotive Electronics',
        aliases: list('博世汽车电子'),
        industry: 'Automotive',
        region: 'Suzhou',
        tier: 'key',
        stage: 'development',
        level: 'preferred',
        parent_id: null,
        owner_id: s.id('members', 1),
        source: 'conference',
        referral_account_id: null,
        referral_person_id: null,
        share_of_wallet: 0.1,
        notes: null,
      },
      {
        name: '时代一汽动力电池有限公司',
        aliases: '[]',
        industry: '动力电池',
        region: '四川 宜宾',
        tier: 'growth',
        stage: 'prospect',
        level: 'transactional',
        parent_id: s.id('accounts', 0),
        owner_id: s.id('members', 0),
        source: 'network',
        referral_account_id: null,
        referral_person_id: null,
        share_of_wallet: null,
        notes: null,
      },
    ],
  ],
  ['account_levels', (s) => [{ account_id: s.id('accounts', 0), level: 'solution', since: '2025-09-01', note: '联合实验室启动，升级为方案级合作' }]],
  ['account_team', (s) => [{ account_id: s.id('accounts', 0), member_id: s.id('members', 1), role: '技术经理' }]],
  [
    'people',
    (s) => [
      {
        account_id: s.id('accounts', 0),
        name: '曾毓群',
        title: '董事长',
        department: '总裁办',
        phone: '+86 593 890 0001',
        email: 'zeng@catl.example',
        reports_to_id: null,
        roles: list('decider', 'approver'),
        stance: 'supporter',
        influence: 5,
        strength: 3,
        owner_ids: list(s.id('members', 0)),
        preferred_channel: 'in_person',
        cadence: '每季度',
        strategies: JSON.stringify({ decider: '每季度高层对话，带行业洞察，不谈价格' }),
        status: 'active',
        successor_id: null,
      },
      {
        account_id: s.id('accounts', 0),
        name: '李娜',
        title: '采购总监',
        department: '采购部',
        phone: '+86 138 0000 1234',
        email: 'li.na@catl.example',
        reports_to_id: s.id('people', 0),
        roles: list('buyer', 'gatekeeper'),
        stance: 'sceptic',
        influence: 4,
        strength: 2,
        owner_ids: list(s.id('members', 0), s.id('members', 1)),
        preferred_channel: 'wechat',
        cadence: '每月',
        strategies: '{}',
        status: 'changed_role',
        successor_id: s.id('people', 2),
      },
      {
        account_id: s.id('accounts', 1),
        name: 'Anna Schmidt',
        title: 'Head of Purchasing',
        department: 'Purchasing',
        phone: null,
        email: 'anna.schmidt@bosch.example',
        reports_to_id: null,
        roles: list('initiator'),
        stance: 'champion',
        influence: 3,
        strength: 1,
        owner_ids: '[]',
        preferred_channel: null,
        cadence: null,
        strategies: '{}',
        status: 'left',
        successor_id: null,
      },
    ],
  ],
  [
    'person_changes',
    (s) => [
      { person_id: s.id('people', 1), account_id: s.id('accounts', 0), at: '2026-02-10T09:30:00+08:00', field: 'stance', value: JSON.stringify('neutral') },
    ],
  ],
  ['person_notes', (s) => [{ person_id: s.id('people', 0), body: '私人备注：孩子明年高考，喜欢打高尔夫' }]],
  [
    'influence_links',
    (s) => [{ account_id: s.id('accounts', 0), from_id: s.id('people', 1), to_id: s.id('people', 0), strength: 4, note: '采购意见直达董事长' }],
  ],
  ['initiatives', (s) => [initiative(s)]],
  ['sponsor_pairs', (s) => [{ account_id: s.id('accounts', 0), member_id: s.id('members', 1), person_id: s.id('people', 0), note: '高层对口，每半年一次' }]],
  [
    'agreements',
    (s) => [
      {
        account_id: s.id('accounts', 0),
        kind: 'purchase',
        title: '2026 年度采购框架协议',
        start_date: '2026-01-01',
        renewal_date: '2026-12-31',
        value: 12_500_000,
        currency: 'CNY',
      },
    ],
  ],
  ['role_strategies', () => [{ strategy: '先了解其 KPI，再谈方案；避免绕过其直接找高层' }]],
  [
    'touchpoints',
    (s) => [
      {
        account_id: s.id('accounts', 0),
        at: '2026-03-02T10:00:00+08:00',
        kind: 'visit',
        departments: list('采购部', '总裁办'),
        their_participants: list(s.id('people', 0), s.id('people', 1)),
        our_participants: list(s.id('members', 0)),
        channel: 'in_person',
        summary: '年度框架协议续签讨论：对价格敏感，对本地化服务团队很感兴趣',
        sentiment: 1,
        needs: '本地化服务团队；交付周期缩短到 6 周',
      },
      {
        account_id: s.id('accounts', 1),
        at: '2026-03-05T09:30:00Z',
        kind: 'call',
        departments: '[]',
        their_participants: list(s.id('people', 2)),
        our_participants: list(s.id('members', 1)),
        channel: 'phone',
        summary: 'Complaint about the last delivery, escalated to quality',
        sentiment: -2,
        needs: null,
      },
    ],
  ],
  [
    'follow_ups',
    (s) => [
      {
        touchpoint_id: s.id('touchpoints', 0),
        account_id: s.id('accounts', 0),
        task: '发送续签报价',
        owner_id: s.id('members', 0),
        due_date: '2026-03-16',
        done: 1,
      },
      { touchpoint_id: null, account_id: s.id('accounts', 1), task: 'Call back about the quality report', owner_id: null, due_date: null, done: 0 },
    ],
  ],
];

function initiative(s: Step): Values {
  return {
    account_id: s.id('accounts', 0),
    kind: 'joint_lab',
    title: '固态电池联合实验室',
    status: 'active',
    start_date: '2025-11-01',
    end_date: '2027-10-31',
    our_participants: list(s.id('members', 0), s.id('members', 1)),
    their_participants: list(s.id('people', 0)),
    notes: '每季度评审一次',
  };
}

/** Rows of the local (not synced) tables, for each step (`isNew`: only in the step that made the table, for a key that allows one row). */
const LOCAL_FIXTURES: Record<string, (s: Step) => Row[]> = {
  // Written by the app itself: the device id (openStore), the clock state (ChangeLog).
  local_meta: (s) => (s.isNew('local_meta') ? [{ key: 'shareDir', value: '/Volumes/Vertrieb/Rapport' }] : []),
  // Written by ChangeLog with every change above.
  sync_outbox: () => [],
  sync_conflicts: (s) => [{ tbl: 'accounts', row_id: s.id('accounts', 0), field: 'name', clock: s.clock(90), value: JSON.stringify('宁德时代') }],
  sync_pending: (s) => [
    { tbl: 'accounts', row_id: s.id('accounts', 1), field: 'website', clock: s.clock(80), value: JSON.stringify('https://bosch.example'), supersedes: '[]' },
  ],
  sync_peers: (s) => [
    // A laptop not heard from for 40 days: retired.
    {
      device: s.peer,
      applied_seq: 12,
      last_hash: 'ab'.repeat(32),
      last_wall: Date.now() - 40 * DAY,
      last_seen: Date.now() - 40 * DAY,
      retired: 1,
      snapshot_seq: 4,
    },
  ],
  sync_segments: (s) => [{ device: s.peer, name: 'seg-0000000012-1a2b3c4d.rseg', seq: 12, hash: 'ab'.repeat(32) }],
  sync_quarantine: (s) => [
    { path: `devices/${s.peer}/seg-0000000013-deadbeef.rseg`, reason: 'checksum', first_seen: Date.now() - DAY, last_tried: Date.now(), tries: 7 },
  ],
  sync_orphans: (s) => [{ tbl: 'people', row_id: s.id('purged'), field: 'title', clock: s.clock(30), value: JSON.stringify('销售副总裁'), supersedes: '[]' }],
  sync_purged: (s) => [{ tbl: 'people', row_id: s.id('purged'), clock: s.clock(60) }],
  // A background re-index under way (after a bootstrap): touchpoints up to rowid 1 are indexed.
  search_progress: (s) => (s.isNew('search_progress') ? [{ tbl: 'touchpoints', cursor: 1 }] : []),
};

/** Columns a write never names: the id, ChangeLog's bookkeeping, the tombstone (set by the edits below). */
const NOT_WRITTEN = new Set(['id', 'created_at', 'updated_at', 'deleted_at', 'sync_clocks']);

/** A value of the column's type that is not its default, for a column no fixture knows. */
function madeUp(store: Store, table: string, column: Column, s: Step): SqlValue {
  const fallback = defaultOf(store, column);
  const type = column.type.toUpperCase();
  if (/INT/.test(type)) return typeof fallback === 'number' ? fallback + 1 : 2;
  if (/REAL|FLOA|DOUB|NUM/.test(type)) return typeof fallback === 'number' ? fallback + 0.5 : 0.5;
  if (column.name === 'account_id') return s.id('accounts', 0);
  if (column.name === 'person_id') return s.id('people', 0);
  if (column.name === 'member_id' || column.name === 'owner_id') return s.id('members', 0);
  const text = `${table}.${column.name} (written at ${s.tag})`;
  if (fallback === '[]') return list(text);
  if (fallback === '{}') return JSON.stringify({ note: text });
  return text;
}

/** A row for a local table no fixture knows: every column but an integer key (SQLite numbers those). */
function madeUpRow(store: Store, table: string, columns: Column[], s: Step): Row {
  const row: Row = {};
  for (const column of columns) {
    if (column.pk > 0 && /INT/i.test(column.type)) continue;
    const value = madeUp(store, table, column, s);
    row[column.name] = /BLOB/i.test(column.type) && typeof value === 'string' ? Buffer.from(value) : value;
  }
  return row;
}

/** Fills every table of the store at this step: the fixtures' columns that exist, a made-up value for any other. */
function fill(store: Store, s: Step): void {
  const tables = tablesOf(store);
  const synced = syncedTablesOf(store.sqlite);
  const changes = new ChangeLog(store.sqlite);
  const known = new Map(FIXTURES);
  const order = [...FIXTURES.map(([t]) => t).filter((t) => synced.has(t)), ...[...synced.keys()].filter((t) => !known.has(t)).sort()];
  for (const table of order) {
    const columns = tables.get(table)!.filter((c) => !NOT_WRITTEN.has(c.name));
    const rows = known.get(table)?.(s) ?? [{}, {}];
    const ids = rows.map((fixture, n) => {
      const values: Values = {};
      for (const column of columns) values[column.name] = column.name in fixture ? fixture[column.name]! : madeUp(store, table, column, s);
      // A role strategy's id is the role's code.
      const id =
        table === 'role_strategies' ? `${BUYING_ROLES[s.index % BUYING_ROLES.length]}${s.index >= BUYING_ROLES.length ? `-${s.index}` : ''}` : s.id(table, n);
      changes.insert(table as SyncedTableName, values, id);
      expect(store.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id), `${table} as written`).toMatchObject(values);
      return id;
    });
    // Each column holds a value other than its default in some row: losing it would show.
    const stored = store.sqlite.prepare(`SELECT * FROM ${table} WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids) as Row[];
    for (const column of columns) {
      expect(
        stored.some((r) => r[column.name] !== defaultOf(store, column)),
        `${table}.${column.name}: some row must differ from the default`,
      ).toBe(true);
    }
  }
  edit(store, changes, s, synced);
  for (const [table, columns] of tables) {
    if (synced.has(table)) continue;
    const rows = LOCAL_FIXTURES[table]?.(s) ?? [madeUpRow(store, table, columns, s)];
    for (const row of rows) {
      const cols = Object.keys(row);
      try {
        store.sqlite
          .prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
          .run(...cols.map((c) => row[c] as SqlValue | Buffer));
      } catch (error) {
        throw new Error(
          `${table}: a made-up row does not fit (${(error as Error).message}); add a row to LOCAL_FIXTURES in tests/integration/migrations.test.ts`,
        );
      }
    }
  }
}

/** Later edits, so rows carry per-field clocks and the bin is not empty: a stage moved on, a stance changed, a touchpoint in the bin. */
function edit(store: Store, changes: ChangeLog, s: Step, synced: ReturnType<typeof syncedTablesOf>): void {
  const patch = (table: SyncedTableName, id: string, values: Values) => {
    if (!synced.has(table) || !Object.keys(values).every((f) => synced.get(table)!.fields.includes(f))) return;
    expect(changes.update(table, id, values)).toBe(true);
    expect(store.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id)).toMatchObject(values);
  };
  patch('accounts', s.id('accounts', 0), { stage: 'maturity' });
  patch('people', s.id('people', 1), { stance: 'neutral', title: '供应链副总裁' });
  patch('touchpoints', s.id('touchpoints', 1), { deleted_at: new Date().toISOString() });
}

// ---- After the upgrade ----

interface ExportFile {
  format: string;
  version: number;
  tables: Record<string, Row[]>;
  conflicts: Row[];
  purged: Row[];
}

function expectExport(store: Store, before: Content): void {
  const text = exportCanonical(store.sqlite);
  expect(exportCanonical(store.sqlite), 'canonical: the same bytes again').toBe(text);
  const exported = JSON.parse(text) as ExportFile;
  expect(exported).toMatchObject({ format: 'rapport-export', version: 1 });
  const synced = syncedTablesOf(store.sqlite);
  expect(Object.keys(exported.tables)).toEqual([...synced.keys()].filter((t) => !PRIVATE_TABLES.has(t)).sort());
  for (const [table, rows] of Object.entries(exported.tables)) {
    const inStore = store.sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Row[];
    expect(rows.map((r) => r.id)).toEqual(inStore.map((r) => r.id));
    // Every row as the store holds it (checked above against what was written): every column but sync_clocks.
    for (const [i, row] of rows.entries()) {
      const { sync_clocks: _clocks, ...values } = inStore[i]!;
      expect(row).toEqual(values);
    }
    expect(rows.length).toBeGreaterThanOrEqual(before.get(table)?.rows.size ?? 0);
  }
  const conflicts = [...(before.get('sync_conflicts')?.rows.values() ?? [])].map(({ tbl, row_id, field, clock, value }) => ({
    tbl,
    row_id,
    field,
    clock,
    value,
  }));
  expect(exported.conflicts).toEqual(expect.arrayContaining(conflicts));
  const purged = [...(before.get('sync_purged')?.rows.values() ?? [])].map(({ tbl, row_id, clock }) => ({ tbl, row_id, clock }));
  expect(exported.purged).toEqual(expect.arrayContaining(purged));
  // Private notes only when asked for.
  const notes = [...(before.get('person_notes')?.rows.values() ?? [])];
  expect(notes.length).toBeGreaterThan(0);
  for (const note of notes) expect(text).not.toContain(String(note.body));
  const withPrivate = JSON.parse(exportCanonical(store.sqlite, { includePrivate: true })) as ExportFile;
  expect(withPrivate.tables.person_notes?.map((r) => r.body)).toEqual(expect.arrayContaining(notes.map((n) => n.body)));
}

/** The upgraded store takes local changes to rows from the first step: their name, and every column they did not have then. */
function expectWritable(store: Store, first: Content): void {
  const changes = new ChangeLog(store.sqlite);
  const s = new Step(JOURNAL.length, 'after the upgrade', () => false);
  const tables = tablesOf(store);
  for (const table of syncedTablesOf(store.sqlite).keys()) {
    const old = first.get(table);
    const row = old && [...old.rows.values()].find((r) => r.deleted_at === null);
    if (!row) continue;
    const had = new Set(old.columns.map((c) => c.name));
    const added = tables.get(table)!.filter((c) => !had.has(c.name) && !NOT_WRITTEN.has(c.name));
    const patch: Values = Object.fromEntries(added.map((c) => [c.name, madeUp(store, table, c, s)]));
    if (had.has('name')) patch.name = `${String(row.name)} (edited after the upgrade)`;
    if (Object.keys(patch).length === 0) continue;
    const outbox = (store.sqlite.prepare('SELECT max(seq) AS n FROM sync_outbox').get() as { n: number }).n;
    expect(changes.update(table as SyncedTableName, String(row.id), patch), `${table} ${String(row.id)}`).toBe(true);
    expect(store.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(row.id)).toMatchObject(patch);
    const recorded = (
      store.sqlite.prepare('SELECT tbl, row_id, field, value, clock, supersedes FROM sync_outbox WHERE seq > ? ORDER BY seq').all(outbox) as StoredChange[]
    ).flatMap(expand);
    expect(recorded.map((r) => r.field).sort()).toEqual(Object.keys(patch).sort());
    // Each change supersedes the clock the field had: its own, or the row's creation clock.
    const clocks = JSON.parse(String(row.sync_clocks)) as Record<string, string>;
    for (const r of recorded) expect(JSON.parse(r.supersedes)).toEqual([clocks[r.field] ?? clocks['*']]);
  }
}

describe('upgrading a populated store through every migration', () => {
  it('the journal lists its migrations in order, each with its SQL file', () => {
    expect(JOURNAL.length).toBeGreaterThan(0);
    expect(JOURNAL.map((e) => e.idx)).toEqual(JOURNAL.map((_, i) => i));
    expect(JOURNAL.map((e) => e.when)).toEqual([...JOURNAL.map((e) => e.when)].sort((a, b) => a - b));
    for (const entry of JOURNAL) expect(() => readFileSync(join(migrationsDir, `${entry.tag}.sql`))).not.toThrow();
  });

  it.each(JOURNAL.map((entry, k) => [entry.tag, k] as const))(
    'a store made at %s and filled after every step up to it opens with the full migrations folder, every row intact',
    (_, start) => {
      const dataDir = tempDir('rapport-upgrade-');
      let before: Content | undefined;
      let first: Content | undefined;
      const seen = new Set<string>();
      for (let step = 0; step <= start; step++) {
        const store = openStore({ dataDir, migrationsDir: migrationsUpTo(step) });
        try {
          expectJournal(store, step + 1);
          if (before) expectKept(before, store, `after ${JOURNAL[step]!.tag}`);
          const names = new Set(tablesOf(store).keys());
          fill(store, new Step(step, JOURNAL[step]!.tag, (t) => names.has(t) && !seen.has(t)));
          for (const name of names) seen.add(name);
          before = contentOf(store);
          first ??= before;
          for (const [table, { rows }] of before) expect(rows.size, `${table} has rows after ${JOURNAL[step]!.tag}`).toBeGreaterThan(0);
        } finally {
          store.close();
        }
      }

      const upgraded = openStore({ dataDir, migrationsDir });
      try {
        expectJournal(upgraded, JOURNAL.length);
        expectKept(before!, upgraded, 'after the upgrade to the full folder');
        expectExport(upgraded, before!);
        expectWritable(upgraded, first!);
      } finally {
        upgraded.close();
      }

      // The app it was made with now refuses the store, and leaves it as it was.
      if (start < JOURNAL.length - 1) {
        const reopened = openStore({ dataDir, migrationsDir });
        const content = contentOf(reopened);
        reopened.close();
        expect(() => openStore({ dataDir, migrationsDir: migrationsUpTo(start) })).toThrow(StoreVersionError);
        const after = openStore({ dataDir, migrationsDir });
        try {
          expectKept(content, after, 'after an older app refused it');
        } finally {
          after.close();
        }
      }
    },
    // One store per migration, reopened at every step up to it: up to 3 s for the newest on a
    // loaded 2-core machine, and longer with each migration added.
    60_000,
  );
});
