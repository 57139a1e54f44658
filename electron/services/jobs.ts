/**
 * Long jobs (the sample data now; imports, exports and recomputes later) as the app runs them: in
 * chunks, each its own short transaction, with the thread let go between chunks so every other
 * call is answered meanwhile; with progress events and cancel by id.
 *
 * Why: `demo.load` of a million people ran as one transaction on the thread that answers calls.
 * It froze the server for over a minute, ignored SIGTERM and grew the WAL to 840 MB (issue 10).
 *
 * A job is a generator that yields after each small step (a record with its parts), at a point
 * where the store is consistent. The runner takes steps inside one IMMEDIATE transaction until
 * the slice's time is used up, commits, tells the progress, and goes on after any calls that
 * arrived meanwhile. Cancelling takes effect between two chunks: the chunk in progress is
 * committed, the generator is closed (its `finally` blocks run), and the job's call fails with
 * `cancelled`; what earlier chunks wrote is kept.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AppEvent, JOB_KINDS, JobProgress } from '../../shared/events';
import { syncWal } from '../store/open';
import { CallFailure } from './context';

export type JobKind = (typeof JOB_KINDS)[number];

/** How far a job is, in its own units (records, for the sample data). */
export interface JobStep {
  done: number;
  total: number;
}

/** A job's work: yields after each step, returns the job's answer. */
export type JobWork<T> = Generator<JobStep, T, void>;

export interface JobRunnerOptions {
  /** Where job progress is told (the core's event channel). */
  emit?: (event: AppEvent) => void;
  /** Work per transaction before the runner commits and lets other calls in, in ms. */
  sliceMs?: number;
  /** Least time between two progress events of one job, in ms. */
  progressEveryMs?: number;
}

/**
 * One chunk's work: half of the ~100 ms in which a typing user notices a wait, so a call that
 * arrives mid-chunk is still answered within it. Committing more often costs more than it buys:
 * a WAL commit is ~0.1 ms, a chunk of demo records is thousands of rows.
 */
export const SLICE_MS = 50;
const PROGRESS_EVERY_MS = 100;

interface RunningJob {
  progress: JobProgress;
  cancelled: boolean;
  ended: Promise<void>;
}

