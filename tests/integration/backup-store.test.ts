/**
 * The local store as the disk sees it: modes of the folder and files, secrets wrapped with the
 * device key, a verified copy before every migration, the retention rule, and backups as a job.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupWorkerFile, migrationsDir } from '../../electron/host/paths';
import { useBackupWorker } from '../../electron/services/backup-verify';
import { openRuntime } from '../../electron/host/runtime';
import { main } from '../../electron/host/cli';
import { backupIfDue, createBackup, restoreBackup } from '../../electron/services/backup';
import { backupsDir, expiredBackups, listBackups, verifyCopy, type BackupEntry } from '../../electron/store/backup';
import { readJournal } from '../../electron/store/migrate';
import { openStore, STORE_FILE } from '../../electron/store/open';
import { DEVICE_KEY_FILE } from '../../electron/store/protect';
import { deleteSecret, readSecret, writeSecret } from '../../electron/store/secrets';
import { exportCanonical } from '../../electron/sync/export';
import type { Result } from '../../shared/result';
import { tempDir } from '../helpers/temp';

const mode = (path: string) => statSync(path).mode & 0o777;
const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

/** A migrations folder holding the journal up to entry `last` (an older app's). */
function migrationsUpTo(last: number): string {
  const dir = join(tempDir('rapport-migrations-'), 'migrations');
  mkdirSync(join(dir, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  for (const entry of readJournal(migrationsDir).slice(0, last + 1)) copyFileSync(join(migrationsDir, `${entry.tag}.sql`), join(dir, `${entry.tag}.sql`));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }));
  return dir;
}

describe.skipIf(process.platform === 'win32')('the data folder is its user’s only', () => {
  it('makes the folder 0700 and the store, its WAL, its key and its backups 0600', async () => {
    const dataDir = join(tempDir(), 'data');
    const rt = openRuntime(dataDir, 'cli');
    try {
      value(await rt.dispatch('accounts.create', { name: 'ACME' }));
      await createBackup(rt, 'manual');
      expect(mode(dataDir)).toBe(0o700);
      for (const name of [STORE_FILE, `${STORE_FILE}-wal`, `${STORE_FILE}-shm`, DEVICE_KEY_FILE])
        expect([name, mode(join(dataDir, name))]).toEqual([name, 0o600]);
      expect(mode(backupsDir(dataDir))).toBe(0o700);
      const files = readdirSync(backupsDir(dataDir));
      expect(files.length).toBeGreaterThanOrEqual(2);
      for (const name of files) expect([name, mode(join(backupsDir(dataDir), name))]).toEqual([name, 0o600]);
    } finally {
      rt.close();
    }
  });

  it('corrects the modes of a store an older version left readable by everyone', () => {
    const dataDir = join(tempDir(), 'data');
    openStore({ dataDir, migrationsDir }).close();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, STORE_FILE), 0o644);
    chmodSync(join(dataDir, DEVICE_KEY_FILE), 0o644);
    const store = openStore({ dataDir, migrationsDir });
    store.close();
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, STORE_FILE))).toBe(0o600);
    expect(mode(join(dataDir, DEVICE_KEY_FILE))).toBe(0o600);
  });
});

