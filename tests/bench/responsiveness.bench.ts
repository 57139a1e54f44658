/**
 * Core benchmarks (`npm run bench -- responsiveness`; run `npm run build` first, it writes the core
 * and sync workers).
 * Issue 10: the UI stays responsive whatever the store is doing; long jobs never hold one
 * transaction for more than ~100 ms of work while the user is typing. Figures:
 *
 *   core.call_during_job.p95 / .max  latency of the small calls a typing user triggers (app.info,
 *                             people.list of one account, portfolio.list first page in zh-CN order),
 *                             one every ~20 ms from the routing thread, while a demo.load at the
 *                             contract's maximum counts runs on the core's thread
 *   core.routing_thread_lag.max  the routing (main) thread's worst event-loop delay during that job
 *                             (perf_hooks monitorEventLoopDelay, its timer interval taken off)
 *   core.job_chunk.max        the longest single transaction of that job, BEGIN IMMEDIATE to COMMIT
 *   core.demo_load.rate       units of that job (accounts + people + touchpoints) per second, wall
 *                             time with the calls above answered meanwhile
 *   core.cancel_latency       jobs.cancel sent until the job's call fails with `cancelled`
 *   core.stop_during_job      the core's stop() while a job runs until its thread has exited
 *   main.lag_p99_during_bootstrap  the routing (main) thread's event-loop delay, p99, while a new
 *                             device's first sync round bootstraps from a share of 5k accounts, 100k
 *                             people and 1M touchpoints of 50 devices (boot-share.ts): a fresh core
 *                             on an empty data folder, its rounds on the sync worker thread as the app
 *                             runs them (out/electron/sync-worker.cjs), no background sync;
 *                             sync.configure, then sync.run through the core client, and an app.info
 *                             call every ~50 ms meanwhile (perf_hooks monitorEventLoopDelay at 10 ms
 *                             resolution, nothing taken off). BOOT_SCALE (default 1) multiplies the
 *                             share's row counts, for quick runs; the figure is for scale 1.
 *
 * The core is the real one, started with startCore on a temporary data folder (removed at the end):
 * the bundled out/electron/core-worker.cjs, loaded through a small shim that times each outermost
 * better-sqlite3 transaction (its body and its commit apart) and the store's close, and tells them
 * on a BroadcastChannel. The job runner's chunks are the only IMMEDIATE transactions meanwhile.
 *
 * The job is cut after CORE_BENCH_BUDGET_S seconds (default 70; 0: no limit) so the group stays
 * within ~2 minutes: then it is cancelled, and its rate is of the units it got through.
 * On stderr: latency by call, the longest gap between two answers, chunk body and commit times, the
 * job's own speed (units per second of chunk time), how long the sync status the core tells after
 * each job took, the stop's parts, and the load average (other processes on the machine skew every
 * figure here). For the bootstrap: the scale, the share's build time, the worst lag, app.info's
 * p95 and max, and the round's duration and summary.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BroadcastChannel } from 'node:worker_threads';
import type { z } from 'zod';
import { startCore, type CoreClient } from '../../electron/host/core-client';
import { appVersion, coreWorkerFile, migrationsDir, syncWorkerFile } from '../../electron/host/paths';
import type { DemoLoadInput } from '../../shared/domain';
import type { AppEvent } from '../../shared/events';
import type { Result } from '../../shared/result';
import type { SyncSummary } from '../../shared/sync';
import { buildBootShare } from './boot-share';
import type { Report } from './run';

/** The contract's maximum counts (shared/domain.ts DemoLoadInput). */
const MAX_DEMO = { accounts: 10_000, people: 20_000, touchpoints: 100_000 } satisfies z.input<typeof DemoLoadInput>;
const UNITS = MAX_DEMO.accounts + MAX_DEMO.people + MAX_DEMO.touchpoints;
/** Some accounts with people before the job, so `people.list` has something to list. */
const SEED = { accounts: 30, people: 400, touchpoints: 0 } satisfies z.input<typeof DemoLoadInput>;
const CALL_EVERY_MS = 20;
/** How far into a job cancel and stop are sent. */
const INTO_JOB_MS = 500;
const LOCALE = 'zh-CN';
const LAG_RESOLUTION_MS = 5;
const CHANNEL = 'rapport-bench-core';
const budgetMs = Number(process.env.CORE_BENCH_BUDGET_S ?? 70) * 1000 || Infinity;
const BOOT_LAG_RESOLUTION_MS = 10;
const INFO_EVERY_MS = 50;

