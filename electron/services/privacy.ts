/**
 * Private notes that stay private, and a client person's export and erase (issue 12, PIPL / GDPR).
 *
 * Private notes (`person_notes`, declared private in shared/kinds.ts: every person note is one) are
 * sealed to their author's personal key (privacy-keys.ts) before they reach the change log, so the
 * store rows, the outbox and the share hold ciphertext. A note is shown only where the device holds
 * the author's key and the acting member is the author; everyone else does not see it listed at all
 * (not even "a note by X": that it exists, when, and how long, is itself something about the person
 * and of no use to a reader who cannot open it). Notes are never in the search indexes (they never
 * were: migrations/0001_search.sql indexes accounts, people and touchpoints only), not even on the
 * author's device, where the index file would hold their text in clear.
 *
 * An erase blanks a person's personal fields and notes through the change log (so it syncs), sets
 * `erased_at` / `erased_by` (the record of who did it and when, visible to the team), and keeps a
 * placeholder name. Every device scrubs erased people again after each sync round (`privacyUpkeep`,
 * from the core): a change that arrives later (an offline edit, older or newer than the erase, a
 * history row, a note) is blanked again by a newer change, and the losing values sync kept aside
 * (conflicts, orphans) are dropped, so nothing brings an erased value back.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { kinds, tableReferences } from '../../shared/kinds';
import type { Translate } from '../../shared/i18n';
import type { PersonExport } from '../../shared/privacy';
import { conflicts, orphans } from '../store/bookkeeping';
import { readDeviceId } from '../store/meta';
import { compactSearchIndexes, erasedPeople, notesInClear } from '../store/privacy';
import { listRows } from '../store/records';
import type { Row as StoreRow, SqlValue } from '../store/synced-tables';
import { decodeClock } from '../sync/hlc';
import { BinExpiredError, CREATED, type ChangeLog } from '../sync/changes';
import { CallFailure, type ServiceContext } from './context';
import { addKeys, currentKey, openNote, parseSealed, personalKeys, sealNote, TransferRefused, unwrapKeys, wrapKeys } from './privacy-keys';
import { createRecord, deleteRecord, findRecord, getRecord, listRecords, restoreRecord, toRecord, updateRecord, type Row, type State } from './records';
import type { Outputs, ParsedInputs } from './types';
import { personHistory } from './views';

const NOTES = kinds.person_notes;
const PEOPLE = kinds.people;

// ---- Private notes ----

/** The note's text if the acting member wrote it and this device holds the key it was sealed with. */
function readableBody(ctx: Pick<ServiceContext, 'store' | 'me'>, note: Row): string | undefined {
  const sealed = typeof note.body === 'string' ? parseSealed(note.body) : undefined;
  if (!sealed || !ctx.me || sealed.author !== ctx.me) return undefined;
  const key = personalKeys(ctx.store.sqlite, ctx.me).find((k) => k.id === sealed.keyId);
  return key ? openNote(sealed, key) : undefined;
}

/** The note as its author reads it, or undefined for anyone else. */
function opened(ctx: ServiceContext, note: Row | null): Row | undefined {
  if (!note) return undefined;
  const body = readableBody(ctx, note);
  return body === undefined ? undefined : { ...note, body };
}

function readableNote(ctx: ServiceContext, id: string): Row {
  const note = opened(ctx, findRecord(ctx, NOTES, id));
  if (!note) throw new CallFailure('not_found');
  return note;
}

function sealFor(ctx: ServiceContext, text: string): string {
  if (!ctx.me) throw new CallFailure('validation', {}, 'privacy.noMe');
  return sealNote(text, ctx.me, currentKey(ctx.store.sqlite, ctx.me));
}

function refuseErased(ctx: ServiceContext, personId: unknown): void {
  const person = typeof personId === 'string' ? findRecord(ctx, PEOPLE, personId) : null;
  if (person?.erasedAt) throw new CallFailure('conflict', {}, 'privacy.erased');
}

const notesList = (ctx: ServiceContext, input: { personId: string; state: State }) =>
  listRecords(ctx, NOTES, input.state, [{ column: 'person_id', match: 'equals', value: input.personId }]).flatMap((n) => opened(ctx, n) ?? []);

/** A note needs an author: reported with the input's other issues (a missing person), nothing written. */
const NEEDS_AUTHOR = { rules: (ctx: ServiceContext) => (ctx.me ? [] : [{ path: 'body', key: 'privacy.noMe' }]) };