describe('secrets at rest', () => {
  it('wraps each secret with the device key: not in the store in clear, readable with the key, not without it', () => {
    const dataDir = tempDir();
    const secret = Buffer.from('workspace-key-0123456789abcdef-XYZ');
    let store = openStore({ dataDir, migrationsDir });
    writeSecret(store.sqlite, 'workspace', secret);
    expect(readSecret(store.sqlite, 'workspace')).toEqual(secret);
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const raw = readFileSync(join(dataDir, STORE_FILE));
    expect(raw.includes(secret)).toBe(false);
    expect(raw.includes(Buffer.from(secret.toString('base64')))).toBe(false);

    // Reopened with the same key file: readable.
    store = openStore({ dataDir, migrationsDir });
    expect(readSecret(store.sqlite, 'workspace')).toEqual(secret);
    expect(readSecret(store.sqlite, 'missing')).toBeUndefined();
    store.close();

    // A copy of the store opened with another key (a backup taken away without its key file): refused in words.
    const elsewhere = tempDir();
    copyFileSync(join(dataDir, STORE_FILE), join(elsewhere, STORE_FILE));
    const copy = openStore({ dataDir: elsewhere, migrationsDir });
    expect(() => readSecret(copy.sqlite, 'workspace')).toThrow(/cannot be opened with this device's key/);
    deleteSecret(copy.sqlite, 'workspace');
    expect(readSecret(copy.sqlite, 'workspace')).toBeUndefined();
    copy.close();
  });

  it('a secret moved under another name does not open (its name is bound to it)', () => {
    const store = openStore({ dataDir: tempDir(), migrationsDir });
    try {
      writeSecret(store.sqlite, 'a', Buffer.from('alpha'));
      const wrapped = store.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'secret:a'").pluck().get() as string;
      store.sqlite.prepare("INSERT INTO local_meta (key, value) VALUES ('secret:b', ?)").run(wrapped);
      expect(() => readSecret(store.sqlite, 'b')).toThrow(/cannot be opened/);
    } finally {
      store.close();
    }
  });

  it('wraps secrets an older version kept in clear, on open', () => {
    const dataDir = tempDir();
    openStore({ dataDir, migrationsDir }).close();
    const db = new Database(join(dataDir, STORE_FILE));
    db.prepare("INSERT INTO local_meta (key, value) VALUES ('secret:old', ?)").run(JSON.stringify(Buffer.from('plain-old-secret').toString('base64')));
    db.close();
    const store = openStore({ dataDir, migrationsDir });
    try {
      const stored = store.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'secret:old'").pluck().get() as string;
      expect(JSON.parse(stored)).toMatchObject({ v: 1 });
      expect(readSecret(store.sqlite, 'old')?.toString()).toBe('plain-old-secret');
    } finally {
      store.close();
    }
  });

  it('refuses a damaged key file in words, and a store opened with a given key uses no key file', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, DEVICE_KEY_FILE), 'short\n');
    expect(() => openStore({ dataDir, migrationsDir })).toThrow(/device key file .* is damaged/);
    const other = tempDir();
    openStore({ dataDir: other, migrationsDir, deviceKey: Buffer.alloc(32, 7) }).close();
    expect(existsSync(join(other, DEVICE_KEY_FILE))).toBe(false);
  });
});

