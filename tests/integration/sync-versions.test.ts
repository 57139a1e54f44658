/**
 * Two app versions on one share (brief SYNC.md 8): a "newer" app is the repo's migrations plus one
 * more, drizzle-style (an SQL file and a journal entry with a later `when`), that adds a column to
 * `accounts` and a new synced table. The engine finds synced tables and fields in the live
 * database, so a store opened with that folder behaves as the newer version would.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { migrationsDir } from '../../electron/host/paths';
import { openStore, type Store } from '../../electron/store/open';
import { ChangeLog, type SqlValue, type SyncedTableName } from '../../electron/sync/changes';
import { SyncEngine, type SyncSummary } from '../../electron/sync/engine';
import { exportCanonical } from '../../electron/sync/export';
import { checkShare } from '../../electron/sync/check';
import { sealLines, SEGMENT_FORMAT, SEGMENT_VERSION } from '../../electron/sync/segment';
import { DEVICES_DIR, FORMAT_FILE, Share, segmentName } from '../../electron/sync/share';

/** A fresh folder, removed when the current test ends (pass or fail). */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const OLD = '0.1.0';
const NEW = '0.2.0';
/** What the newer version adds: a column of `accounts` and a synced table. */
const COLUMN = 'website';
const TABLE = 'future_notes';