const log = (...args: unknown[]) => console.error('  ', ...args);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Milliseconds on a clock all threads share (performance.now() is per thread). */
const clock = () => performance.timeOrigin + performance.now();
const round = (ms: number) => Math.round(ms * 10) / 10;
const load = () => `load average ${loadavg()[0]!.toFixed(1)} on a machine of ${availableParallelism()} cores`;

/** Nearest-rank percentile of unsorted values. */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const max = (values: number[]) => values.reduce((a, b) => Math.max(a, b), 0);

/** What the shim tells: an outermost transaction (`ms` in all, `body` without BEGIN and COMMIT) or a close. */
interface Timing {
  kind: 'default' | 'deferred' | 'immediate' | 'exclusive' | 'close';
  /** When it began, on `clock()`. */
  at: number;
  ms: number;
  body: number;
}

/**
 * The core worker as the app runs it, with each outermost transaction and the close timed.
 * better-sqlite3's transaction functions have read-only properties, so a wrapper stands in for them.
 */
function shimSource(sqliteModule: string): string {
  return `'use strict';
const { BroadcastChannel } = require('node:worker_threads');
const Database = require(${JSON.stringify(sqliteModule)});
const channel = new BroadcastChannel(${JSON.stringify(CHANNEL)});
channel.unref();
const clock = () => performance.timeOrigin + performance.now();
const transaction = Database.prototype.transaction;
Database.prototype.transaction = function (fn) {
  const db = this;
  let body = 0;
  const tx = transaction.call(db, function (...args) {
    const start = performance.now();
    try {
      return fn.apply(this, args);
    } finally {
      body = performance.now() - start;
    }
  });
  const timed = (kind, run) =>
    function (...args) {
      if (db.inTransaction) return run.apply(this, args);
      const at = clock();
      try {
        return run.apply(this, args);
      } finally {
        channel.postMessage({ kind, at, ms: clock() - at, body });
      }
    };
  const wrapped = timed('default', tx);
  for (const kind of ['deferred', 'immediate', 'exclusive']) wrapped[kind] = timed(kind, tx[kind]);
  wrapped.database = db;
  return wrapped;
};
const close = Database.prototype.close;
Database.prototype.close = function () {
  const at = clock();
  try {
    return close.call(this);
  } finally {
    channel.postMessage({ kind: 'close', at, ms: clock() - at, body: 0 });
  }
};
require(${JSON.stringify(coreWorkerFile)});
`;
}

