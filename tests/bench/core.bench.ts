/**
 * Core benchmarks (`npm run bench -- core`; run `npm run build` first, it writes the core worker).
 * Issue 10: the UI stays responsive whatever the store is doing; long jobs never hold one
 * transaction for more than ~100 ms of work while the user is typing. Figures:
 *
 *   core.call_during_job.p95 / .max  latency of the small calls a typing user triggers (app.info,
 *                             people.list of one account, portfolio.list first page in zh-CN order),
 *                             one every ~20 ms from the routing thread, while a demo.load at the
 *                             contract's maximum counts runs on the core's thread
 *   core.routing_thread_lag.max  the routing (main) thread's worst event-loop delay during that job
 *                             (perf_hooks monitorEventLoopDelay, its timer interval taken off)
 *   core.job_chunk.max        the longest single transaction of that job (BEGIN IMMEDIATE to COMMIT)
 *   core.demo_load.rate       the job's units (accounts + people + touchpoints) per second, call to answer
 *   core.cancel_latency       jobs.cancel sent until the job's call fails with `cancelled`
 *   core.stop_during_job      the core's stop() while a job runs until its thread has exited
 *
 * The core is the real one, started with startCore on a temporary data folder (removed at the end):
 * the bundled out/electron/core-worker.cjs, loaded through a small shim that times each outermost
 * better-sqlite3 transaction and tells the durations on a BroadcastChannel (the job runner's chunks
 * are its only IMMEDIATE transactions). Latency by call, the longest gap between two answers and
 * the job's progress go to stderr.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BroadcastChannel } from 'node:worker_threads';
import { startCore, type CoreClient } from '../../electron/host/core-client';
import { appVersion, coreWorkerFile, migrationsDir } from '../../electron/host/paths';
import type { z } from 'zod';
import type { DemoLoadInput } from '../../shared/domain';
import type { AppEvent } from '../../shared/events';
import type { Result } from '../../shared/result';
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
const CHANNEL = 'rapport-bench-core-transactions';

const log = (...args: unknown[]) => console.error('  ', ...args);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of unsorted values. */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const round = (ms: number) => Math.round(ms * 10) / 10;

interface TransactionTiming {
  variant: 'default' | 'deferred' | 'immediate' | 'exclusive';
  ms: number;
}

/**
 * The core worker as the app runs it, with each outermost transaction timed (commit included).
 * better-sqlite3's transaction functions have read-only properties, so a wrapper stands in for them.
 */
function shimSource(sqliteModule: string): string {
  return `'use strict';
const { BroadcastChannel } = require('node:worker_threads');
const Database = require(${JSON.stringify(sqliteModule)});
const channel = new BroadcastChannel(${JSON.stringify(CHANNEL)});
channel.unref();
const transaction = Database.prototype.transaction;
Database.prototype.transaction = function (fn) {
  const tx = transaction.call(this, fn);
  const db = this;
  const timed = (variant, run) =>
    function (...args) {
      if (db.inTransaction) return run.apply(this, args);
      const start = performance.now();
      try {
        return run.apply(this, args);
      } finally {
        channel.postMessage({ variant, ms: performance.now() - start });
      }
    };
  const wrapped = timed('default', tx);
  for (const variant of ['deferred', 'immediate', 'exclusive']) wrapped[variant] = timed(variant, tx[variant]);
  wrapped.database = db;
  return wrapped;
};
require(${JSON.stringify(coreWorkerFile)});
`;
}

