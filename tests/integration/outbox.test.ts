/**
 * The outbox (electron/store/bookkeeping.ts): a write of several fields is one row read back as one
 * change per field, in order, with each field's replaced clock; one field leaves it when the other
 * copy of a cloned laptop published it; the status's count of records waiting follows appends and
 * publishes. Real store in a temp folder.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { outbox } from '../../electron/store/bookkeeping';
import { ChangeLog, CREATED, readOutbox } from '../../electron/sync/changes';
import { cleanup, closeTest, countRows, openTest } from '../helpers/domain-fixtures';

afterAll(cleanup);

describe('outbox', () => {
  it('keeps a write of several fields as one row and reads it back one change per field', () => {
    const rt = openTest();
    const sqlite = rt.store.sqlite;
    const log = new ChangeLog(sqlite);
    const before = countRows(rt, 'sync_outbox');
    const id = log.insert('accounts', { name: '宁德时代', region: '福建', tier: 'strategic' });
    expect(countRows(rt, 'sync_outbox')).toBe(before + 1);
    const created = readOutbox(sqlite).filter(([, row]) => row === id);
    expect(created.map(([, , field]) => field)).toEqual([CREATED, 'name', 'region', 'tier', 'created_at']);
    const clock = created[0]![4];
    expect(created.every(([table, , , , c, supersedes]) => table === 'accounts' && c === clock && supersedes.length === 0)).toBe(true);
    expect(created.find(([, , field]) => field === 'name')![3]).toBe('宁德时代');

    log.update('accounts', id, { name: '宁德时代新能源', region: '上海', tier: 'strategic' });
    const edit = readOutbox(sqlite)
      .filter(([, row]) => row === id)
      .slice(created.length);
    // The unchanged tier writes nothing; each changed field names the clock it replaced.
    expect(edit.map(([, , field, value, , supersedes]) => [field, value, supersedes])).toEqual([
      ['name', '宁德时代新能源', [clock]],
      ['region', '上海', [clock]],
    ]);
    closeTest(rt);
  });

  it('drops one field of a write kept together, and the row once it holds none', () => {
    const rt = openTest();
    const sqlite = rt.store.sqlite;
    const log = new ChangeLog(sqlite);
    const id = log.insert('accounts', { name: '比亚迪', region: '深圳' });
    const rows = countRows(rt, 'sync_outbox');
    const clock = readOutbox(sqlite).find(([, row]) => row === id)![4];
    // Another value under the same clock (the clone's own edit) is not the same change: kept.
    outbox.drop(sqlite, 'accounts', id, 'region', clock, JSON.stringify('广州'));
    expect(readOutbox(sqlite).filter(([, row]) => row === id)).toHaveLength(4);
    outbox.drop(sqlite, 'accounts', id, 'region', clock, JSON.stringify('深圳'));
    expect(
      readOutbox(sqlite)
        .filter(([, row]) => row === id)
        .map(([, , field]) => field),
    ).toEqual([CREATED, 'name', 'created_at']);
    expect(countRows(rt, 'sync_outbox')).toBe(rows);
    for (const [table, row, field, value, c] of readOutbox(sqlite).filter(([, r]) => r === id))
      outbox.drop(sqlite, table, row, field, c, JSON.stringify(value));
    expect(countRows(rt, 'sync_outbox')).toBe(rows - 1);
    closeTest(rt);
  });

  it('counts records waiting, not fields, across appends and publishes', () => {
    const rt = openTest();
    const sqlite = rt.store.sqlite;
    const log = new ChangeLog(sqlite);
    outbox.removeUpTo(sqlite, Number.MAX_SAFE_INTEGER);
    expect(outbox.pendingRecords(sqlite)).toBe(0);
    const a = log.insert('accounts', { name: 'A' });
    log.insert('accounts', { name: 'B' });
    expect(outbox.pendingRecords(sqlite)).toBe(2);
    log.update('accounts', a, { name: 'A2' });
    log.update('accounts', a, { region: '北京' });
    expect(outbox.pendingRecords(sqlite)).toBe(2);
    // Published: the outbox starts later, the count starts over.
    outbox.removeUpTo(sqlite, outbox.lastSeq(sqlite)!);
    expect(outbox.pendingRecords(sqlite)).toBe(0);
    log.update('accounts', a, { name: 'A3' });
    expect(outbox.pendingRecords(sqlite)).toBe(1);
    // Asked inside a transaction, counted afresh, the same.
    expect(sqlite.transaction(() => outbox.pendingRecords(sqlite))()).toBe(1);
    closeTest(rt);
  });
});
