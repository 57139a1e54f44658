/**
 * The core on its worker thread, as the desktop app and browser mode run it: the real bundled
 * worker (out/electron/core-worker.cjs, `npm run build`), the real store on temporary folders.
 * Long jobs run in chunks with progress and cancel (electron/services/jobs.ts); a stopped or dead
 * core answers every call instead of leaving it waiting (electron/host/core-client.ts).
 *
 * Ordering, never timing: a call made mid-job must be answered before the job's own call is.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoreStartError, startCore, type CoreClient } from '../../electron/host/core-client';
import { appVersion, coreWorkerFile, migrationsDir } from '../../electron/host/paths';
import { openStore, STORE_FILE } from '../../electron/store/open';
import type { AppEvent, JobProgress } from '../../shared/events';
import { translator } from '../../shared/i18n';
import type { Result } from '../../shared/result';
import { tempDir } from '../helpers/temp';

/** The contract's largest sample-data request (shared/domain.ts DemoLoadInput) for people and touchpoints. */
const BIG = { accounts: 2000, people: 20_000, touchpoints: 100_000 };
const BIG_TOTAL = BIG.accounts + BIG.people + BIG.touchpoints;
const zh = translator('zh-CN');

const started: CoreClient[] = [];

function start(dataDir: string): CoreClient {
  const core = startCore({
    workerFile: coreWorkerFile,
    core: { dataDir, migrationsDir, mode: 'browser', version: appVersion(), defaultLocale: 'en' },
  });
  started.push(core);
  return core;
}

/** Every event the core tells from now on, in the order it told them. */
function record(core: CoreClient): AppEvent[] {
  const events: AppEvent[] = [];
  core.onEvent((event) => events.push(event));
  return events;
}

/** The sample-data job's progress (a health recompute the load starts afterwards is a job of its own). */
const jobEvents = (events: AppEvent[]): JobProgress[] => events.flatMap((e) => (e.type === 'job.progress' && e.job.kind === 'demo' ? [e.job] : []));
/** What the sample-data job told as changed (the health recompute it starts afterwards tells `health` with its own). */
const changedEvents = (events: AppEvent[]) => events.flatMap((e) => (e.type === 'data.changed' && !e.areas.includes('health') ? [e.areas] : []));
/** The sample-data jobs still running. */
const demoJobs = async (core: CoreClient) => {
  const listed = await core.call('jobs.list', {});
  return listed.ok ? (listed.value as JobProgress[]).filter((job) => job.kind === 'demo') : listed;
};

/**
 * The first progress of a running job that has committed more than `done` units; fails if the
 * job's call answers first (the job was too small or failed), rather than waiting forever.
 */
function runningPast(core: CoreClient, done: number, job: Promise<Result<unknown>>): Promise<JobProgress> {
  return new Promise((resolve, reject) => {
    const off = core.onEvent((event) => {
      if (event.type === 'job.progress' && event.job.state === 'running' && event.job.done > done) {
        off();
        resolve(event.job);
      }
    });
    void job.then((result) => {
      off();
      reject(new Error(`the job answered before it had done ${done} units: ${JSON.stringify(result)}`));
    });
  });
}

/** A read-only look at the store while (or after) the core has it open. */
function peek<T>(dataDir: string, look: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, STORE_FILE), { readonly: true, fileMustExist: true });
  try {
    return look(db);
  } finally {
    db.close();
  }
}

const countOf = (db: Database.Database, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const orphanPeople = (db: Database.Database) =>
  (db.prepare('SELECT count(*) AS n FROM people p LEFT JOIN accounts a ON a.id = p.account_id WHERE a.id IS NULL').get() as { n: number }).n;

/** The `{{detail}}` of a catalog message may be anything: its words around it are fixed. */
function wordedAs(message: string, template: string) {
  const [before, after] = template.split('\u0000') as [string, string];
  expect(message.startsWith(before), `${message} starts with ${before}`).toBe(true);
  expect(message.endsWith(after), `${message} ends with ${after}`).toBe(true);
}

beforeAll(() => {
  if (!existsSync(coreWorkerFile)) throw new Error(`${coreWorkerFile} is missing: run \`npm run build\` first.`);
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((core) => core.stop()));
});