export async function run(report: Report): Promise<void> {
  if (!existsSync(coreWorkerFile)) throw new Error(`${coreWorkerFile} is missing: run \`npm run build\` first.`);
  const root = mkdtempSync(join(tmpdir(), 'rapport-bench-core-'));
  const workerFile = join(root, 'core-worker-timed.cjs');
  writeFileSync(workerFile, shimSource(createRequire(import.meta.url).resolve('better-sqlite3')));
  const transactions: TransactionTiming[] = [];
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (message) => transactions.push((message as MessageEvent<TransactionTiming>).data);
  const core = startCore({
    workerFile,
    core: { dataDir: join(root, 'data'), migrationsDir, mode: 'browser', version: appVersion(), defaultLocale: LOCALE },
  });
  try {
    await core.ready;
    const seeded = await core.call('demo.load', SEED);
    if (!seeded.ok) throw new Error(`seeding failed: ${seeded.error.message}`);
    const first = await core.call('portfolio.list', { limit: 1 }, { locale: LOCALE });
    if (!first.ok) throw new Error(`portfolio.list failed: ${first.error.message}`);
    const accountId = (first.value as { rows: { id: string }[] }).rows[0]!.id;
    await sleep(100); // the seed's transaction timings arrive on their own channel
    transactions.length = 0;

    await responsiveness(report, core, accountId, transactions);
    await cancelLatency(report, core);
    await stopDuringJob(report, core);
  } finally {
    if (core.state !== 'stopped') await core.stop();
    channel.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** The running demo job's id, from its first progress event past `minDone` records. */
function jobStarted(core: CoreClient, minDone = 1): Promise<string> {
  return new Promise((resolve) => {
    const off = core.onEvent((event: AppEvent) => {
      if (event.type === 'job.progress' && event.job.kind === 'demo' && event.job.state === 'running' && event.job.done >= minDone) {
        off();
        resolve(event.job.id);
      }
    });
  });
}

async function responsiveness(report: Report, core: CoreClient, accountId: string, transactions: TransactionTiming[]): Promise<void> {
  const calls: [string, () => Promise<Result<unknown>>][] = [
    ['app.info', () => core.call('app.info', {}, { locale: LOCALE })],
    ['people.list', () => core.call('people.list', { accountId }, { locale: LOCALE })],
    ['portfolio.list', () => core.call('portfolio.list', { offset: 0, limit: 100 }, { locale: LOCALE })],
  ];
  const latency = new Map<string, number[]>(calls.map(([name]) => [name, []]));
  const failures: string[] = [];
  const answeredAt: number[] = [];
  const progress: { at: number; done: number }[] = [];
  const off = core.onEvent((event) => {
    if (event.type === 'job.progress' && event.job.kind === 'demo') progress.push({ at: performance.now(), done: event.job.done });
  });

  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  lag.enable();
  const start = performance.now();
  const job = core.call('demo.load', MAX_DEMO, { locale: LOCALE }).then((result) => ({ result, at: performance.now() }));
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
  const { result, at: end } = await job;
  running = false;
  clearInterval(timer);
  await Promise.all(pending);
  lag.disable();
  off();
  await sleep(100); // the last transaction timings
  if (!result.ok) throw new Error(`demo.load failed: ${result.error.code} ${result.error.message}`);

  const seconds = (end - start) / 1000;
  const all = [...latency.values()].flat();
  for (const [name, values] of latency) {
    log(`${name}: ${values.length} calls, p50 ${round(percentile(values, 50))} p95 ${round(percentile(values, 95))} max ${round(Math.max(...values))} ms`);
  }
  if (failures.length > 0) log(`${failures.length} calls failed, first: ${failures[0]}`);
  let gap = 0;
  answeredAt.sort((a, b) => a - b);
  for (let i = 1; i < answeredAt.length; i++) gap = Math.max(gap, answeredAt[i]! - answeredAt[i - 1]!);
  log(`longest gap between two answers: ${round(gap)} ms (calls sent every ${CALL_EVERY_MS} ms)`);
  const chunks = transactions.filter((t) => t.variant === 'immediate').map((t) => t.ms);
  const others = transactions.filter((t) => t.variant !== 'immediate').map((t) => t.ms);
  log(
    `job: ${UNITS} units in ${seconds.toFixed(1)} s, ${chunks.length} chunks: p50 ${round(percentile(chunks, 50))} p95 ${round(percentile(chunks, 95))} max ${round(Math.max(...chunks))} ms;` +
      ` ${others.length} other transactions, max ${others.length ? round(Math.max(...others)) : 0} ms; ${progress.length} progress events`,
  );
  log(`result: ${JSON.stringify(result.value)}`);

  report('core.call_during_job.p95', round(percentile(all, 95)), 'ms', { op: '<=', value: 100 });
  report('core.call_during_job.max', round(Math.max(...all)), 'ms', { op: '<=', value: 250 });
  report('core.routing_thread_lag.max', round(Math.max(0, lag.max / 1e6 - LAG_RESOLUTION_MS)), 'ms', { op: '<=', value: 20 });
  report('core.job_chunk.max', round(Math.max(...chunks)), 'ms', { op: '<=', value: 100 });
  report('core.demo_load.rate', Math.round(UNITS / seconds), 'records/s', { op: '>=', value: 5000 });
}

async function cancelLatency(report: Report, core: CoreClient): Promise<void> {
  const started = jobStarted(core);
  const job = core.call('demo.load', MAX_DEMO, { locale: LOCALE }).then((result) => ({ result, at: performance.now() }));
  const id = await started;
  await sleep(INTO_JOB_MS);
  const sent = performance.now();
  const cancel = await core.call('jobs.cancel', { id });
  const { result, at } = await job;
  if (!cancel.ok || !(cancel.value as { cancelled: boolean }).cancelled) log(`jobs.cancel answered ${JSON.stringify(cancel)}`);
  if (result.ok || result.error.code !== 'cancelled') throw new Error(`the cancelled job answered ${JSON.stringify(result)}`);
  report('core.cancel_latency', round(at - sent), 'ms', { op: '<=', value: 200 });
}

async function stopDuringJob(report: Report, core: CoreClient): Promise<void> {
  const started = jobStarted(core);
  const job = core.call('demo.load', MAX_DEMO, { locale: LOCALE });
  await started;
  await sleep(INTO_JOB_MS);
  const sent = performance.now();
  await core.stop();
  const stopped = performance.now() - sent;
  const result = await job;
  log(`the job's call answered: ${result.ok ? 'ok' : result.error.code}; core ${core.state}`);
  report('core.stop_during_job', round(stopped), 'ms', { op: '<=', value: 1000 });
}
