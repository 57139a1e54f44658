/**
 * Changes sync keeps aside rather than applies, kept by value as conflicts are: for a field this
 * version does not know (sync_pending, replayed after an upgrade) and for a record emptied from
 * the bin (sync_orphans, shown to the user). The two copies of a cloned laptop stamp with one
 * clock state, so one field can carry two values under one clock: both are kept, neither dropped.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { orphans, pending } from '../../electron/store/bookkeeping';
import { ChangeApplier } from '../../electron/sync/apply';
import { ChangeLog } from '../../electron/sync/changes';
import { encodeClock } from '../../electron/sync/hlc';
import { cleanup, openTest } from '../helpers/domain-fixtures';

afterAll(cleanup);

/** A clock of another device, a minute from now (newer than anything written here). */
const clockOf = (device: string) => encodeClock({ wall: Date.now() + 60_000, counter: 0, device });

describe('changes kept aside', () => {
  it('keeps both values of one clock for a field this version does not know, and releases each by its value', () => {
    const { store } = openTest();
    const id = new ChangeLog(store.sqlite).insert('accounts', { name: 'Acme' });
    const clock = clockOf('clone-a');
    const stats = new ChangeApplier(store.sqlite).apply([
      ['accounts', id, 'website', 'https://a.example', clock, []],
      ['accounts', id, 'website', 'https://b.example', clock, []],
    ]);
    expect(stats.pending).toBe(2);
    const kept = pending.all(store.sqlite);
    expect(kept.map((c) => [c.field, c.clock, c.value])).toEqual([
      ['website', clock, '"https://a.example"'],
      ['website', clock, '"https://b.example"'],
    ]);
    pending.release(store.sqlite, kept[0]!);
    expect(pending.all(store.sqlite).map((c) => c.value)).toEqual(['"https://b.example"']);
  });

  it('keeps both values of one clock that arrive for a record emptied from the bin', () => {
    const { store } = openTest();
    const changes = new ChangeLog(store.sqlite);
    const id = changes.insert('accounts', { name: 'Acme' });
    changes.update('accounts', id, { deleted_at: new Date().toISOString() });
    changes.purge('accounts', id);
    const clock = clockOf('clone-b');
    const stats = new ChangeApplier(store.sqlite).apply([
      ['accounts', id, 'name', 'Acme One', clock, []],
      ['accounts', id, 'name', 'Acme Two', clock, []],
    ]);
    expect(stats.orphaned).toBe(2);
    expect(
      orphans
        .all(store.sqlite)
        .filter((c) => c.row_id === id && c.clock === clock)
        .map((c) => [c.field, c.value]),
    ).toEqual([
      ['name', '"Acme One"'],
      ['name', '"Acme Two"'],
    ]);
  });
});