export async function run(report: Report): Promise<void> {
  for (const file of [coreWorkerFile, syncWorkerFile]) if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
  const root = mkdtempSync(join(tmpdir(), 'rapport-bench-core-'));
  const workerFile = join(root, 'core-worker-timed.cjs');
  writeFileSync(workerFile, shimSource(createRequire(import.meta.url).resolve('better-sqlite3')));
  const timings: Timing[] = [];
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (message: unknown) => timings.push((message as { data: Timing }).data);
  const core = startCore({
    workerFile,
    core: { dataDir: join(root, 'data'), migrationsDir, mode: 'browser', version: appVersion(), defaultLocale: LOCALE },
  });
  try {
    log(`${load()} at the start`);
    await core.ready;
    const statusTold = syncStatusTold(core);
    const seeded = await core.call('demo.load', SEED);
    if (!seeded.ok) throw new Error(`seeding failed: ${seeded.error.message}`);
    await statusTold;
    const first = await core.call('portfolio.list', { limit: 1 }, { locale: LOCALE });
    if (!first.ok) throw new Error(`portfolio.list failed: ${first.error.message}`);
    const accountId = (first.value as { rows: { id: string }[] }).rows[0]!.id;

    await responsiveness(report, core, accountId, timings);
    await cancelLatency(report, core);
    await stopDuringJob(report, core, timings);
    await lagDuringBootstrap(report, root);
    log(`${load()} at the end`);
  } finally {
    if (core.state !== 'stopped') await core.stop();
    channel.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** A demo job started: resolves with its id once it is past its first chunk. */
function jobStarted(core: CoreClient): Promise<string> {
  return new Promise((resolve) => {
    const off = core.onEvent((event: AppEvent) => {
      if (event.type === 'job.progress' && event.job.kind === 'demo' && event.job.state === 'running' && event.job.done > 0) {
        off();
        resolve(event.job.id);
      }
    });
  });
}

/**
 * The sync status the core tells after a write call (services/sync.ts changedLocally: 100 ms
 * later, computed on the core's thread). Awaited between parts, so one part's status query does
 * not land in the next part's measurement; resolves with when it came, on `clock()`.
 */
function syncStatusTold(core: CoreClient, timeoutMs = 20_000): Promise<number> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      log(`no sync status told within ${timeoutMs} ms`);
      resolve(clock());
    }, timeoutMs);
    const off = core.onEvent((event: AppEvent) => {
      if (event.type === 'sync.status') {
        clearTimeout(timer);
        off();
        resolve(clock());
      }
    });
  });
}

async function responsiveness(report: Report, core: CoreClient, accountId: string, timings: Timing[]): Promise<void> {
  const calls: [string, () => Promise<Result<unknown>>][] = [
    ['app.info', () => core.call('app.info', {}, { locale: LOCALE })],
    ['people.list', () => core.call('people.list', { accountId }, { locale: LOCALE })],
    ['portfolio.list', () => core.call('portfolio.list', { offset: 0, limit: 100 }, { locale: LOCALE })],
  ];
  const latency = new Map<string, number[]>(calls.map(([name]) => [name, []]));
  const failures: string[] = [];
  const answeredAt: number[] = [];
  let done = 0;
  let jobId: string | null = null;
  const off = core.onEvent((event) => {
    if (event.type !== 'job.progress' || event.job.kind !== 'demo') return;
    jobId ??= event.job.id;
    done = event.job.done;
  });

  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  lag.enable();
  const start = clock();
  const job = core.call('demo.load', MAX_DEMO, { locale: LOCALE });
  let running = true;
  const pending = new Set<Promise<void>>();
  let next = 0;
  const timer = setInterval(() => {
    if (!running) return;
    const [name, call] = calls[next++ % calls.length]!;
    const sent = performance.now();
    const answer = call().then((result) => {
      const at = performance.now();
      answeredAt.push(at);
      latency.get(name)!.push(at - sent);
      if (!result.ok) failures.push(`${name}: ${result.error.code} ${result.error.message}`);
      pending.delete(answer);
    });
    pending.add(answer);
  }, CALL_EVERY_MS);
  let cut = false;
  const budget = setTimeout(() => {
    cut = true;
    if (jobId) void core.call('jobs.cancel', { id: jobId });
  }, budgetMs);
  const result = await job;
  const end = clock();
  clearTimeout(budget);
  const statusTold = syncStatusTold(core);
  running = false;
  clearInterval(timer);
  await Promise.all(pending);
  lag.disable();
  off();
  const toldAt = await statusTold;
  if (!result.ok && !(cut && result.error.code === 'cancelled')) throw new Error(`demo.load failed: ${result.error.code} ${result.error.message}`);
  if (result.ok) done = UNITS;

  const seconds = (end - start) / 1000;
  const all = [...latency.values()].flat();
  for (const [name, values] of latency) {
    log(`${name}: ${values.length} calls, p50 ${round(percentile(values, 50))} p95 ${round(percentile(values, 95))} max ${round(max(values))} ms`);
  }
  if (failures.length > 0) log(`${failures.length} calls failed, first: ${failures[0]}`);
  let gap = 0;
  answeredAt.sort((a, b) => a - b);
  for (let i = 1; i < answeredAt.length; i++) gap = Math.max(gap, answeredAt[i]! - answeredAt[i - 1]!);
  log(`longest gap between two answers: ${round(gap)} ms (a call sent every ${CALL_EVERY_MS} ms)`);
  const chunks = timings.filter((t) => t.kind === 'immediate' && t.at >= start && t.at <= end);
  const ms = chunks.map((t) => t.ms);
  const chunkSeconds = ms.reduce((a, b) => a + b, 0) / 1000;
  log(
    `job: ${done} of ${UNITS} units in ${seconds.toFixed(1)} s${cut ? ` (cut after ${budgetMs / 1000} s)` : ''}, ${chunks.length} chunks` +
      ` (p50 ${round(percentile(ms, 50))} p95 ${round(percentile(ms, 95))} max ${round(max(ms))} ms; longest body ${round(max(chunks.map((t) => t.body)))} ms,` +
      ` longest commit ${round(max(chunks.map((t) => t.ms - t.body)))} ms) = ${chunkSeconds.toFixed(1)} s in chunks, ${Math.round(done / chunkSeconds)} units per second of chunk time`,
  );
  log(`sync status told ${Math.round(toldAt - end)} ms after the job's answer (100 ms coalescing, then its query on the core's thread)`);
  log(load());

  report('core.call_during_job.p95', round(percentile(all, 95)), 'ms', { op: '<=', value: 100 });
  report('core.call_during_job.max', round(max(all)), 'ms', { op: '<=', value: 250 });
  report('core.routing_thread_lag.max', round(Math.max(0, lag.max / 1e6 - LAG_RESOLUTION_MS)), 'ms', { op: '<=', value: 20 });
  report('core.job_chunk.max', round(max(ms)), 'ms', { op: '<=', value: 100 });
  report('core.demo_load.rate', Math.round(done / seconds), 'records/s', { op: '>=', value: 5000 });
}

