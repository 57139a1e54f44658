import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

const MIGRATIONS_TABLE = '__drizzle_migrations';

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

export class StoreVersionError extends Error {}

export function readJournal(migrationsDir: string): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries;
}

/**
 * Applies drizzle-kit's migrations and then proves they all ran.
 *
 * drizzle applies only entries newer than the last applied one, so an entry merged out of
 * order is skipped without a word; we compare every journal entry with the applied rows and
 * refuse to open a store that does not match. Foreign keys are off while migrations run because
 * SQLite rebuilds a table to alter it, and `foreign_key_check` afterwards proves nothing broke.
 */
export function migrateStore(sqlite: Database.Database, migrationsDir: string): number {
  const entries = readJournal(migrationsDir);
  // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched around the migrator's own.
  sqlite.pragma('foreign_keys = OFF');
  try {
    // drizzle-kit wrote the migrations; its migrator applies them. Queries are plain prepared SQL (README.md).
    migrate(drizzle(sqlite), { migrationsFolder: migrationsDir, migrationsTable: MIGRATIONS_TABLE });
    const broken = sqlite.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) {
      throw new StoreVersionError(`Migration left ${broken.length} rows with broken references; the store was not opened.`);
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }

  const applied = new Set((sqlite.prepare(`SELECT created_at AS whenMs FROM ${MIGRATIONS_TABLE}`).all() as { whenMs: number }[]).map((r) => Number(r.whenMs)));
  const missing = entries.filter((e) => !applied.has(e.when));
  if (missing.length > 0) {
    throw new StoreVersionError(
      `Migrations ${missing.map((e) => e.tag).join(', ')} were not applied (out of order in the journal). Fix the migration order before release.`,
    );
  }
  const known = new Set(entries.map((e) => e.when));
  const unknown = [...applied].filter((w) => !known.has(w));
  if (unknown.length > 0) {
    throw new StoreVersionError('This data folder was written by a newer version of Rapport. Install the newer version to open it; nothing was changed.');
  }
  return entries.length;
}

/** How many of the journal's migrations this store has not applied yet; 0 for a new, empty store (nothing to keep). */
export function pendingMigrations(sqlite: Database.Database, migrationsDir: string): number {
  const exists = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${MIGRATIONS_TABLE}'`).get() !== undefined;
  if (!exists) return 0;
  const applied = new Set((sqlite.prepare(`SELECT created_at AS whenMs FROM ${MIGRATIONS_TABLE}`).all() as { whenMs: number }[]).map((r) => Number(r.whenMs)));
  return readJournal(migrationsDir).filter((e) => !applied.has(e.when)).length;
}