function notesCreate(ctx: ServiceContext, input: { personId: string; body: string }): Row {
  refuseErased(ctx, input.personId);
  // One transaction: a key made for a note that is then refused (no such person) is not kept either.
  return ctx.changes.inTransaction(() => {
    const body = ctx.me ? sealFor(ctx, input.body) : '';
    const created = createRecord(ctx, NOTES, NEEDS_AUTHOR, { ...input, body });
    return { ...created, body: input.body };
  });
}

function notesUpdate(ctx: ServiceContext, input: { id: string; personId?: string; body?: string }): Row {
  const previous = readableNote(ctx, input.id);
  const personId = input.personId ?? String(previous.personId);
  refuseErased(ctx, personId);
  const text = input.body ?? String(previous.body);
  return ctx.changes.inTransaction(() => {
    const updated = updateRecord(ctx, NOTES, {}, { ...input, body: sealFor(ctx, text) });
    return { ...updated, body: text };
  });
}

const notesDelete = (ctx: ServiceContext, input: { id: string }): Row => {
  const note = readableNote(ctx, input.id);
  return { ...deleteRecord(ctx, NOTES, input.id), body: note.body };
};

const notesRestore = (ctx: ServiceContext, input: { id: string }): Row => {
  const note = readableNote(ctx, input.id);
  return { ...restoreRecord(ctx, NOTES, {}, input.id), body: note.body };
};

// ---- Personal keys ----

function actingMember(ctx: ServiceContext): string {
  if (!ctx.me) throw new CallFailure('validation', {}, 'privacy.noMe');
  return ctx.me;
}

function keyExport(ctx: ServiceContext): Outputs['privacy.keyExport'] {
  const member = actingMember(ctx);
  const keys = ctx.changes.inTransaction(() => {
    currentKey(ctx.store.sqlite, member);
    return personalKeys(ctx.store.sqlite, member);
  });
  return wrapKeys(member, keys, new Date(ctx.now()));
}

function keyImport(ctx: ServiceContext, input: ParsedInputs['privacy.keyImport']): Outputs['privacy.keyImport'] {
  const member = actingMember(ctx);
  let keys: Buffer[];
  try {
    keys = unwrapKeys(input.code, member, new Date(ctx.now()));
  } catch (error) {
    if (error instanceof TransferRefused) throw new CallFailure('validation', {}, `privacy.${error.reason}`);
    throw error;
  }
  return ctx.changes.inTransaction(() => {
    // The notes this member wrote here before the transfer are opened with their old key first.
    const before = notesOpenedBy(ctx, member);
    addKeys(ctx.store.sqlite, member, keys, true);
    // …and sealed again with the imported (now current) key, so the member's other laptop reads them too.
    let resealed = 0;
    const key = currentKey(ctx.store.sqlite, member);
    for (const note of before) {
      if (note.keyId === key.id) continue;
      ctx.changes.update('person_notes', note.id, { body: sealNote(note.text, member, key) });
      resealed++;
    }
    return { keyIds: personalKeys(ctx.store.sqlite, member).map((k) => k.id), resealed };
  });
}

/** Every note (bin included) the member can open here, with the key id it is sealed with. */
function notesOpenedBy(ctx: ServiceContext, member: string): { id: string; personId: string; keyId: string; text: string }[] {
  const keys = personalKeys(ctx.store.sqlite, member);
  return listRows(ctx.store.sqlite, 'person_notes', 'all', [], []).flatMap((row) => {
    const sealed = typeof row.body === 'string' ? parseSealed(row.body) : undefined;
    if (!sealed || sealed.author !== member) return [];
    const key = keys.find((k) => k.id === sealed.keyId);
    const text = key ? openNote(sealed, key) : undefined;
    return text === undefined ? [] : [{ id: String(row.id), personId: String(row.person_id), keyId: sealed.keyId, text }];
  });
}

// ---- Erase ----

/** The fields an erase blanks, as SQL columns, and the value each is left with; `name` gets the placeholder. */
const ERASED: Readonly<Record<string, SqlValue>> = {
  title: null,
  phone: null,
  email: null,
  preferred_channel: null,
  cadence: null,
  strategies: '{}',
};
/** History rows of these fields carry an erased value. */
const ERASED_HISTORY = new Set(Object.keys(ERASED).map((c) => c.replace(/_([a-z])/g, (_m, x: string) => x.toUpperCase())));
/** Free text about the person in records that name them: blanked too. */
const FREE_TEXT: readonly { table: 'influence_links' | 'sponsor_pairs' | 'satisfaction_responses'; columns: string[]; text: string }[] = [
  { table: 'influence_links', columns: ['from_id', 'to_id'], text: 'note' },
  { table: 'sponsor_pairs', columns: ['person_id'], text: 'note' },
  { table: 'satisfaction_responses', columns: ['person_id'], text: 'comment' },
];