/** The repo's migrations plus the newer version's one, in a temporary folder. */
function newerMigrations(): string {
  const dir = join(tempDir('rapport-mig-'), 'migrations');
  cpSync(migrationsDir, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
  const tag = `${String(journal.entries.length).padStart(4, '0')}_newer_app`;
  writeFileSync(
    join(dir, `${tag}.sql`),
    [
      `ALTER TABLE \`accounts\` ADD \`${COLUMN}\` text;`,
      `CREATE TABLE \`${TABLE}\` (\`id\` text PRIMARY KEY NOT NULL, \`created_at\` text DEFAULT '' NOT NULL, \`updated_at\` text DEFAULT '' NOT NULL, \`deleted_at\` text, \`sync_clocks\` text DEFAULT '{}' NOT NULL, \`account_id\` text DEFAULT '' NOT NULL, \`body\` text DEFAULT '' NOT NULL);`,
    ].join('\n--> statement-breakpoint\n'),
  );
  const last = journal.entries[journal.entries.length - 1]!;
  journal.entries.push({ ...last, idx: journal.entries.length, when: Math.max(...journal.entries.map((e) => e.when)) + 1000, tag });
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  return dir;
}

class Device {
  store: Store;
  readonly changes: () => ChangeLog;
  constructor(
    readonly dataDir: string,
    readonly share: Share,
    public appVersion: string,
    migrations: string,
  ) {
    this.store = openStore({ dataDir, migrationsDir: migrations });
    this.changes = () => new ChangeLog(this.store.sqlite);
  }
  get sqlite() {
    return this.store.sqlite;
  }
  round(options: { forceSnapshot?: boolean } = {}): SyncSummary {
    return new SyncEngine(this.sqlite, this.share, { appVersion: this.appVersion, schemaVersion: this.store.schemaVersion, ...options }).round();
  }
  insert(table: string, values: Record<string, SqlValue>): string {
    return this.changes().insert(table as SyncedTableName, values);
  }
  update(table: string, id: string, patch: Record<string, SqlValue>): void {
    expect(this.changes().update(table as SyncedTableName, id, patch)).toBe(true);
  }
  /** Reopens the same data folder as another app version (an upgrade when `migrations` is newer). */
  reopen(appVersion: string, migrations: string): void {
    this.store.close();
    this.appVersion = appVersion;
    this.store = openStore({ dataDir: this.dataDir, migrationsDir: migrations });
  }
  export(): string {
    return exportCanonical(this.sqlite);
  }
  account(id: string): Record<string, SqlValue> | undefined {
    return this.sqlite.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as Record<string, SqlValue> | undefined;
  }
  count(sql: string, ...params: SqlValue[]): number {
    return (this.sqlite.prepare(`SELECT count(*) AS n FROM (${sql})`).get(...params) as { n: number }).n;
  }
  close(): void {
    this.store.close();
  }
}

function setup() {
  const root = tempDir('rapport-versions-');
  const share = new Share(join(root, 'share'));
  const newer = newerMigrations();
  const devices: Device[] = [];
  const device = (name: string, version: string, migrations: string) => {
    const d = new Device(join(root, name), share, version, migrations);
    devices.push(d);
    return d;
  };
  const closeAll = () => devices.forEach((d) => d.store.sqlite.open && d.close());
  return { root, share, newer, device, closeAll };
}

/** Rounds on every device until a full pass changes nothing. */
function settle(...devices: Device[]): void {
  for (let pass = 0; pass < 6; pass++) {
    let busy = 0;
    for (const d of devices) {
      const s = d.round();
      busy += s.published + s.segmentsApplied + (s.bootstrapped ? 1 : 0);
    }
    if (busy === 0) return;
  }
  throw new Error('devices did not settle');
}

/**
 * The older app made the share; both apps write at the same time: the newer one names and the
 * new column (at creation and later) and a row of the new table, the older one names of its own
 * rows and of the newer app's. Asserts what the older app shows and keeps along the way.
 */
function mixedVersions(device: (name: string, version: string, migrations: string) => Device, newer: string) {
  const old = device('old', OLD, migrationsDir);
  const neu = device('new', NEW, newer);
  expect(old.round().readOnly).toBe(false); // the older app made the share
  expect(neu.round().readOnly).toBe(false);

  // The newer app writes names and the new column, at creation and later, and a row of a new table.
  const a1 = neu.insert('accounts', { name: 'Acme', [COLUMN]: 'https://acme.example' });
  const a2 = neu.insert('accounts', { name: 'Globex', [COLUMN]: 'https://globex.example' });
  const a3 = neu.insert('accounts', { name: 'Initech' });
  neu.update('accounts', a2, { [COLUMN]: 'https://globex.example/new' });
  neu.update('accounts', a3, { [COLUMN]: 'https://initech.example' });
  const note = neu.insert(TABLE, { account_id: a1, body: 'met at the fair' });
  // The older app writes too, at the same time.
  const o1 = old.insert('accounts', { name: 'Umbrella' });
  expect(neu.round().published).toBeGreaterThan(0);

  const first = old.round();
  expect(first.readOnly).toBe(false);
  expect(first.published).toBeGreaterThan(0);
  expect(first.segmentsApplied).toBe(1);
  expect(first.waiting + first.quarantined).toBe(0);
  // What the older app knows is applied; the rest is kept, not dropped.
  expect(old.account(a1)?.name).toBe('Acme');
  expect(old.account(a3)?.name).toBe('Initech');
  expect(old.account(a1)).not.toHaveProperty(COLUMN);
  expect(old.count(`SELECT 1 FROM sync_pending WHERE tbl = 'accounts' AND field = ?`, COLUMN)).toBe(4);
  expect(old.count(`SELECT 1 FROM sync_pending WHERE tbl = ? AND row_id = ?`, TABLE, note)).toBeGreaterThanOrEqual(3);
  expect(old.export()).not.toContain(COLUMN);

  // The older app keeps working: it renames the newer app's row and adds its own; the newer sees both.
  old.update('accounts', a1, { name: 'Acme Corp' });
  const o2 = old.insert('accounts', { name: 'Hooli' });
  expect(old.round().published).toBeGreaterThan(0);
  const back = neu.round();
  expect(back.segmentsApplied).toBe(2);
  expect(neu.account(a1)).toMatchObject({ name: 'Acme Corp', [COLUMN]: 'https://acme.example' });
  expect(neu.account(o1)?.name).toBe('Umbrella');
  expect(neu.account(o2)?.name).toBe('Hooli');
  // The newer app writes the new column on the older app's row; the older keeps that too.
  neu.update('accounts', o1, { [COLUMN]: 'https://umbrella.example' });
  settle(neu, old);
  expect(old.count(`SELECT 1 FROM sync_pending WHERE field = ?`, COLUMN)).toBe(5);
  // The same store with and without the newer column: the known fields agree.
  const names = (d: Device) => d.sqlite.prepare('SELECT id, name, deleted_at FROM accounts ORDER BY id').all();
  expect(names(old)).toEqual(names(neu));
  return { old, neu, a1, a2, a3, o1, note };
}

describe('an older and a newer app on one share', () => {
  it('both keep writing: the older applies what it knows, keeps the rest in sync_pending, and its edits reach the newer', () => {
    const { newer, device, closeAll } = setup();
    try {
      mixedVersions(device, newer);
    } finally {
      closeAll();
    }
  });

  it('after the older store is upgraded, what it kept appears and both exports are byte-identical', () => {
    const { newer, device, closeAll } = setup();
    try {
      const { old, neu, a1, a2, a3, o1, note } = mixedVersions(device, newer);
      // Upgrade: the same data folder opened by the newer app; its next round replays what was kept.
      old.reopen(NEW, newer);
      const upgraded = old.round();
      expect(upgraded.readOnly).toBe(false);
      expect(old.count('SELECT 1 FROM sync_pending')).toBe(0);
      expect(old.account(a1)?.[COLUMN], 'the value the newer app gave the column when it created the row').toBe('https://acme.example');
      expect(old.account(a2)?.[COLUMN]).toBe('https://globex.example/new');
      expect(old.account(a3)?.[COLUMN]).toBe('https://initech.example');
      expect(old.account(o1)?.[COLUMN]).toBe('https://umbrella.example');
      expect(old.sqlite.prepare(`SELECT body FROM ${TABLE} WHERE id = ?`).get(note)).toEqual({ body: 'met at the fair' });
      expect(old.count('SELECT 1 FROM sync_conflicts')).toBe(0);
      settle(old, neu);
      expect(old.export()).toBe(neu.export());
    } finally {
      closeAll();
    }
  });

  it("a new device of either version bootstraps from the other version's snapshot and, upgraded, ends identical", () => {
    const { newer, device, closeAll } = setup();
    try {
      const old = device('old', OLD, migrationsDir);
      const neu = device('new', NEW, newer);
      old.round();
      const a1 = neu.insert('accounts', { name: 'Acme', [COLUMN]: 'https://acme.example' });
      const a2 = neu.insert('accounts', { name: 'Globex' });
      neu.update('accounts', a2, { [COLUMN]: 'https://globex.example' });
      old.insert('accounts', { name: 'Umbrella' });
      settle(neu, old);

      // A newer laptop joins; the only snapshot was written by the older app (new column kept as pending lines).
      expect(old.round({ forceSnapshot: true }).snapshotWritten).toBeTruthy();
      const laptop = device('laptop', NEW, newer);
      expect(laptop.round().bootstrapped).toBe(true);
      laptop.insert('accounts', { name: 'Laptop Co' });
      settle(laptop, neu, old);
      expect(laptop.account(a1)?.[COLUMN], 'set at creation, kept by the older app as pending, in its snapshot').toBe('https://acme.example');
      expect(laptop.account(a2)?.[COLUMN]).toBe('https://globex.example');
      expect(laptop.export()).toBe(neu.export());

      // An older laptop joins from the newer app's snapshot, then is upgraded.
      neu.update('accounts', a1, { name: 'Acme Corp' });
      neu.round();
      expect(neu.round({ forceSnapshot: true }).snapshotWritten).toBeTruthy();
      const oldLaptop = device('old-laptop', OLD, migrationsDir);
      oldLaptop.insert('accounts', { name: 'Old Laptop Co' });
      expect(oldLaptop.round().bootstrapped).toBe(true);
      expect(oldLaptop.account(a1)?.name).toBe('Acme Corp');
      expect(oldLaptop.count(`SELECT 1 FROM sync_pending WHERE field = ?`, COLUMN)).toBeGreaterThanOrEqual(2);
      oldLaptop.reopen(NEW, newer);
      settle(oldLaptop, neu);
      expect(oldLaptop.account(a1)?.[COLUMN], "from the newer app's snapshot, kept as pending, replayed on upgrade").toBe('https://acme.example');
      expect(oldLaptop.account(a2)?.[COLUMN]).toBe('https://globex.example');
      expect(oldLaptop.count('SELECT 1 FROM sync_conflicts')).toBe(0);
      expect(oldLaptop.export()).toBe(neu.export());
    } finally {
      closeAll();
    }
  });

  it('an older app may write to a share the newer app made (the format is the same)', () => {
    const { newer, device, closeAll } = setup();
    try {
      const neu = device('new', NEW, newer);
      const old = device('old', OLD, migrationsDir);
      neu.insert('accounts', { name: 'Acme' });
      neu.round();
      old.insert('accounts', { name: 'Umbrella' });
      const s = old.round();
      expect(s.readOnly, `the share's format file says minAppVersion ${JSON.stringify(old.share.readFormat())}`).toBe(false);
      expect(s.published).toBeGreaterThan(0);
    } finally {
      closeAll();
    }
  });
});

describe('a share that asks for a newer app', () => {
  it('syncs read-only when the format file names a higher minAppVersion: applies, publishes nothing, keeps the outbox', () => {
    const { share, device, closeAll } = setup();
    try {
      const a = device('a', OLD, migrationsDir);
      const b = device('b', OLD, migrationsDir);
      a.round();
      const bRow = b.insert('accounts', { name: 'from b' });
      b.round();
      const aRow = a.insert('accounts', { name: 'from a' });
      const outbox = a.count('SELECT 1 FROM sync_outbox');
      const pendingRecords = a.count('SELECT DISTINCT tbl, row_id FROM sync_outbox');
      expect(pendingRecords).toBe(1);

      const format = JSON.parse(share.read(FORMAT_FILE).toString('utf8')) as Record<string, unknown>;
      share.publish(JSON.stringify({ ...format, minAppVersion: '0.10.0' }), FORMAT_FILE);
      const before = readdirSync(join(share.root, DEVICES_DIR, a.store.deviceId)).sort();
      const s = a.round();
      expect(s).toMatchObject({ readOnly: true, published: 0, pendingLocal: pendingRecords, segmentsApplied: 1 });
      expect(a.account(bRow)?.name).toBe('from b');
      expect(a.count('SELECT 1 FROM sync_outbox')).toBe(outbox);
      expect(readdirSync(join(share.root, DEVICES_DIR, a.store.deviceId)).sort()).toEqual(before);
      expect(b.round().segmentsApplied).toBe(0);
      expect(b.account(aRow)).toBeUndefined();
      // Local work goes on while read-only, and is published once the share allows this version again.
      a.update('accounts', aRow, { name: 'from a, edited' });
      expect(a.round()).toMatchObject({ readOnly: true, published: 0 });
      share.publish(JSON.stringify({ ...format, minAppVersion: OLD }), FORMAT_FILE);
      expect(a.round()).toMatchObject({ readOnly: false, pendingLocal: 0 });
      b.round();
      expect(b.account(aRow)?.name).toBe('from a, edited');
      expect(b.export()).toBe(a.export());
    } finally {
      closeAll();
    }
  });

  it('quarantines a segment of an unknown future format version with its reason, and goes on with every other device', () => {
    const { share, device, closeAll } = setup();
    try {
      const reader = device('reader', OLD, migrationsDir);
      const other = device('other', OLD, migrationsDir);
      reader.round();
      const first = other.insert('accounts', { name: 'first' });
      other.round();

      // A device running a future app: its first segment is format v2, the second one v1-shaped.
      const future = 'f00dfeedf00dfeed';
      const header = (seq: number, version: number, prev: string | null) => ({
        format: SEGMENT_FORMAT,
        version,
        schema: 99,
        appVersion: '9.0.0',
        device: future,
        seq,
        prev,
        wall: Date.now(),
        deps: {},
        outboxMax: seq,
        count: 1,
      });
      const v2 = sealLines([JSON.stringify(header(1, SEGMENT_VERSION + 1, null)), JSON.stringify({ some: 'new record shape' })]);
      share.publish(v2.bytes, DEVICES_DIR, future, segmentName(1, 'aaaaaaaa'));
      const clock = '0zzzzzzzz0000' + future;
      const v1 = sealLines([JSON.stringify(header(2, SEGMENT_VERSION, v2.hash)), JSON.stringify(['accounts', 'future-row', 'name', 'x', clock, []])]);
      share.publish(v1.bytes, DEVICES_DIR, future, segmentName(2, 'bbbbbbbb'));

      const s = reader.round();
      expect(s.quarantined).toBe(1);
      expect(s.segmentsApplied).toBe(1); // the other device's
      expect(s.waiting).toBe(2); // the future device's two, in order
      expect(reader.account(first)?.name).toBe('first');
      expect(reader.account('future-row')).toBeUndefined();
      const q = reader.sqlite.prepare('SELECT path, reason, tries FROM sync_quarantine').all() as { path: string; reason: string; tries: number }[];
      expect(q).toEqual([
        {
          path: `${DEVICES_DIR}/${future}/${segmentName(1, 'aaaaaaaa')}`,
          reason: expect.stringMatching(/^unknown-format: .*newer than this app reads/),
          tries: 1,
        },
      ]);

      // Later rounds retry it and keep applying everyone else.
      const second = other.insert('accounts', { name: 'second' });
      other.round();
      const again = reader.round();
      expect(again).toMatchObject({ quarantined: 1, segmentsApplied: 1, waiting: 2 });
      expect(reader.account(second)?.name).toBe('second');
      expect((reader.sqlite.prepare('SELECT tries FROM sync_quarantine').get() as { tries: number }).tries).toBe(2);
      // The other device is not held back either, and `check` names the file.
      other.round();
      expect(other.export()).toBe(reader.export());
      const report = checkShare(share);
      expect(report.findings.filter((f) => f.level === 'error')).toEqual([
        { level: 'error', code: 'segment_bad', params: { path: `${DEVICES_DIR}/${future}/${segmentName(1, 'aaaaaaaa')}`, reason: 'unknown-format' } },
      ]);
      expect(existsSync(join(share.root, DEVICES_DIR, future, segmentName(1, 'aaaaaaaa')))).toBe(true);
    } finally {
      closeAll();
    }
  });
});