describe('backups', () => {
  it('takes a verified copy before a migration runs, and none for a new store', () => {
    const dataDir = tempDir();
    const journal = readJournal(migrationsDir);
    const old = openStore({ dataDir, migrationsDir: migrationsUpTo(journal.length - 2) });
    expect(listBackups(dataDir)).toEqual([]);
    old.sqlite.prepare("INSERT INTO local_meta (key, value) VALUES ('marker', '\"before the upgrade\"')").run();
    const before = exportCanonical(old.sqlite, { includePrivate: true });
    old.close();

    const store = openStore({ dataDir, migrationsDir });
    store.close();
    const [backup] = listBackups(dataDir);
    expect(backup).toMatchObject({ reason: 'pre-migration', schemaVersion: journal.length - 1 });
    const copy = new Database(join(backupsDir(dataDir), backup!.file), { readonly: true });
    expect(copy.prepare("SELECT value FROM local_meta WHERE key = 'marker'").pluck().get()).toBe('"before the upgrade"');
    expect(exportCanonical(copy, { includePrivate: true })).toBe(before);
    copy.close();
    // Opening again migrates nothing: no second copy.
    openStore({ dataDir, migrationsDir }).close();
    expect(listBackups(dataDir)).toHaveLength(1);
  });

  it('a backup is a job with progress, verified: integrity and canonical export equal to the store’s', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    try {
      value(await rt.dispatch('demo.load', { accounts: 20, people: 200, touchpoints: 2000 }));
      const events: { kind: string; state: string }[] = [];
      rt.onEvent((e) => {
        if (e.type === 'job.progress') events.push({ kind: e.job.kind, state: e.job.state });
      });
      const made = value<{ id: string; reason: string }>(await rt.dispatch('backup.create', {}));
      expect(made.reason).toBe('manual');
      expect(events[0]).toEqual({ kind: 'backup', state: 'running' });
      expect(events.at(-1)).toEqual({ kind: 'backup', state: 'done' });
      const entry = listBackups(rt.store.dataDir)[0]!;
      const copy = new Database(join(backupsDir(rt.store.dataDir), entry.file), { readonly: true });
      expect(exportCanonical(copy, { includePrivate: true })).toBe(exportCanonical(rt.store.sqlite, { includePrivate: true }));
      copy.close();
      expect(value<{ id: string }[]>(await rt.dispatch('backup.list', {})).map((b) => b.id)).toEqual([made.id]);
    } finally {
      rt.close();
    }
  });

  // A 5,500-record demo store, then a backup on its own thread: up to 5 s on a loaded 2-core machine.
  it('on its own thread (as the app runs it), the core goes on writing while a backup is taken and checked', async () => {
    expect(existsSync(backupWorkerFile)).toBe(true); // npm run build makes it; npm test builds first
    useBackupWorker(backupWorkerFile);
    const rt = openRuntime(tempDir(), 'cli');
    try {
      value(await rt.dispatch('demo.load', { accounts: 50, people: 500, touchpoints: 5000 }));
      const taking = rt.dispatch('backup.create', {});
      const written: string[] = [];
      for (let i = 0; i < 10; i++) written.push(value<{ name: string }>(await rt.dispatch('accounts.create', { name: `During ${i}` })).name);
      const made = value<{ id: string }>(await taking);
      expect(written).toHaveLength(10);
      const entry = listBackups(rt.store.dataDir).find((b) => b.id === made.id)!;
      // The copy is the store at one moment: whatever it holds of the writes made meanwhile, it verifies.
      expect(verifyCopy(join(backupsDir(rt.store.dataDir), entry.file))).toBe(entry.fingerprint);
    } finally {
      useBackupWorker(undefined);
      rt.close();
    }
  }, 60_000);

  it('refuses to restore a damaged backup, an unknown id, and unshared changes unless forced; nothing changes', async () => {
    const dataDir = tempDir();
    const rt = openRuntime(dataDir, 'cli');
    try {
      value(await rt.dispatch('accounts.create', { name: 'Kept' }));
      const backup = await createBackup(rt, 'manual');
      value(await rt.dispatch('accounts.create', { name: 'Later' }));
      const unknown = await rt.dispatch('backup.restoreFrom', { id: '2020-01-01T00-00-00-000Z-manual' }, { locale: 'en' });
      expect(unknown.ok ? '' : unknown.error.message).toMatch(/There is no backup/);
      const bad = await rt.dispatch('backup.restoreFrom', { id: '../../etc/passwd' }, { locale: 'zh-CN' });
      expect(bad.ok ? '' : bad.error.code).toBe('validation');

      // A share that is set but gone: the change made here never reached it.
      const share = join(tempDir(), 'share');
      mkdirSync(share);
      value(await rt.dispatch('sync.configure', { shareDir: share }));
      const { rmSync } = await import('node:fs');
      rmSync(share, { recursive: true });
      const unsynced = await rt.dispatch('backup.restoreFrom', { id: backup.id }, { locale: 'en' });
      expect(unsynced.ok ? '' : unsynced.error.message).toMatch(/have not reached the share folder/);

      // A damaged copy: refused before anything changes.
      const file = join(backupsDir(dataDir), backup.file);
      const bytes = readFileSync(file);
      bytes.fill(0x41, 4096, 8192);
      writeFileSync(file, bytes);
      const damaged = await rt.dispatch('backup.restoreFrom', { id: backup.id, force: true }, { locale: 'en' });
      expect(damaged.ok ? '' : damaged.error.message).toMatch(/is damaged/);
      const names = value<{ name: string }[]>(await rt.dispatch('accounts.list', {}))
        .map((a) => a.name)
        .sort();
      expect(names).toEqual(['Kept', 'Later']);
    } finally {
      rt.close();
    }
  });

  it('restores without sync: the store goes back, the data as it was is kept as a pre-restore backup that restores too', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    try {
      value(await rt.dispatch('accounts.create', { name: 'Kept' }));
      const backup = await createBackup(rt, 'manual');
      value(await rt.dispatch('accounts.create', { name: 'Later' }));
      const result = await restoreBackup(rt, backup.id);
      const names = async () =>
        value<{ name: string }[]>(await rt.dispatch('accounts.list', {}))
          .map((a) => a.name)
          .sort();
      expect(await names()).toEqual(['Kept']);
      expect(result.leftDeviceId).toBeUndefined();
      await restoreBackup(rt, result.before);
      expect(await names()).toEqual(['Kept', 'Later']);
      expect(verifyCopy(join(backupsDir(rt.store.dataDir), `${result.before}.sqlite`))).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      rt.close();
    }
  });

  it('restores a backup taken before a migration: the older store is brought up to this version in place', async () => {
    const dataDir = tempDir();
    const journal = readJournal(migrationsDir);
    const old = openStore({ dataDir, migrationsDir: migrationsUpTo(journal.length - 2) });
    old.close();
    const rt = openRuntime(dataDir, 'cli');
    try {
      const [preMigration] = listBackups(dataDir);
      expect(preMigration?.reason).toBe('pre-migration');
      value(await rt.dispatch('accounts.create', { name: 'After the upgrade' }));
      await restoreBackup(rt, preMigration!.id);
      expect(value<unknown[]>(await rt.dispatch('accounts.list', {}))).toEqual([]);
      expect(rt.store.sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(journal.length);
      // The store works on: a write after the restore.
      value(await rt.dispatch('accounts.create', { name: 'After the restore' }));
      expect(value<{ name: string }[]>(await rt.dispatch('accounts.list', {})).map((a) => a.name)).toEqual(['After the restore']);
    } finally {
      rt.close();
    }
  });

  it('a daily backup is taken when none (daily or on demand) is younger than a day', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    try {
      const now = new Date('2026-12-05T09:00:00Z');
      expect((await backupIfDue(rt, now))?.reason).toBe('daily');
      expect(await backupIfDue(rt, new Date('2026-12-05T20:00:00Z'))).toBeNull();
      expect((await backupIfDue(rt, new Date('2026-12-06T09:30:00Z')))?.reason).toBe('daily');
      expect(listBackups(rt.store.dataDir).map((b) => b.createdAt)).toEqual(['2026-12-06T09:30:00.000Z', '2026-12-05T09:00:00.000Z']);
    } finally {
      rt.close();
    }
  });

  it('the CLI lists, creates and restores, and says what is wrong in the shell’s language', async () => {
    const dataDir = tempDir();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), env: { LANG: 'en_US.UTF-8' } };
    expect(await main(['--data', join(dataDir, 'none'), 'backup', 'list'], io)).toBe(1);
    expect(err.pop()).toMatch(/There is no store in/);
    const rt = openRuntime(dataDir, 'cli');
    value(await rt.dispatch('accounts.create', { name: 'ACME' }));
    rt.close();
    expect(await main(['--data', dataDir, 'backup', 'list'], io)).toBe(0);
    expect(out.pop()).toMatch(/No backups yet/);
    expect(await main(['--data', dataDir, 'backup', 'create'], io)).toBe(0);
    expect(out.pop()).toMatch(/Backed up and verified: .*-manual/);
    expect(await main(['--data', dataDir, 'backup', 'list', '--json'], io)).toBe(0);
    const [listed] = JSON.parse(out.pop()!) as { id: string }[];
    expect(await main(['--data', dataDir, 'backup', 'restore'], io)).toBe(2);
    expect(err.pop()).toMatch(/Usage: rapport/);
    expect(await main(['--data', dataDir, 'backup', 'restore', 'nope'], { ...io, env: { LANG: 'zh_CN.UTF-8' } })).toBe(1);
    expect(err.pop()).toMatch(/“nope”不是备份 ID/);
    expect(await main(['--data', dataDir, 'backup', 'restore', listed!.id], io)).toBe(0);
    expect(out.pop()).toMatch(/Restored .*; the data as it was is kept as .*-pre-restore/);
  });
});

