/**
 * What durability costs (issue 12): a typical user write (a touchpoint logged through the
 * dispatcher, with its health recompute and search upkeep, on a store holding the sample data)
 * with `synchronous = FULL` (every commit syncs the WAL: an acknowledged write survives power
 * loss) and with NORMAL (syncs only at checkpoints: the last commits can be lost with power, never
 * corrupted). The store is on the real disk (the OS temp folder; RAPPORT_BENCH_DIR to choose),
 * not a RAM disk, or the figures mean nothing. The choice and its reason: electron/store/README.md.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupWorkerFile } from '../../electron/host/paths';
import { openRuntime } from '../../electron/host/runtime';
import { useBackupWorker } from '../../electron/services/backup-verify';
import type { Report } from './run';

const WRITES = 200;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** A store with the sample data, its commits synced as `mode` says. */
async function storeWith(mode: 'FULL' | 'NORMAL') {
  const dir = mkdtempSync(join(process.env.RAPPORT_BENCH_DIR ?? tmpdir(), 'rapport-bench-store-'));
  const runtime = openRuntime(dir, 'cli');
  const loaded = await runtime.dispatch('demo.load', {});
  if (!loaded.ok) throw new Error(loaded.error.message);
  runtime.store.sqlite.pragma(`synchronous = ${mode}`);
  const accounts = await runtime.dispatch('accounts.list', {});
  if (!accounts.ok) throw new Error(accounts.error.message);
  const ids = (accounts.value as { id: string }[]).map((a) => a.id);
  const times: number[] = [];
  return {
    times,
    async write(i: number) {
      const started = performance.now();
      const made = await runtime.dispatch('touchpoints.create', {
        accountId: ids[i % ids.length],
        at: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
        kind: 'meeting',
        summary: `Quarterly review ${i}: pricing, the renewal and the new plant`,
      });
      times.push(performance.now() - started);
      if (!made.ok) throw new Error(made.error.message);
    },
    close() {
      runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function run(report: Report): Promise<void> {
  const full = await storeWith('FULL');
  const normal = await storeWith('NORMAL');
  try {
    // Alternated, so a busy moment of the machine weighs on both alike.
    for (let i = 0; i < WRITES; i++) {
      await full.write(i);
      await normal.write(i);
    }
  } finally {
    full.close();
    normal.close();
  }
  report('store.write_full_p95', percentile(full.times, 95), 'ms', { op: '<=', value: 20 });
  report('store.write_full_p50', percentile(full.times, 50), 'ms', { op: '<=', value: 20 });
  report('store.write_normal_p95', percentile(normal.times, 95), 'ms', { op: '<=', value: 20 });
  report('store.write_normal_p50', percentile(normal.times, 50), 'ms', { op: '<=', value: 20 });
  await backupOfLargeStore(report);
}

/**
 * A backup of a large store (the sample data at its largest: 10,000 accounts, 20,000 people,
 * 100,000 touchpoints) as the app takes it: its time, and the longest the core's thread was held
 * (the copy runs in steps; the check reads both stores' content and canonical export at once).
 */
async function backupOfLargeStore(report: Report): Promise<void> {
  const dir = mkdtempSync(join(process.env.RAPPORT_BENCH_DIR ?? tmpdir(), 'rapport-bench-backup-'));
  // Loaded by one core, backed up by a fresh one: what follows a load of this size on its core
  // (the health recompute job, counting what waits to be shared) is not the backup's to measure.
  const loader = openRuntime(dir, 'cli');
  try {
    const loaded = await loader.dispatch('demo.load', { accounts: 10_000, people: 20_000, touchpoints: 100_000 });
    if (!loaded.ok) throw new Error(loaded.error.message);
  } finally {
    await loader.stop();
  }
  const runtime = openRuntime(dir, 'cli');
  // As the app runs it: the check on its own thread (the bundle `npm run build` makes).
  if (existsSync(backupWorkerFile)) useBackupWorker(backupWorkerFile);
  else console.error('# no out/electron/backup-worker.cjs (npm run build): the check runs on this thread');
  try {
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const made = await runtime.dispatch('backup.create', {});
    const took = performance.now() - started;
    clearInterval(ticker);
    if (!made.ok) throw new Error(made.error.message);
    const { bytes } = made.value as { bytes: number };
    console.error(`# backup of ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    report('backup.create_large', took, 'ms', { op: '<=', value: 30_000 });
    report('backup.longest_hold_large', longest, 'ms', { op: '<=', value: 5_000 });
  } finally {
    useBackupWorker(undefined);
    runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
