import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../electron/host/runtime';
import { deferSearchIndex, pendingSearchTables, rebuildSearchIndex, spaced } from '../../electron/store/search-index';
import { ChangeLog } from '../../electron/sync/changes';
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
});