/** Lets the thread answer whatever arrived (calls, a cancel, a signal) before the next chunk. */
const letOthersIn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly emit: (event: AppEvent) => void;
  private readonly sliceMs: number;
  private readonly progressEveryMs: number;

  constructor(
    private readonly sqlite: Database.Database,
    options: JobRunnerOptions = {},
  ) {
    this.emit = options.emit ?? (() => undefined);
    this.sliceMs = options.sliceMs ?? SLICE_MS;
    this.progressEveryMs = options.progressEveryMs ?? PROGRESS_EVERY_MS;
  }

  /**
   * Runs `work` to its end in chunks; resolves with its answer, or rejects (`cancelled` when
   * stopped). `total` is told at the start, before the first step says it.
   */
  async run<T>(kind: JobKind, work: JobWork<T>, total = 0, afterChunk?: () => void): Promise<T> {
    const { job, tell, end } = this.begin(kind, total);
    try {
      for (;;) {
        if (job.cancelled) {
          job.progress.state = 'cancelled';
          work.return(undefined as T);
          throw new CallFailure('cancelled');
        }
        const next = this.chunk(job, work);
        if (next.done) {
          job.progress.state = 'done';
          job.progress.done = job.progress.total;
          return next.value;
        }
        tell(false);
        afterChunk?.();
        await letOthersIn();
      }
    } catch (error) {
      if (job.progress.state === 'running') job.progress.state = 'failed';
      throw error;
    } finally {
      // Done, stopped or failed, what the chunks committed is kept: it reaches the disk before the call answers.
      syncWal(this.sqlite);
      end();
    }
  }

  /**
   * A job whose work is asynchronous by nature (SQLite's online backup copies its pages between
   * turns of the event loop, never in one of run()'s transactions): progress and cancel as for
   * run(). The work tells its steps and looks at `cancelled()` between them; cancelled, the call
   * fails with `cancelled` once the work has returned or thrown.
   */
  async track<T>(kind: JobKind, work: (job: { step(progress: JobStep): void; cancelled(): boolean }) => Promise<T>): Promise<T> {
    const { job, tell, end } = this.begin(kind, 0);
    try {
      const value = await work({
        step: ({ done, total }) => {
          job.progress.done = done;
          job.progress.total = total;
          tell(false);
        },
        cancelled: () => job.cancelled,
      });
      if (job.cancelled) {
        job.progress.state = 'cancelled';
        throw new CallFailure('cancelled');
      }
      job.progress.state = 'done';
      job.progress.done = job.progress.total;
      return value;
    } catch (error) {
      if (job.progress.state === 'running') job.progress.state = job.cancelled ? 'cancelled' : 'failed';
      throw job.cancelled ? new CallFailure('cancelled') : error;
    } finally {
      end();
    }
  }

  /**
   * A job's bookkeeping, for run() and track(): registered and told at once; `tell` says its
   * progress (at most every progressEveryMs unless `always`); `end` tells the last state and lets
   * it go.
   */
  private begin(kind: JobKind, total: number) {
    const id = randomUUID();
    let ended = () => {};
    const job: RunningJob = {
      progress: { id, kind, state: 'running', done: 0, total },
      cancelled: false,
      ended: new Promise<void>((resolve) => (ended = resolve)),
    };
    this.jobs.set(id, job);
    let told = -Infinity;
    const tell = (always: boolean) => {
      const now = performance.now();
      if (!always && now - told < this.progressEveryMs) return;
      told = now;
      this.emit({ type: 'job.progress', job: { ...job.progress } });
    };
    tell(true);
    const end = () => {
      tell(true);
      this.jobs.delete(id);
      ended();
    };
    return { job, tell, end };
  }

  /**
   * Steps until the slice is used up, in one transaction; a step that throws rolls back this chunk
   * only. The commit counts against the slice: with a large WAL it is not ~0.1 ms but tens of ms
   * (SQLite checkpoints inside it), so the work stops that much earlier (measured: chunks of 50 ms
   * work took up to 150 ms with their commit).
   */
  private chunk<T>(job: RunningJob, work: JobWork<T>): IteratorResult<JobStep, T> {
    const start = performance.now();
    const until = start + Math.max(this.sliceMs / 5, this.sliceMs - this.commitMs);
    let worked = start;
    // A chunk is not an acknowledged write: it commits without waiting for the disk, and the job's
    // end syncs the WAL once (store/open.ts, syncWal: a sync per ~50 ms chunk cost a fifth of an import). Everything else on this connection keeps FULL.
    this.sqlite.pragma('synchronous = NORMAL');
    let result: IteratorResult<JobStep, T>;
    try {
      result = this.sqlite
        .transaction(() => {
          for (;;) {
            const next = work.next();
            if (next.done) return next;
            job.progress.done = next.value.done;
            job.progress.total = next.value.total;
            if ((worked = performance.now()) >= until) return next;
          }
        })
        .immediate();
    } finally {
      this.sqlite.pragma('synchronous = FULL');
    }
    // The newest commits weigh most; a checkpoint now and then lifts the estimate, then it decays.
    this.commitMs = Math.max(this.commitMs * 0.7, performance.now() - worked);
    return result;
  }

  /** Recent commit time, in ms: what a chunk keeps free of work within its slice. */
  private commitMs = 0;

  /** Resolves once no job of this kind runs (the CLI waits so for the search catch-up after an import). */
  async settled(kind: JobKind): Promise<void> {
    for (const job of [...this.jobs.values()]) if (job.progress.kind === kind) await job.ended;
  }

  /** Asks a job to stop after its chunk in progress; false when no such job runs. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job) return false;
    job.cancelled = true;
    return true;
  }

  /** Asks every job to stop (the app is closing) and resolves once all have ended. */
  async cancelAll(): Promise<void> {
    for (const job of this.jobs.values()) job.cancelled = true;
    await Promise.all([...this.jobs.values()].map((job) => job.ended));
  }

  list(): JobProgress[] {
    return [...this.jobs.values()].map((job) => ({ ...job.progress }));
  }
}