/** A short tag that tells erased people apart without saying who they were: `#` and 4 hex digits of a hash of the id. */
export const erasedTag = (personId: string): string => `#${createHash('sha256').update(personId).digest('hex').slice(0, 4)}`;

export interface Upkeep {
  sqlite: Database.Database;
  changes: ChangeLog;
  t: Translate;
}

/**
 * Blanks whatever of an erased person is not blank yet (a change that arrived after the erase), and
 * drops the values sync kept aside for them. Returns how many records it changed.
 */
function scrub(up: Upkeep, person: StoreRow): number {
  const { sqlite, changes } = up;
  const id = String(person.id);
  let written = 0;
  const patch: Record<string, SqlValue> = {};
  for (const [column, value] of Object.entries(ERASED)) if (person[column] !== value) patch[column] = value;
  const tag = erasedTag(id);
  if (!String(person.name).endsWith(tag)) patch.name = up.t('privacy.erasedName', { tag });
  if (Object.keys(patch).length > 0 && changes.update('people', id, patch)) written++;
  for (const column of [...Object.keys(ERASED), 'name']) conflicts.clearField(sqlite, 'people', id, column);
  orphans.forgetRecord(sqlite, 'people', id);

  for (const row of listRows(sqlite, 'person_changes', 'all', [{ column: 'person_id', match: 'equals', value: id }], [])) {
    if (!ERASED_HISTORY.has(String(row.field))) continue;
    if (row.value !== 'null' && changes.update('person_changes', String(row.id), { value: 'null' })) written++;
    conflicts.clearRecord(sqlite, 'person_changes', String(row.id));
    orphans.forgetRecord(sqlite, 'person_changes', String(row.id));
  }
  for (const row of listRows(sqlite, 'person_notes', 'all', [{ column: 'person_id', match: 'equals', value: id }], [])) {
    if (row.body !== '' || row.deleted_at === null) {
      changes.update('person_notes', String(row.id), { body: '', deleted_at: row.deleted_at ?? String(person.erased_at) });
      written++;
    }
    conflicts.clearRecord(sqlite, 'person_notes', String(row.id));
    orphans.forgetRecord(sqlite, 'person_notes', String(row.id));
  }
  for (const { table, columns, text } of FREE_TEXT) {
    for (const column of columns) {
      for (const row of listRows(sqlite, table, 'all', [{ column, match: 'equals', value: id }], [])) {
        if (row[text] !== null && changes.update(table, String(row.id), { [text]: null })) written++;
        conflicts.clearField(sqlite, table, String(row.id), text);
        orphans.forgetRecord(sqlite, table, String(row.id));
      }
    }
  }
  return written;
}

/** Erases a person on every device: their personal fields and notes blanked, a placeholder name, who did it and when. */
function erasePerson(ctx: ServiceContext, input: ParsedInputs['people.erase']): Row {
  const person = getRecord(ctx, PEOPLE, input.personId);
  if (person.erasedAt) return person;
  const up: Upkeep = { sqlite: ctx.store.sqlite, changes: ctx.changes, t: ctx.t };
  ctx.changes.inTransaction(() => {
    ctx.changes.update('people', input.personId, { erased_at: ctx.now(), erased_by: ctx.me });
    const row = listRows(ctx.store.sqlite, 'people', 'all', [{ column: 'id', match: 'equals', value: input.personId }], [])[0]!;
    scrub(up, row);
  });
  compactSearchIndexes(ctx.store.sqlite);
  return getRecord(ctx, PEOPLE, input.personId);
}

/**
 * What the core runs when it opens a store and after every sync round that changed data: erased
 * people are scrubbed again, and notes still in clear that this device wrote are sealed to the
 * member who uses it (notes in clear from other devices stay hidden here; their author's device
 * seals them, and the sealed body replaces the clear one everywhere by sync). Returns the number
 * of records it changed.
 */
export function privacyUpkeep(up: Upkeep & { me: string | null }): number {
  let written = 0;
  up.changes.inTransaction(() => {
    for (const person of erasedPeople(up.sqlite)) {
      // Each person in a savepoint of its own: one that cannot be written (a record in the bin past
      // its retention refuses every change) must not keep the others unscrubbed.
      try {
        written += up.sqlite.transaction(() => scrub(up, person))();
      } catch (error) {
        if (!(error instanceof BinExpiredError)) throw error;
      }
    }
    if (!up.me) return;
    const device = readDeviceId(up.sqlite);
    const clear = notesInClear(up.sqlite).filter((n) => {
      const created = (JSON.parse(n.sync_clocks) as Record<string, string>)[CREATED];
      return created !== undefined && decodeClock(created).device === device;
    });
    if (clear.length === 0) return;
    const key = currentKey(up.sqlite, up.me);
    for (const note of clear) {
      try {
        up.changes.update('person_notes', note.id, { body: sealNote(note.body, up.me, key) });
        written++;
      } catch (error) {
        // A note in the bin past its retention cannot change any more; it is purged soon and stays hidden until then.
        if (!(error instanceof BinExpiredError)) throw error;
      }
    }
  });
  if (written > 0) compactSearchIndexes(up.sqlite);
  return written;
}

