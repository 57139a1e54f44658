import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../electron/host/runtime';
import { pendingSearchTables } from '../../electron/store/search-index';
import type { Result } from '../../shared/result';
import type { SyncStatus } from '../../shared/sync';
import { tempDir } from '../helpers/temp';

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

describe('sync as the app runs it', () => {
  it('refuses a relative or missing share folder in the caller language and keeps sync off', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    try {
      const relative = await rt.dispatch('sync.configure', { shareDir: 'share' }, { locale: 'en' });
      expect(relative.ok ? '' : relative.error.message).toMatch(/not a full folder path/);
      const missing = await rt.dispatch('sync.configure', { shareDir: '/no/such/folder' }, { locale: 'zh-CN' });
      expect(missing.ok ? '' : missing.error.message).toMatch(/不存在或无法写入/);
      expect(value<SyncStatus>(await rt.dispatch('sync.status', {})).state).toBe('off');
    } finally {
      rt.close();
    }
  });

  it('counts records (not fields) waiting to be shared, syncs, and says so plainly when the share goes away', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    try {
      value(await rt.dispatch('sync.configure', { shareDir: share }));
      value(await rt.dispatch('accounts.create', { name: 'ACME', industry: 'chemicals', region: 'Europe' }));
      let status = value<SyncStatus>(await rt.dispatch('sync.status', {}));
      // One account (with its level-history row) is two records, whatever the number of fields.
      expect(status.pendingLocal).toBe(2);
      expect(status.state).toBe('idle');
      value(await rt.dispatch('sync.run', {}));
      status = value<SyncStatus>(await rt.dispatch('sync.status', {}));
      expect(status.pendingLocal).toBe(0);
      expect(status.lastSyncAt).not.toBeNull();

      rmSync(share, { recursive: true });
      const run = await rt.dispatch('sync.run', {}, { locale: 'en' });
      expect(run.ok ? '' : run.error.code).toBe('unavailable');
      expect(run.ok ? '' : run.error.message).toMatch(/cannot be reached.*saved on this laptop/);
      expect(value<SyncStatus>(await rt.dispatch('sync.status', {})).state).toBe('unreachable');
      // Work goes on locally.
      expect((await rt.dispatch('accounts.create', { name: 'Offline Ltd' })).ok).toBe(true);

      // Choosing a folder again starts from a clean slate.
      mkdirSync(share);
      value(await rt.dispatch('sync.configure', { shareDir: share }));
      status = value<SyncStatus>(await rt.dispatch('sync.status', {}));
      expect(status.state).toBe('idle');
      expect(status.lastError).toBeNull();
    } finally {
      rt.close();
    }
  });

  it('shows what a bootstrap brought as soon as its round has committed, before the search indexes are filled', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const a = openRuntime(tempDir(), 'cli');
    const b = openRuntime(tempDir(), 'cli');
    try {
      for (const rt of [a, b]) value(await rt.dispatch('sync.configure', { shareDir: share }));
      for (let i = 0; i < 20; i++) value(await a.dispatch('accounts.create', { name: `客户 ${i}` }));
      expect(a.sync.runOnce({ forceSnapshot: true }).snapshotWritten).toMatch(/^snap-/);
      // What the store holds for search as each event is told.
      const events: string[] = [];
      const off = b.onEvent((e) => {
        if (e.type === 'data.changed' || e.type === 'sync.status')
          events.push(
            `${e.type === 'data.changed' ? e.type : e.status.state}${pendingSearchTables(b.store.sqlite).size > 0 ? ' (search indexes to fill)' : ''}`,
          );
      });
      expect(b.sync.runOnce().bootstrapped).toBe(true);
      off();
      // The data is shown while the round still fills the search indexes (searching scans meanwhile).
      expect(events).toEqual(['syncing', 'data.changed (search indexes to fill)', 'idle']);
      const found = value<{ totals: { accounts: { count: number } } }>(await b.dispatch('search.query', { text: '客户', kinds: ['account'] }));
      expect(found.totals.accounts.count).toBe(20);
    } finally {
      a.close();
      b.close();
    }
  });

  it('settles a conflict only on a synced table and field', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    try {
      const bogus = await rt.dispatch('conflicts.resolve', { table: 'accounts; DROP TABLE accounts', rowId: 'x', field: 'name', keep: 'c' });
      expect(value<{ resolved: boolean }>(bogus).resolved).toBe(false);
      const secret = await rt.dispatch('conflicts.resolve', { table: 'local_meta', rowId: 'deviceId', field: 'value', keep: 'c' });
      expect(value<{ resolved: boolean }>(secret).resolved).toBe(false);
      expect((rt.store.sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'accounts'").get() as { n: number }).n).toBe(1);
    } finally {
      rt.close();
    }
  });
});
