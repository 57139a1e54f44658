/**
 * A new laptop's first round as the app runs it: the core on its thread (out/electron/core-worker.cjs),
 * the round on the sync thread (sync-worker.cjs), the snapshot read on a thread of its own
 * (snapshot-worker.cjs): `npm run build` first. What the round brought is told (data.changed)
 * before the round ends, and everything arrives.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreClient } from '../../electron/host/core-client';
import { coreWorkerFile, snapshotWorkerFile, syncWorkerFile } from '../../electron/host/paths';
import { openRuntime, startRuntimeCore } from '../../electron/host/runtime';
import type { AppEvent } from '../../shared/events';
import type { SyncSummary } from '../../shared/sync';
import { ACK_FILE, DEVICES_DIR } from '../../electron/sync/share';
import { valueOf as value } from '../helpers/domain-fixtures';
import { tempDir } from '../helpers/temp';

const cores: CoreClient[] = [];

afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop();
});

describe('sync on the app’s threads', () => {
  beforeAll(() => {
    for (const file of [coreWorkerFile, syncWorkerFile, snapshotWorkerFile])
      if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
  });

  it('bootstraps a new laptop from a snapshot, and tells what it brought before the round ends', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const a = openRuntime(tempDir(), 'cli');
    const aDevice = a.store.deviceId;
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
    // Choosing the share starts a round in the background, as in the app: its end is told in the status.
    const told: string[] = [];
    const ended = new Promise<SyncSummary>((resolve) =>
      b.onEvent((event: AppEvent) => {
        if (event.type === 'data.changed' && event.areas.includes('accounts')) told.push('data.changed');
        if (event.type === 'sync.status' && event.status.state === 'idle' && event.status.lastSummary) {
          told.push('idle');
          resolve(event.status.lastSummary);
        }
      }),
    );
    value(await b.call('sync.configure', { shareDir: share }));
    const summary = await ended;
    expect(summary.bootstrapped).toBe(true);
    expect(summary.quarantined).toBe(0);
    // What it brought is told before the round ends (as soon as it committed: sync-service.test.ts shows the order).
    expect(told.indexOf('data.changed')).toBeGreaterThan(-1);
    expect(told.indexOf('data.changed')).toBeLessThan(told.indexOf('idle'));
    expect(value<unknown[]>(await b.call('accounts.list', {}))).toHaveLength(300);
    // The bootstrap's round acknowledged nothing; the round that follows at once does.
    const info = value<{ deviceId: string }>(await b.call('sync.status', {}));
    const ack = join(share, DEVICES_DIR, info.deviceId, ACK_FILE);
    await vi.waitFor(() => expect(existsSync(ack)).toBe(true), { timeout: 20_000, interval: 50 });
    expect((JSON.parse(readFileSync(ack, 'utf8')) as { vv: Record<string, number> }).vv[aDevice]).toBeGreaterThan(0);
  });
});
