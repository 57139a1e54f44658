/**
 * A new laptop's first round as the app runs it: the core on its thread (out/electron/core-worker.cjs),
 * the round on the sync thread (sync-worker.cjs), the snapshot read on a thread of its own
 * (snapshot-worker.cjs): `npm run build` first. What the round brought is told (data.changed)
 * before the round's call answers, and everything arrives.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../electron/host/core-client';
import { coreWorkerFile, snapshotWorkerFile, syncWorkerFile } from '../../electron/host/paths';
import { openRuntime, startRuntimeCore } from '../../electron/host/runtime';
import type { Account } from '../../shared/domain';
import type { AppEvent } from '../../shared/events';
import type { Result } from '../../shared/result';
import type { SyncSummary } from '../../shared/sync';
import { tempDir } from '../helpers/temp';

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

const cores: CoreClient[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop();
});

describe('sync on the app’s threads', () => {
  beforeAll(() => {
    for (const file of [coreWorkerFile, syncWorkerFile, snapshotWorkerFile])
      if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
  });

  it('bootstraps a new laptop from a snapshot, and tells what it brought before the round answers', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const a = openRuntime(tempDir(), 'cli');
    try {
      value(await a.dispatch('sync.configure', { shareDir: share }));
      for (let i = 0; i < 300; i++) value(await a.dispatch('accounts.create', { name: `客户 ${i}` }));
      expect(a.sync.runOnce({ forceSnapshot: true }).snapshotWritten).toMatch(/^snap-/);
    } finally {
      a.close();
    }

    const b = startRuntimeCore(tempDir(), 'browser');
    cores.push(b);
    await b.ready;
    value(await b.call('sync.configure', { shareDir: share }));
    const told: string[] = [];
    b.onEvent((event: AppEvent) => {
      if (event.type === 'data.changed') told.push('data.changed');
    });
    const round = b.call('sync.run', {}).then((r) => {
      told.push('answered');
      return value<SyncSummary>(r);
    });
    const summary = await round;
    expect(summary.bootstrapped).toBe(true);
    expect(summary.quarantined).toBe(0);
    expect(told[0]).toBe('data.changed');
    expect(told).toContain('answered');
    expect(value<Account[]>(await b.call('accounts.list', {}))).toHaveLength(300);
  });
});
