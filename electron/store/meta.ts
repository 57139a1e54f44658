/**
 * `local_meta`: small facts about this installation (clock state, what was published, maintenance
 * intents), each a JSON value under a key. The one way to read and write them; only the device id
 * and the share folder, plain text since the first store, are read where they are set.
 */
import type Database from 'better-sqlite3';

interface MetaStatements {
  read: Database.Statement;
  write: Database.Statement;
  remove: Database.Statement;
}

// Prepared once per connection: the clock state is read and written on every local write.
const statements = new WeakMap<Database.Database, MetaStatements>();

function prepared(sqlite: Database.Database): MetaStatements {
  let s = statements.get(sqlite);
  if (!s) {
    s = {
      read: sqlite.prepare('SELECT value FROM local_meta WHERE key = ?'),
      write: sqlite.prepare('INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      remove: sqlite.prepare('DELETE FROM local_meta WHERE key = ?'),
    };
    statements.set(sqlite, s);
  }
  return s;
}

export function readMeta<T>(sqlite: Database.Database, key: string): T | undefined {
  const row = prepared(sqlite).read.get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function writeMeta(sqlite: Database.Database, key: string, value: unknown): void {
  prepared(sqlite).write.run(key, JSON.stringify(value));
}

export function deleteMeta(sqlite: Database.Database, ...keys: string[]): void {
  for (const key of keys) prepared(sqlite).remove.run(key);
}
