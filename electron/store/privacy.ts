/**
 * The queries of per-person privacy (services/privacy.ts): erased people, notes still in clear
 * (written before private notes were sealed), and compacting the search indexes after an erase so
 * that removed terms do not linger in their pages.
 */
import type Database from 'better-sqlite3';
import { prepared } from './prepared';
import type { Row } from './synced-tables';

/** People a per-person erase has reached (every column). */
export function erasedPeople(sqlite: Database.Database): Row[] {
  return prepared(sqlite, 'SELECT * FROM people WHERE erased_at IS NOT NULL').all() as Row[];
}

/** Person notes whose body is not sealed (`rpn1:`): in clear from an earlier version. */
export function notesInClear(sqlite: Database.Database): { id: string; person_id: string; body: string; sync_clocks: string }[] {
  return prepared(sqlite, "SELECT id, person_id, body, sync_clocks FROM person_notes WHERE body != '' AND substr(body, 1, 5) != 'rpn1:'").all() as {
    id: string;
    person_id: string;
    body: string;
    sync_clocks: string;
  }[];
}

const SEARCH_INDEXES = ['search_records', 'search_record_chars'];

/** Merges the people search indexes' segments, so an erased name or phone number leaves their pages too. */
export function compactSearchIndexes(sqlite: Database.Database): void {
  for (const index of SEARCH_INDEXES) sqlite.prepare(`INSERT INTO ${index}(${index}) VALUES ('optimize')`).run();
}
