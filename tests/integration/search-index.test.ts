import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openRuntime } from '../../electron/host/runtime';
import { DEFER_SEARCH_ROWS, deferSearchIndex, pendingSearchTables, rebuildSearchIndex, spaced } from '../../electron/store/search-index';
import { ChangeLog } from '../../electron/sync/changes';
import { afterRound, SyncEngine } from '../../electron/sync/engine';
import { Share } from '../../electron/sync/share';
import type { SearchResult } from '../../shared/domain';
import { tempDir } from '../helpers/temp';

async function search(rt: ReturnType<typeof openRuntime>, text: string): Promise<SearchResult> {
  const result = await rt.dispatch('search.query', { text });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SearchResult;
}

describe('search index upkeep', () => {
  it('splits CJK characters into words and leaves other text alone', () => {
    expect(spaced('张伟到访 ACME 2026')).toBe(' 张  伟  到  访  ACME 2026');
  });

  it('while deferred, search scans and still finds everything; the rebuild then indexes every row, in batches', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    try {
      expect((await rt.dispatch('demo.load', { accounts: 3, people: 30, touchpoints: 250 })).ok).toBe(true);
      const before = {
        short: (await search(rt, '采购')).touchpoints.length,
        long: (await search(rt, '框架协议')).touchpoints.length,
        person: (await search(rt, '伟')).people.length,
      };
      expect(before.short).toBeGreaterThan(0);

      rt.store.sqlite.transaction(() => deferSearchIndex(rt.store.sqlite))();
      expect(pendingSearchTables(rt.store.sqlite)).toEqual(new Set(['accounts', 'people', 'touchpoints']));
      expect((rt.store.sqlite.prepare('SELECT count(*) AS n FROM search_touchpoints').get() as { n: number }).n).toBe(0);
      // Nothing indexed, but nothing missing from the answers either.
      expect((await search(rt, '采购')).touchpoints.length).toBe(before.short);
      expect((await search(rt, '框架协议')).touchpoints.length).toBe(before.long);
      expect((await search(rt, '伟')).people.length).toBe(before.person);

      // A change during the deferral (as sync applies one: a call would start the catch-up job,
      // see import.test.ts) is found after the rebuild, like every other row.
      new ChangeLog(rt.store.sqlite).insert('touchpoints', {
        account_id: (rt.store.sqlite.prepare('SELECT id FROM accounts LIMIT 1').get() as { id: string }).id,
        at: '2026-11-20T09:00:00Z',
        kind: 'call',
        summary: '讨论联合实验室的选址',
      });

      const steps: number[] = [];
      rebuildSearchIndex(rt.store.sqlite, (p) => steps.push(p.done), 100);
      expect(steps.length).toBeGreaterThan(2);
      expect(pendingSearchTables(rt.store.sqlite).size).toBe(0);
      const indexed = (rt.store.sqlite.prepare('SELECT count(*) AS n FROM search_touchpoints').get() as { n: number }).n;
      expect(indexed).toBe((rt.store.sqlite.prepare('SELECT count(*) AS n FROM touchpoints WHERE deleted_at IS NULL').get() as { n: number }).n);
      expect((await search(rt, '采购')).touchpoints.length).toBe(before.short);
      expect((await search(rt, '联合实验室')).touchpoints).toHaveLength(1);
      expect((await search(rt, '选址')).touchpoints).toHaveLength(1);
    } finally {
      rt.close();
    }
  });

  it('a sync round leaves many new rows to the catch-up after it (found by scanning meanwhile), and indexes a few at once', async () => {
    const root = tempDir();
    const share = new Share(join(root, 'share'));
    const a = openRuntime(join(root, 'a'), 'cli');
    const b = openRuntime(join(root, 'b'), 'cli');
    const round = (rt: ReturnType<typeof openRuntime>) =>
      new SyncEngine(rt.store.sqlite, share, { appVersion: '1.0.0', schemaVersion: rt.store.schemaVersion }).round();
    const indexed = (rt: ReturnType<typeof openRuntime>) => (rt.store.sqlite.prepare('SELECT count(*) AS n FROM search_touchpoints').get() as { n: number }).n;
    const write = (from: number, count: number) => {
      const changes = new ChangeLog(a.store.sqlite);
      a.store.sqlite.transaction(() => {
        const account = changes.insert('accounts', { name: '宁德时代' });
        for (let i = from; i < from + count; i++)
          changes.insert('touchpoints', { account_id: account, at: '2026-11-20T09:00:00Z', kind: 'call', summary: `第${i}次拜访 讨论样品${i}号` });
      })();
    };
    try {
      write(0, DEFER_SEARCH_ROWS + 200);
      round(a);
      expect(round(b).applied).toBeGreaterThan(DEFER_SEARCH_ROWS);
      // The rows are there before they are indexed; the accounts (two rows) were indexed as they came.
      expect(pendingSearchTables(b.store.sqlite)).toEqual(new Set(['touchpoints']));
      expect(indexed(b)).toBe(0);
      expect((await search(b, '样品1150号')).touchpoints).toHaveLength(1);
      expect((await search(b, '宁德时代')).accounts).toHaveLength(1);

      const steps: number[] = [];
      afterRound(b.store.sqlite, (p) => steps.push(p.done));
      expect(steps.at(-1)).toBe(DEFER_SEARCH_ROWS + 200);
      expect(pendingSearchTables(b.store.sqlite).size).toBe(0);
      expect(indexed(b)).toBe(DEFER_SEARCH_ROWS + 200);
      expect((await search(b, '样品1150号')).touchpoints).toHaveLength(1);

      // A few new rows are indexed by the round itself.
      write(5000, 3);
      round(a);
      round(b);
      expect(pendingSearchTables(b.store.sqlite).size).toBe(0);
      expect(indexed(b)).toBe(DEFER_SEARCH_ROWS + 203);
      expect((await search(b, '样品5002号')).touchpoints).toHaveLength(1);
    } finally {
      a.close();
      b.close();
    }
  });
});