// ---- Export ----

function personExport(ctx: ServiceContext, input: ParsedInputs['people.export']): PersonExport {
  const sqlite = ctx.store.sqlite;
  const person = getRecord(ctx, PEOPLE, input.personId);
  const id = person.id;
  const kindOf = (table: string) => Object.values(kinds).find((k) => k.table === table)!;
  const rowsNaming = (table: string, column: string, many: boolean) =>
    listRows(sqlite, table, 'all', [{ column, match: many ? 'includes' : 'equals', value: id }], []).map((r) => toRecord(kindOf(table), r));

  const allNotes = rowsNaming('person_notes', 'person_id', false);
  const notes = input.includePrivate ? allNotes.flatMap((n) => opened(ctx, n) ?? []) : [];
  const touchpoints = rowsNaming('touchpoints', 'their_participants', true);
  const followUps = touchpoints.flatMap((tp) =>
    listRows(sqlite, 'follow_ups', 'all', [{ column: 'touchpoint_id', match: 'equals', value: tp.id }], []).map((r) => toRecord(kinds.follow_ups, r)),
  );
  const links = [...rowsNaming('influence_links', 'from_id', false), ...rowsNaming('influence_links', 'to_id', false)];
  const covered = new Set(['person_changes', 'person_notes', 'touchpoints', 'influence_links']);
  const related: Record<string, Row[]> = {};
  for (const ref of tableReferences) {
    if (ref.target !== 'people' || covered.has(ref.table)) continue;
    const rows = rowsNaming(ref.table, ref.column, Boolean(ref.many));
    if (rows.length > 0) related[ref.table] = [...(related[ref.table] ?? []), ...rows.filter((r) => !related[ref.table]?.some((x) => x.id === r.id))];
  }
  const account = person.accountId ? findRecord(ctx, kinds.accounts, String(person.accountId)) : null;
  const history = personHistory(ctx, id);
  const records: Record<string, unknown>[] = [person, ...history, ...touchpoints, ...followUps, ...links, ...Object.values(related).flat()];
  return {
    format: 'rapport-person-export',
    version: 1,
    exportedAt: ctx.now(),
    exportedBy: ctx.me,
    person,
    account: account ? { id: account.id, name: String(account.name) } : null,
    history,
    notes,
    notesWithheld: allNotes.filter((n) => n.body !== '').length - notes.length,
    touchpoints,
    followUps,
    influenceLinks: links,
    related,
    names: namesOf(ctx, records),
  };
}

/** Every id named by these records' reference fields (and history values) that is a person, member or account, with its name. */
function namesOf(ctx: ServiceContext, records: readonly Record<string, unknown>[]): Record<string, string> {
  const ids = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.length >= 8) ids.add(v);
    else if (Array.isArray(v)) for (const x of v) add(x);
  };
  for (const record of records) for (const [field, v] of Object.entries(record)) if (/Ids?$|Participants$|^value$/.test(field)) add(v);
  const names: Record<string, string> = {};
  for (const id of ids) {
    for (const kind of [kinds.people, kinds.members, kinds.accounts]) {
      const named = findRecord(ctx, kind, id);
      if (named) {
        names[id] = String(named.name);
        break;
      }
    }
  }
  return names;
}

/** The contract's calls this module answers (the notes' six record calls replace the generic ones). */
export const privacyHandlers = {
  'notes.list': notesList,
  'notes.get': (ctx: ServiceContext, input: { id: string }) => readableNote(ctx, input.id),
  'notes.create': notesCreate,
  'notes.update': notesUpdate,
  'notes.delete': notesDelete,
  'notes.restore': notesRestore,
  'privacy.key': (ctx: ServiceContext): Outputs['privacy.key'] => ({
    memberId: ctx.me,
    keyIds: ctx.me ? personalKeys(ctx.store.sqlite, ctx.me).map((k) => k.id) : [],
  }),
  'privacy.keyExport': keyExport,
  'privacy.keyImport': keyImport,
  'people.export': personExport,
  'people.erase': erasePerson,
};