async function cancelLatency(report: Report, core: CoreClient): Promise<void> {
  const started = jobStarted(core);
  const job = core.call('demo.load', MAX_DEMO, { locale: LOCALE }).then((result) => ({ result, at: performance.now() }));
  const id = await started;
  await sleep(INTO_JOB_MS);
  const statusTold = syncStatusTold(core);
  const sent = performance.now();
  const cancel = await core.call('jobs.cancel', { id });
  const { result, at } = await job;
  await statusTold;
  if (!cancel.ok || !(cancel.value as { cancelled: boolean }).cancelled) log(`jobs.cancel answered ${JSON.stringify(cancel)}`);
  if (result.ok || result.error.code !== 'cancelled') throw new Error(`the cancelled job answered ${JSON.stringify(result)}`);
  report('core.cancel_latency', round(at - sent), 'ms', { op: '<=', value: 200 });
}

async function stopDuringJob(report: Report, core: CoreClient, timings: Timing[]): Promise<void> {
  const started = jobStarted(core);
  const job = core.call('demo.load', MAX_DEMO, { locale: LOCALE }).then((result) => ({ result, at: clock() }));
  await started;
  await sleep(INTO_JOB_MS);
  const sent = clock();
  await core.stop();
  const exited = clock();
  const { result, at } = await job;
  await sleep(50); // the close's timing, on its own channel
  const close = timings.find((t) => t.kind === 'close' && t.at >= sent);
  const lastChunk = timings.filter((t) => t.kind === 'immediate' && t.at < exited).at(-1);
  log(
    `stop: the job's call answered ${result.ok ? 'ok' : result.error.code} after ${Math.round(at - sent)} ms` +
      (lastChunk ? `, its last chunk ended after ${Math.round(lastChunk.at + lastChunk.ms - sent)} ms` : '') +
      (close ? `, the store closed after ${Math.round(close.at - sent)} ms (the close took ${Math.round(close.ms)} ms)` : '') +
      `, the thread exited after ${Math.round(exited - sent)} ms`,
  );
  report('core.stop_during_job', round(exited - sent), 'ms', { op: '<=', value: 1000 });
}

