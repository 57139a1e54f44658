/**
 * The drizzle schema of the local store. `migrations/` is generated from this file by drizzle-kit
 * (`npm run db:generate`); a released migration is never edited, only followed by a new one.
 * Ids are text made on the device (UUIDv7), never autoincrement, so records can cross devices.
 */
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Facts about this installation that never leave the device (its device id, …). */
export const localMeta = sqliteTable('local_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    deletedAt: text('deleted_at'),
  },
  (t) => [index('accounts_deleted_at_idx').on(t.deletedAt)],
);
