/**
 * The bin's retention period through the contract, on a real store: a record in the bin past
 * BIN_RETENTION_DAYS after its last change refuses a restore (code `conflict`, worded in en and
 * zh-CN) and nothing is written; a recently binned one restores; and `conflicts.orphans` lists the
 * changes sync kept aside for records already emptied from the bin, with when and on which device.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ChangeLog } from '../../electron/sync/changes';
import { encodeClock } from '../../electron/sync/hlc';
import { BIN_RETENTION_DAYS, type OrphanedChange } from '../../shared/sync';
import { call, cleanup, openTest, rawRow, refuse, tableCounts, type Rec, type Runtime } from '../helpers/domain-fixtures';

afterAll(cleanup);

const DAY = 24 * 60 * 60 * 1000;

const EXPIRED = {
  en: `This record has been in the bin for more than ${BIN_RETENTION_DAYS} days: it can no longer be restored or changed, and sync is emptying it from the bin.`,
  'zh-CN': `此记录在回收站中已超过 ${BIN_RETENTION_DAYS} 天，无法再恢复或修改，同步会将其从回收站彻底清除。`,
} as const;

/** Everything a refused call must leave as it was: row counts (outbox included), the row, the clock. */
function snapshot(rt: Runtime, id: string) {
  return {
    counts: tableCounts(rt),
    row: rawRow(rt, 'accounts', id),
    hlc: rt.store.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'hlc'").get(),
  };
}

describe('the bin’s retention period', () => {
  it('an account binned more than the retention period ago cannot be restored, in either language, and nothing is written', async () => {
    const rt = openTest();
    // A laptop whose changes were made 40 days ago: the store's first changes, so its clock is not
    // yet ahead of them (the hybrid clock never goes back; see the next test).
    const then = Date.now() - 40 * DAY;
    const past = new ChangeLog(rt.store.sqlite, () => then);
    const id = past.insert('accounts', { name: '旧客户' });
    past.update('accounts', id, { deleted_at: new Date(then).toISOString() });

    const binned = await call(rt, 'accounts.get', { id });
    expect(binned.deletedAt).toBe(new Date(then).toISOString());
    expect(Date.parse(binned.updatedAt)).toBe(then);
    expect((await call<Rec[]>(rt, 'accounts.list', { state: 'deleted' })).map((a) => a.id)).toEqual([id]);

    const before = snapshot(rt, id);
    for (const locale of ['en', 'zh-CN'] as const) {
      const error = await refuse(rt, 'accounts.restore', { id }, locale);
      expect(error.code).toBe('conflict');
      expect(error.message).toBe(EXPIRED[locale]);
    }
    expect(snapshot(rt, id)).toEqual(before);
    expect((await call<Rec[]>(rt, 'accounts.list', { state: 'deleted' })).map((a) => a.id)).toEqual([id]);
    expect(await call<Rec[]>(rt, 'accounts.list', {})).toEqual([]);
  });

  it('an account created now counts from now, even when its deletion carries an old wall time', async () => {
    const rt = openTest();
    const { id } = await call(rt, 'accounts.create', { name: '新客户' });
    // The hybrid clock has seen the creation: a deletion stamped by a slow wall clock comes after it.
    new ChangeLog(rt.store.sqlite, () => Date.now() - 40 * DAY).update('accounts', id, { deleted_at: new Date(Date.now() - 40 * DAY).toISOString() });
    const restored = await call(rt, 'accounts.restore', { id });
    expect(restored.deletedAt).toBeNull();
  });

  it('a recently binned account restores, and the restore is a change that syncs', async () => {
    const rt = openTest();
    const { id } = await call(rt, 'accounts.create', { name: '华为技术' });
    const deleted = await call(rt, 'accounts.delete', { id });
    expect(deleted.deletedAt).not.toBeNull();
    const outbox = tableCounts(rt).sync_outbox!;

    const restored = await call(rt, 'accounts.restore', { id }, 'zh-CN');
    expect(restored.deletedAt).toBeNull();
    expect(tableCounts(rt).sync_outbox).toBe(outbox + 1);
    expect((await call<Rec[]>(rt, 'accounts.list', {})).map((a) => a.id)).toEqual([id]);
    expect(await call<Rec[]>(rt, 'accounts.list', { state: 'deleted' })).toEqual([]);
  });
});

describe('conflicts.orphans', () => {
  it('lists the changes kept for records emptied from the bin, with when and on which device they were made', async () => {
    const rt = openTest();
    expect(await call<OrphanedChange[]>(rt, 'conflicts.orphans', {})).toEqual([]);

    const away = 'ffeeddccbbaa0099';
    const other = '0123456789abcdef';
    const at1 = Date.parse('2026-03-02T08:15:00.000Z');
    const at2 = Date.parse('2026-03-03T10:00:00.000Z');
    const clock1 = encodeClock({ wall: at1, counter: 3, device: away });
    const clock2 = encodeClock({ wall: at2, counter: 0, device: other });
    const clock3 = encodeClock({ wall: at2, counter: 1, device: away });
    const insert = rt.store.sqlite.prepare('INSERT INTO sync_orphans (tbl, row_id, field, clock, value, supersedes) VALUES (?, ?, ?, ?, ?, ?)');
    // Inserted out of order: the answer is ordered by table, record, field and clock.
    insert.run('person_notes', 'note-1', 'body', clock2, JSON.stringify('下次拜访带上样品'), '[]');
    insert.run('accounts', 'acc-1', 'name', clock3, JSON.stringify('华为终端（新）'), JSON.stringify([clock1]));
    insert.run('accounts', 'acc-1', 'name', clock1, JSON.stringify('华为终端'), '[]');
    insert.run('accounts', 'acc-1', 'aliases', clock1, JSON.stringify('["华为"]'), '[]');
    // A value kept from a field that had no clock of its own.
    insert.run('accounts', 'acc-2', 'region', '', JSON.stringify(null), '[]');

    const orphans = await call<OrphanedChange[]>(rt, 'conflicts.orphans', {});
    expect(orphans).toEqual([
      { table: 'accounts', rowId: 'acc-1', field: 'aliases', value: JSON.stringify('["华为"]'), clock: clock1, at: '2026-03-02T08:15:00.000Z', device: away },
      { table: 'accounts', rowId: 'acc-1', field: 'name', value: '"华为终端"', clock: clock1, at: '2026-03-02T08:15:00.000Z', device: away },
      { table: 'accounts', rowId: 'acc-1', field: 'name', value: '"华为终端（新）"', clock: clock3, at: '2026-03-03T10:00:00.000Z', device: away },
      { table: 'accounts', rowId: 'acc-2', field: 'region', value: 'null', clock: '', at: null, device: null },
      { table: 'person_notes', rowId: 'note-1', field: 'body', value: '"下次拜访带上样品"', clock: clock2, at: '2026-03-03T10:00:00.000Z', device: other },
    ]);
  });

  it('takes no input', async () => {
    const rt = openTest();
    const error = await refuse(rt, 'conflicts.orphans', { table: 'accounts' });
    expect(error.code).toBe('validation');
  });
});
