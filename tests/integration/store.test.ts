import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store/open';
import { readJournal } from '../../electron/store/migrate';
import { migrationsDir } from '../../electron/host/paths';
import { tempDir } from '../helpers/temp';

describe('local store', () => {
  it('opens in WAL with foreign keys on and every journal entry applied', () => {
    const store = openStore({ dataDir: tempDir(), migrationsDir });
    try {
      expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      const applied = store.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
      expect(applied.n).toBe(readJournal(migrationsDir).length);
      expect(store.schemaVersion).toBe(readJournal(migrationsDir).length);
    } finally {
      store.close();
    }
  });

  it('keeps its device id across restarts and makes a new one for a new store', () => {
    const dir = tempDir();
    const first = openStore({ dataDir: dir, migrationsDir });
    const id = first.deviceId;
    first.close();
    const again = openStore({ dataDir: dir, migrationsDir });
    expect(again.deviceId).toBe(id);
    again.close();
    const other = openStore({ dataDir: tempDir(), migrationsDir });
    expect(other.deviceId).not.toBe(id);
    other.close();
  });

  it('has FTS5 with the trigram tokenizer, so a Chinese substring matches', () => {
    const store = openStore({ dataDir: tempDir(), migrationsDir });
    try {
      store.sqlite.exec("CREATE VIRTUAL TABLE temp.probe USING fts5(body, tokenize='trigram')");
      store.sqlite.prepare('INSERT INTO temp.probe(body) VALUES (?)').run('华为技术有限公司');
      const hits = store.sqlite.prepare("SELECT body FROM temp.probe WHERE probe MATCH '技术有'").all();
      expect(hits).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('refuses to open when a journal entry was skipped (merged out of order)', () => {
    const dir = tempDir();
    openStore({ dataDir: dir, migrationsDir }).close();
    // A second migration whose timestamp is older than the applied one: drizzle would skip it silently.
    const migrations = join(tempDir(), 'migrations');
    cpSync(migrationsDir, migrations, { recursive: true });
    const journalFile = join(migrations, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
    const first = journal.entries[0];
    journal.entries.push({ ...first, idx: journal.entries.length, when: first.when - 1000, tag: '9999_late' });
    writeFileSync(journalFile, JSON.stringify(journal));
    writeFileSync(join(migrations, '9999_late.sql'), 'CREATE TABLE late (id text PRIMARY KEY);');
    expect(() => openStore({ dataDir: dir, migrationsDir: migrations })).toThrow(/9999_late/);
  });

  it('refuses a store written by a newer version and leaves it untouched', () => {
    const dir = tempDir();
    const store = openStore({ dataDir: dir, migrationsDir });
    store.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', 9_999_999_999_999);
    store.close();
    expect(() => openStore({ dataDir: dir, migrationsDir })).toThrow(/newer version/);
  });
});
