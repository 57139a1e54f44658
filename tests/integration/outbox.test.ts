/**
 * The outbox (electron/store/bookkeeping.ts): a write of several fields is one row read back as one
 * change per field, in order, with each field's replaced clock; one field leaves it when the other
 * copy of a cloned laptop published it; the status's count of records waiting follows appends and
 * publishes. Real store in a temp folder.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { insertRows } from '../../electron/store/synced-tables';
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

  it('writes records created together as each would be created alone: rows, defaults, outbox and clocks', () => {
    const alone = openTest();
    const together = openTest();
    // Rows that leave out different columns: each gets that column's default, as an insert of its own would.
    const rows = Array.from({ length: 300 }, (_, i) => ({
      name: `客户${i}`,
      ...(i % 3 === 0 ? { region: i % 2 ? '福建' : null } : {}),
      ...(i % 5 === 0 ? { tier: 'key' } : {}),
      ...(i % 7 === 0 ? { notes: `第${i}个` } : {}),
    }));
    const ids = rows.map((_, i) => `0190c1a2-0000-7000-8000-${String(i).padStart(12, '0')}`);
    const timeA = () => Date.parse('2026-12-05T10:00:00Z');
    const logA = new ChangeLog(alone.store.sqlite, timeA);
    alone.store.sqlite.transaction(() => rows.forEach((values, i) => logA.insert('accounts', values, ids[i])))();
    const logB = new ChangeLog(together.store.sqlite, timeA);
    expect(
      logB.insertMany(
        'accounts',
        rows.map((values, i) => ({ values, id: ids[i] })),
      ),
    ).toEqual(ids);

    const stored = (rt: typeof alone) =>
      rt.store.sqlite.prepare('SELECT * FROM accounts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid').all(JSON.stringify(ids));
    // The same device id on both, so the same clocks: everything compares whole.
    const device = (rt: typeof alone) => rt.store.sqlite.prepare(`SELECT value FROM local_meta WHERE key = 'deviceId'`).pluck().get();
    const clocksOf = (rt: typeof alone) => (stored(rt) as { sync_clocks: string }[]).map((r) => JSON.parse(r.sync_clocks)['*'] as string);
    expect(clocksOf(together)).toEqual([...clocksOf(together)].sort());
    expect(new Set(clocksOf(together)).size).toBe(300);
    const withoutDevice = (rt: typeof alone) =>
      (stored(rt) as Record<string, unknown>[]).map((r) => ({ ...r, sync_clocks: String(r.sync_clocks).replaceAll(String(device(rt)), 'D') }));
    expect(withoutDevice(together)).toEqual(withoutDevice(alone));
    const outboxOf = (rt: typeof alone) =>
      readOutbox(rt.store.sqlite)
        .filter(([, row]) => ids.includes(row))
        .map((r) => JSON.stringify(r).replaceAll(String(device(rt)), 'D'));
    expect(outboxOf(together)).toEqual(outboxOf(alone));
    expect(countRows(together, 'sync_outbox')).toBe(countRows(alone, 'sync_outbox'));
    // The clock state written once, at the last clock given.
    const state = (rt: typeof alone) => rt.store.sqlite.prepare(`SELECT value FROM local_meta WHERE key = 'hlc'`).pluck().get();
    expect(state(together)).toEqual(state(alone));
    closeTest(alone);
    closeTest(together);
  });

  it('gives a row that leaves out a column whose default is an expression that default, written on its own', () => {
    const sqlite = new Database(':memory:');
    sqlite.exec(
      "CREATE TABLE things (id TEXT PRIMARY KEY, a TEXT, b TEXT DEFAULT (lower('ABC')), n INTEGER DEFAULT 3, s TEXT DEFAULT 'it''s', updated_at TEXT, sync_clocks TEXT)",
    );
    insertRows(sqlite, 'things', [
      { id: '1', values: { a: 'x', b: 'given' } },
      { id: '2', values: { a: 'y' } },
      { id: '3', values: { a: 'z', b: null, n: 7 } },
      { id: '4', values: { b: 'w' } },
    ]);
    expect(sqlite.prepare('SELECT id, a, b, n, s FROM things ORDER BY rowid').all()).toEqual([
      { id: '1', a: 'x', b: 'given', n: 3, s: "it's" },
      { id: '2', a: 'y', b: 'abc', n: 3, s: "it's" },
      { id: '3', a: 'z', b: null, n: 7, s: "it's" },
      { id: '4', a: null, b: 'w', n: 3, s: "it's" },
    ]);
    sqlite.close();
  });

  it('writes rows of a wide table in blocks that stay under SQLite’s parameter limit', () => {
    const sqlite = new Database(':memory:');
    const columns = Array.from({ length: 200 }, (_, i) => `c${i}`);
    sqlite.exec(`CREATE TABLE wide (id TEXT PRIMARY KEY, ${columns.map((c) => `${c} INTEGER`).join(', ')}, updated_at TEXT, sync_clocks TEXT)`);
    insertRows(
      sqlite,
      'wide',
      Array.from({ length: 300 }, (_, r) => ({ id: String(r).padStart(3, '0'), values: Object.fromEntries(columns.map((c, i) => [c, r * 1000 + i])) })),
    );
    expect(sqlite.prepare('SELECT count(*) FROM wide').pluck().get()).toBe(300);
    expect(sqlite.prepare("SELECT c199 FROM wide WHERE id = '299'").pluck().get()).toBe(299_199);
    sqlite.close();
  });
});
