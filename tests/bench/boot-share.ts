/**
 * The share the bootstrap benchmarks sync from (sync.bench.ts sync.bootstrap.*, responsiveness.bench.ts
 * main.lag_p99_during_bootstrap): 5k accounts, 100k people and 1M touchpoints written by 50 devices
 * (at scale 1), and the generated row values it is made of (sync.bench.ts uses them for its other
 * figures too).
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { newId } from '../../electron/store/ids';
import { openStore } from '../../electron/store/open';
import type { SqlValue } from '../../electron/sync/changes';
import { encodeClock, type Clock } from '../../electron/sync/hlc';
import { encodeSegment, type ChangeRecord } from '../../electron/sync/segment';
import { ACK_FILE, DEVICES_DIR, SNAPSHOTS_DIR, Share, segmentName } from '../../electron/sync/share';
import { writeSnapshot } from '../../electron/sync/snapshot';

/** The app version the generated segments, snapshots and acks are written as. */
export const APP = '0.1.0';

export const log = (...args: unknown[]) => console.error('  ', ...args);
export const ms = (t: number) => `${Math.round(performance.now() - t)} ms`;

export interface Column {
  name: string;
  type: string;
  dflt: string | null;
}

const BOOKKEEPING = new Set(['id', 'created_at', 'updated_at', 'deleted_at', 'sync_clocks']);

export function fieldsOf(sqlite: Database.Database, table: string): Column[] {
  return (sqlite.prepare('SELECT name, type, dflt_value AS dflt FROM pragma_table_info(?)').all(table) as Column[]).filter((c) => !BOOKKEEPING.has(c.name));
}

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'budget renewal pilot roll-out training security audit migration pricing contract support outage roadmap integration workshop 预算 续约 试点 培训 安全 审计 迁移 报价 合同 支持 路线图 集成'.split(
    ' ',
  );
const SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Smith', 'Müller', 'García', 'Tanaka', 'Kim', '王', '李', '张', '刘', '陈'];
const GIVEN = ['Wei', 'Fang', 'Jun', 'Anna', 'Tom', 'Lena', 'Hiro', 'Min', '伟', '芳', '军', '静'];
const TITLES = ['CIO', 'IT Director', 'Procurement Manager', 'CFO', 'Head of Operations', 'Engineer', '采购经理', '信息中心主任'];
const DEPTS = ['IT', 'Procurement', 'Finance', 'Operations', 'Legal', 'R&D'];

export type Refs = { accounts: string[]; people: string[] };

/**
 * Makes plausible values for any column, from its name, type and default; deterministic per
 * seed. `generator` decides once per column, so making a million rows stays cheap.
 */