/**
 * main.lag_p99_during_bootstrap: a fresh core (no shim, the app's own worker files) syncs for the
 * first time from a share of a million rows, the round on the sync worker thread; the routing
 * thread (this one) only hears the core's events and answers, and sends app.info meanwhile.
 */
async function lagDuringBootstrap(report: Report, root: string): Promise<void> {
  const scale = Number(process.env.BOOT_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`BOOT_SCALE must be a positive number, not ${process.env.BOOT_SCALE}`);
  log(`bootstrap: share at scale ${scale}${scale === 1 ? '' : ' (BOOT_SCALE; the goal is for scale 1)'}`);
  const shareDir = join(root, 'boot-share');
  const t = performance.now();
  const built = buildBootShare(shareDir, root, migrationsDir, scale);
  log(
    `bootstrap: share of ${built.counts.map(([table, n]) => `${n} ${table}`).join(', ')} (+ ${built.tailInserts} touchpoints in the tail) built in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const core = startCore({
    workerFile: coreWorkerFile,
    core: {
      dataDir: join(root, 'boot-data'),
      migrationsDir,
      mode: 'browser',
      version: appVersion(),
      defaultLocale: LOCALE,
      syncWorkerFile,
      backgroundSync: false,
    },
  });
  try {
    await core.ready;
    const configured = await core.call('sync.configure', { shareDir }, { locale: LOCALE });
    if (!configured.ok) throw new Error(`sync.configure failed: ${configured.error.code} ${configured.error.message}`);
    await sleep(300); // the status the configure tells, before the measurement

    const latency: number[] = [];
    const failures: string[] = [];
    const pending = new Set<Promise<void>>();
    const lag = monitorEventLoopDelay({ resolution: BOOT_LAG_RESOLUTION_MS });
    lag.enable();
    const start = performance.now();
    const syncing = core.call('sync.run', {}, { locale: LOCALE });
    const timer = setInterval(() => {
      const sent = performance.now();
      const answer = core.call('app.info', {}, { locale: LOCALE }).then((result) => {
        latency.push(performance.now() - sent);
        if (!result.ok) failures.push(`${result.error.code} ${result.error.message}`);
        pending.delete(answer);
      });
      pending.add(answer);
    }, INFO_EVERY_MS);
    const result = await syncing;
    const seconds = (performance.now() - start) / 1000;
    clearInterval(timer);
    lag.disable();
    await Promise.all(pending);
    if (!result.ok) throw new Error(`sync.run failed: ${result.error.code} ${result.error.message}`);
    const summary = result.value as SyncSummary;
    if (!summary.bootstrapped || summary.waiting !== 0 || summary.quarantined !== 0)
      throw new Error(`the round did not bootstrap cleanly: ${JSON.stringify(summary)}`);

    const p99 = lag.percentile(99) / 1e6;
    log(
      `bootstrap: the round took ${seconds.toFixed(1)} s (sync.run sent until answered; ${summary.segmentsApplied} tail segments, ${summary.applied} changes applied)`,
    );
    log(
      `bootstrap: routing thread lag p50 ${round(lag.percentile(50) / 1e6)} p99 ${round(p99)} max ${round(lag.max / 1e6)} ms (resolution ${BOOT_LAG_RESOLUTION_MS} ms, nothing taken off)`,
    );
    log(
      `bootstrap: app.info ${latency.length} calls, p50 ${round(percentile(latency, 50))} p95 ${round(percentile(latency, 95))} max ${round(max(latency))} ms (one every ${INFO_EVERY_MS} ms)`,
    );
    if (failures.length > 0) log(`bootstrap: ${failures.length} app.info calls failed, first: ${failures[0]}`);
    log(load());
    report('main.lag_p99_during_bootstrap', round(p99), 'ms', { op: '<=', value: 50 });
  } finally {
    await core.stop();
  }
}