describe('the retention rule', () => {
  const at = (iso: string, reason: BackupEntry['reason'] = 'daily'): BackupEntry => ({
    id: `${iso}-${reason}`,
    file: `${iso}-${reason}.sqlite`,
    reason,
    createdAt: iso,
    bytes: 1,
    schemaVersion: 1,
    deviceId: 'd',
    publishedSeq: 0,
    fingerprint: 'f',
  });

  it('keeps 7 daily and 4 weekly regular copies, and safety copies 30 days (the newest of each kind always)', () => {
    const now = new Date('2026-12-05T12:00:00Z');
    const backups: BackupEntry[] = [];
    // Sixty days of dailies, two on the newest day (a manual one too).
    for (let d = 0; d < 60; d++) backups.push(at(new Date(now.getTime() - d * 86_400_000).toISOString()));
    backups.push(at('2026-12-05T11:00:00.000Z', 'manual'));
    backups.push(
      at('2026-11-20T10:00:00.000Z', 'pre-migration'),
      at('2026-09-01T10:00:00.000Z', 'pre-migration'),
      at('2026-08-01T10:00:00.000Z', 'pre-restore'),
    );
    const expired = new Set(expiredBackups(backups, now).map((b) => b.id));
    const kept = backups.filter((b) => !expired.has(b.id));
    const regular = kept.filter((b) => b.reason === 'daily' || b.reason === 'manual').map((b) => b.createdAt.slice(0, 10));
    // The newest of each of 7 days (the 5th: the daily at 12:00, not the manual at 11:00) …
    expect(regular.slice(0, 7)).toEqual(['2026-12-05', '2026-12-04', '2026-12-03', '2026-12-02', '2026-12-01', '2026-11-30', '2026-11-29']);
    // … and of each of the 4 weeks before (Mondays 23 Nov, 16 Nov, 9 Nov, 2 Nov: their newest days).
    expect(regular.slice(7)).toEqual(['2026-11-28', '2026-11-22', '2026-11-15', '2026-11-08']);
    expect(kept.filter((b) => b.reason === 'pre-migration').map((b) => b.createdAt.slice(0, 10))).toEqual(['2026-11-20']);
    expect(kept.filter((b) => b.reason === 'pre-restore')).toHaveLength(1);
  });
});