export class Values {
  private readonly random: () => number;
  private readonly sentences: string[];
  constructor(seed: number) {
    this.random = prng(seed);
    this.sentences = Array.from({ length: 512 }, () => {
      const n = 5 + Math.floor(this.random() * 10);
      return Array.from({ length: n }, () => this.pick(WORDS)).join(' ') + '.';
    });
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  generator(col: Column, refs: Refs): (i: number) => SqlValue {
    const n = col.name;
    const type = col.type.toLowerCase();
    const dflt = col.dflt;
    const some = () => (refs.people.length ? refs.people : refs.accounts);
    if (n === 'account_id') return (i) => refs.accounts[i % refs.accounts.length] ?? '';
    if (/_ids$|participants$/.test(n)) return () => JSON.stringify(Array.from({ length: this.int(0, 2) }, () => this.pick(some())));
    if (/_id$/.test(n)) return () => (this.random() < 0.7 ? (dflt === null ? null : '') : this.pick(some()));
    if (type.startsWith('int')) return () => (dflt !== null && this.random() < 0.3 ? Number(dflt) : this.int(1, 5));
    if (type === 'real') return () => Math.round(this.random() * 10000) / 100;
    if (n === 'name') return (i) => `${this.pick(SURNAMES)} ${this.pick(GIVEN)} ${i}`;
    if (n === 'email') return (i) => `user${i}@example${i % 97}.com`;
    if (n === 'phone') return (i) => `+86 138 ${String(1000 + (i % 9000))} ${String(i % 10000).padStart(4, '0')}`;
    if (n === 'title') return () => this.pick(TITLES);
    if (/department/.test(n)) return dflt === "'[]'" ? () => JSON.stringify([this.pick(DEPTS)]) : () => this.pick(DEPTS);
    if (/summary|body|description|text/.test(n)) return () => this.pick(this.sentences);
    if (/notes?$|needs/.test(n)) return () => (this.random() < 0.6 ? null : this.pick(this.sentences));
    if (n === 'at' || /date|since|_at$/.test(n)) return () => new Date(Date.UTC(2024, 0, 1) + this.int(0, 900) * 86_400_000).toISOString().slice(0, 10);
    if (dflt === "'[]'") return () => JSON.stringify(Array.from({ length: this.int(0, 2) }, () => this.pick(WORDS)));
    if (dflt === "'{}'") return () => '{}';
    if (dflt !== null && dflt.startsWith("'")) {
      const value = dflt.slice(1, -1); // an enum's default: always a valid value
      return () => value;
    }
    return () => (this.random() < 0.5 ? null : this.pick(WORDS));
  }
  /** One generator per column, in column order. */
  row(cols: Column[], refs: Refs): (i: number) => SqlValue[] {
    const gens = cols.map((c) => this.generator(c, refs));
    return (i) => gens.map((g) => g(i));
  }
}

export const hex = (random: () => number, n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');

/** What buildBootShare made: the rows per table in the snapshot, and the rows the tail adds. */
export interface BuiltShare {
  counts: [string, number][];
  rows: number;
  tailInserts: number;
}

/**
 * How the share is built (writing 1.1M rows through 50 device stores and their segments would
 * take longer than the whole bench may): one "builder" store is filled with raw inserts, row by
 * row as the sync engine stores them (field clocks of 50 devices in sync_clocks, updated_at
 * derived from them; about one row in five edited later by another device), with the search
 * triggers dropped in that store only. The engine's own writeSnapshot writes it to the share as
 * the snapshot covering 40 segments of each of the 50 devices (those segments collected, as GC
 * would have), and encodeSegment writes each device's next two segments (new touchpoints and
 * edits of existing ones) after it. A fresh store bootstrapping from the share loads the newest
 * snapshot and applies the tail.
 * The builder store lives in <root>/boot-builder (removed at the end); `migrations` must be the
 * schema of the store that will sync from the share. `scale` multiplies the row counts.
 */
export function buildBootShare(shareDir: string, root: string, migrations: string, scale: number): BuiltShare {
  const COUNTS: [string, number][] = [
    ['accounts', Math.round(5_000 * scale)],
    ['people', Math.round(100_000 * scale)],
    ['touchpoints', Math.round(1_000_000 * scale)],
  ];
  const DEVICES = 50;
  const COVERED = 40;
  const share = new Share(shareDir);
  const random = prng(3);
  const values = new Values(3);
  const devices = Array.from({ length: DEVICES }, () => hex(random, 16));
  const base = Date.now() - 400 * 86_400_000;
  const creation = (table: number, i: number): Clock => encodeClock({ wall: base + table * 4_000_000 + i * 3, counter: 0, device: devices[i % DEVICES]! });
  const edit = (table: number, i: number): Clock =>
    encodeClock({ wall: base + 20_000_000 + table * 4_000_000 + i * 3, counter: 1, device: devices[(i + 7) % DEVICES]! });
  const edited = (i: number) => i % 5 === 2;
  const iso = (clock: Clock) => new Date(parseInt(clock.slice(0, 9), 36)).toISOString();

  let t = performance.now();
  const builder = openStore({ dataDir: join(root, 'boot-builder'), migrationsDir: migrations });
  // The builder only holds rows for writeSnapshot: no search triggers, no secondary indexes.
  for (const { type, name } of builder.sqlite.prepare("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index') AND sql IS NOT NULL").all() as {
    type: string;
    name: string;
  }[]) {
    builder.sqlite.exec(`DROP ${type.toUpperCase()} ${name}`);
  }
  builder.sqlite.pragma('synchronous = OFF');
  const ids: Record<string, string[]> = {};
  const editedField: Record<string, string> = {};
  COUNTS.forEach(([table, count], ti) => {
    const fields = fieldsOf(builder.sqlite, table);
    const textField = fields.find((f) => /summary|notes|title|name/.test(f.name))?.name ?? fields[0]!.name;
    editedField[table] = textField;
    const make = values.row(fields, { accounts: ids.accounts ?? [''], people: ids.people ?? [] });
    const insert = builder.sqlite.prepare(
      `INSERT INTO ${table} (id, created_at, updated_at, sync_clocks, ${fields.map((f) => f.name).join(', ')}) VALUES (?, ?, ?, ?${', ?'.repeat(fields.length)})`,
    );
    const list: string[] = (ids[table] = []);
    builder.sqlite.transaction(() => {
      for (let i = 0; i < count; i++) {
        const id = newId();
        list.push(id);
        const made = creation(ti, i);
        const clocks: Record<string, Clock> = { '*': made };
        if (edited(i)) clocks[textField] = edit(ti, i);
        const newest = edited(i) ? clocks[textField]! : made;
        insert.run(id, iso(made), iso(newest), JSON.stringify(clocks), ...make(i));
      }
    })();
  });
  log(`bootstrap: builder store with ${COUNTS.reduce((n, [, c]) => n + c, 0)} rows in ${ms(t)}`);

  t = performance.now();
  const vv = Object.fromEntries(devices.map((d) => [d, COVERED]));
  const snapshot = writeSnapshot(builder.sqlite, share, { schema: builder.schemaVersion, appVersion: APP, device: devices[0]!, wall: Date.now(), vv });
  const rows = COUNTS.reduce((n, [, c]) => n + c, 0);
  const tpCount = COUNTS.find(([table]) => table === 'touchpoints')![1];
  const snapshotBytes = statSync(join(share.root, SNAPSHOTS_DIR, snapshot)).size;
  log(`bootstrap: snapshot of ${rows} rows, ${(snapshotBytes / 1e6).toFixed(1)} MB (gzip) written in ${ms(t)}`);

  // The tail: each device's segments 41 and 42, new touchpoints and edits of existing rows.
  t = performance.now();
  const tpFields = fieldsOf(builder.sqlite, 'touchpoints');
  const tpIndex = COUNTS.findIndex(([table]) => table === 'touchpoints');
  const makeTp = values.row(tpFields, { accounts: ids.accounts!, people: ids.people! });
  let tailChanges = 0;
  let tailInserts = 0;
  devices.forEach((device, d) => {
    let prev: string | null = hex(random, 64);
    for (let seq = COVERED + 1; seq <= COVERED + 2; seq++) {
      const records: ChangeRecord[] = [];
      const wall = Date.now() - 3_600_000 + d * 1000 + seq;
      for (let r = 0; r < 20; r++) {
        const clock = encodeClock({ wall, counter: r, device });
        const id = newId();
        records.push(['touchpoints', id, '*', null, clock, []]);
        const made = makeTp(r);
        tpFields.forEach((f, k) => records.push(['touchpoints', id, f.name, made[k]!, clock, []]));
        tailInserts++;
      }
      for (let r = 0; r < 100; r++) {
        const i = (d * 7919 + seq * 104_729 + r * 15_485_863) % tpCount;
        const clock = encodeClock({ wall, counter: 100 + r, device });
        const field = editedField.touchpoints!;
        const was = edited(i) ? edit(tpIndex, i) : creation(tpIndex, i);
        records.push(['touchpoints', ids.touchpoints![i]!, field, `edited by ${device} in ${seq}`, clock, [was]]);
      }
      tailChanges += records.length;
      const { bytes, hash } = encodeSegment({ schema: builder.schemaVersion, appVersion: APP, device, seq, prev, wall, deps: {}, outboxMax: seq }, records);
      share.publish(bytes, DEVICES_DIR, device, segmentName(seq, hex(random, 8)));
      prev = hash;
    }
    share.publish(JSON.stringify({ device, appVersion: APP, wall: Date.now(), vv }, null, 2) + '\n', DEVICES_DIR, device, ACK_FILE);
  });
  builder.close();
  rmSync(join(root, 'boot-builder'), { recursive: true, force: true });
  log(`bootstrap: ${DEVICES * 2} tail segments (${tailChanges} records) in ${ms(t)}`);
  return { counts: COUNTS, rows, tailInserts };
}