describe('the core on its worker thread', () => {
  // A 6,100-record demo job on the core's thread: up to 4 s on a loaded 2-core machine.
  it('answers other calls between a job’s chunks, tells its growing progress, its end and the changed areas', async () => {
    const dataDir = tempDir();
    const core = start(dataDir);
    await core.ready;
    expect(core.state).toBe('ready');
    expect(await core.call('app.info', {})).toMatchObject({ ok: true, value: { mode: 'browser', dataDir } });

    const events = record(core);
    const input = { accounts: 100, people: 1000, touchpoints: 5000 };
    const total = input.accounts + input.people + input.touchpoints;
    const order: string[] = [];
    let toldAtAnswer: AppEvent[] = [];
    const job = core.call('demo.load', input).then((result) => {
      order.push('demo.load');
      toldAtAnswer = [...events];
      return result;
    });
    const running = await runningPast(core, 0, job);

    // Calls made mid-job, after a chunk was committed: each is answered while the job still runs.
    const info = await core.call('app.info', {});
    order.push('app.info');
    const listed = await core.call('jobs.list', {});
    order.push('jobs.list');
    expect(order).toEqual(['app.info', 'jobs.list']);
    expect(info).toMatchObject({ ok: true, value: { mode: 'browser' } });
    expect(listed).toMatchObject({ ok: true, value: [{ id: running.id, kind: 'demo', state: 'running', total }] });

    const result = await job;
    expect(order).toEqual(['app.info', 'jobs.list', 'demo.load']);
    // A follow-up for about every tenth touchpoint (the healthy sample account's meetings have none).
    expect(result).toMatchObject({ ok: true, value: { ...input, followUps: expect.any(Number) } });
    const followUps = (result as { value: { followUps: number } }).value.followUps;
    expect(followUps).toBeGreaterThanOrEqual(input.touchpoints / 10 - 2);
    expect(followUps).toBeLessThanOrEqual(input.touchpoints / 10);

    // Progress: started at 0 of the whole, grew chunk by chunk, and ended `done` with all of it.
    const progress = jobEvents(toldAtAnswer);
    expect(progress.every((p) => p.id === running.id && p.kind === 'demo' && p.total === total)).toBe(true);
    expect(progress[0]).toMatchObject({ state: 'running', done: 0 });
    const dones = progress.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(new Set(dones.slice(0, -1)).size).toBeGreaterThanOrEqual(2);
    expect(progress.slice(0, -1).every((p) => p.state === 'running')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ state: 'done', done: total });

    // What the job wrote is told as it goes (at most once a second, so open views fill in) and
    // whole before its answer, which names the same; each telling names only what was written by then.
    const changed = changedEvents(toldAtAnswer);
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed.at(-1)).toEqual(expect.arrayContaining(['members', 'accounts', 'people', 'touchpoints', 'followups']));
    expect(result.changed).toEqual(changed.at(-1));
    for (const areas of changed) for (const area of areas) expect(changed.at(-1)).toContain(area);
    expect(changedEvents(events)).toEqual(changed);
    expect(await demoJobs(core)).toEqual([]);
  }, 60_000);

  // The largest demo job, run past 2,500 records: up to 3 s on a loaded 2-core machine.
  it('cancels a job of the contract’s largest size between chunks, keeping what earlier chunks wrote, consistent', async () => {
    const dataDir = tempDir();
    const core = start(dataDir);
    await core.ready;
    const events = record(core);

    const job = core.call('demo.load', BIG, { locale: 'zh-CN' });
    // Past the accounts and into the people, so what is kept has people to check.
    const running = await runningPast(core, BIG.accounts + 500, job);
    expect(await core.call('jobs.list', {})).toMatchObject({ ok: true, value: [{ id: running.id, kind: 'demo', state: 'running', total: BIG_TOTAL }] });
    expect(await core.call('jobs.cancel', { id: running.id })).toEqual({ ok: true, value: { cancelled: true } });

    const result = await job;
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled', message: zh('errors.cancelled') } });
    expect(result.changed).toEqual(expect.arrayContaining(['accounts', 'people']));
    const last = jobEvents(events).at(-1)!;
    expect(last).toMatchObject({ id: running.id, state: 'cancelled', total: BIG_TOTAL });
    expect(last.done).toBeGreaterThanOrEqual(running.done);
    expect(last.done).toBeLessThan(BIG_TOTAL);
    expect(changedEvents(events).at(-1)).toEqual(result.changed);
    expect(await demoJobs(core)).toEqual([]);
    expect(await core.call('jobs.cancel', { id: running.id })).toEqual({ ok: true, value: { cancelled: false } });

    const kept = peek(dataDir, (db) => ({
      accounts: countOf(db, 'accounts'),
      people: countOf(db, 'people'),
      touchpoints: countOf(db, 'touchpoints'),
      orphans: orphanPeople(db),
      foreignKeys: db.pragma('foreign_key_check'),
    }));
    expect(kept.accounts).toBe(BIG.accounts);
    // Past the accounts by 500 units: people, and the healthy sample account's meetings among them.
    expect(kept.people + kept.touchpoints).toBeGreaterThanOrEqual(500);
    expect(kept.people).toBeGreaterThan(400);
    expect(kept.people).toBeLessThan(BIG.people);
    expect(kept.touchpoints).toBeLessThan(BIG.touchpoints);
    // What the last progress told is exactly what was committed: no chunk half-kept.
    expect(kept.accounts + kept.people + kept.touchpoints).toBe(last.done);
    expect(kept.orphans).toBe(0);
    expect(kept.foreignKeys).toEqual([]);
  }, 60_000);

  // The largest demo job, two core threads and an integrity check: up to 2 s on a loaded 2-core machine.
  it('stops gracefully during a job: the worker ends, later calls answer `unavailable`, the store reopens intact', async () => {
    const dataDir = tempDir();
    const core = start(dataDir);
    await core.ready;
    const job = core.call('demo.load', BIG);
    await runningPast(core, 0, job);

    const stopping = core.stop();
    // A call that reaches a stopping core is answered too, never left waiting.
    const meanwhile = core.call('jobs.list', {});
    await stopping;
    expect(core.state).toBe('stopped');
    // The job stopped after its chunk (answered by the core itself, not by its exit).
    expect(await job).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await meanwhile).toHaveProperty('ok');

    const after = await core.call('app.info', {}, { locale: 'zh-CN' });
    expect(after).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // Stopped on purpose: "closing", not "stopped unexpectedly".
    if (!after.ok) expect(after.error.message).toBe(zh('errors.core_closing'));
    await core.stop();

    // Nothing left in a -wal to grow on: the last connection's close checkpointed it into the store.
    const wal = join(dataDir, `${STORE_FILE}-wal`);
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    const store = openStore({ dataDir, migrationsDir });
    try {
      expect(store.sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(orphanPeople(store.sqlite)).toBe(0);
      expect(countOf(store.sqlite, 'people')).toBeLessThan(BIG.people);
    } finally {
      store.close();
    }
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);

    // And a new core opens it and runs no leftover job.
    const again = start(dataDir);
    await again.ready;
    expect(await again.call('jobs.list', {})).toEqual({ ok: true, value: [] });
    expect(await again.call('app.info', {})).toMatchObject({ ok: true, value: { dataDir } });
  }, 60_000);

  it('rejects `ready` with CoreStartError when the store cannot be opened, and answers every call', async () => {
    const notAFolder = join(tempDir(), 'rapport-data');
    writeFileSync(notAFolder, 'a file where the data folder should be');
    const core = start(notAFolder);
    // Made before the core said anything: it must be answered all the same.
    const early = core.call('app.info', {}, { locale: 'zh-CN' });

    const failure = await core.ready.then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CoreStartError);
    expect((failure as Error).message).toMatch(/EEXIST|ENOTDIR/);

    const first = await early;
    expect(first).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    if (!first.ok) {
      wordedAs(first.error.message, zh('errors.core_stopped', { detail: '\u0000' }));
      expect(first.error.message).toContain((failure as Error).message);
    }
    expect(await core.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await core.stop();
    expect(core.state).toBe('stopped');
  });

  it('refuses sample data above the contract’s bounds with a validation error and writes nothing', async () => {
    const dataDir = tempDir();
    const core = start(dataDir);
    await core.ready;
    const events = record(core);

    const tooBig: [Record<string, number>, string][] = [
      [{ accounts: 10_001 }, 'accounts'],
      [{ ...BIG, people: BIG.people + 1 }, 'people'],
      [{ ...BIG, touchpoints: BIG.touchpoints + 1 }, 'touchpoints'],
    ];
    for (const [input, field] of tooBig) {
      const result = await core.call('demo.load', input, { locale: 'zh-CN' });
      expect(result).toMatchObject({ ok: false, error: { code: 'validation', issues: [{ path: field }] } });
      expect(result.changed).toBeUndefined();
    }

    expect(await core.call('jobs.list', {})).toEqual({ ok: true, value: [] });
    expect(events.filter((e) => e.type === 'job.progress' || e.type === 'data.changed')).toEqual([]);
    const written = peek(dataDir, (db) => ['members', 'accounts', 'people', 'touchpoints'].map((table) => countOf(db, table)));
    expect(written).toEqual([0, 0, 0, 0]);
  });
});
