/**
 * Sync as the app runs it: the share folder setting, rounds at start, every few minutes and when
 * the folder changes, and the status the status bar shows, told as events (`sync.status`,
 * `sync.progress`, and `data.changed` after a round that changed data) instead of being polled.
 * A share that cannot be reached is a state, not an error: work goes on locally and the next
 * round catches up. What rounds keep for the user (conflicts, orphans) is conflicts.ts.
 */
import { accessSync, constants, statSync, watch, type FSWatcher } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CHANGE_AREAS, type AppEvent } from '../../shared/events';
import type { Stuck, SyncStatus, SyncSummary } from '../../shared/sync';
import { CallFailure } from './context';
import { countConflicts } from './conflicts';
import { outbox, peers } from '../store/bookkeeping';
import { deleteMeta, readDeviceId, readMeta, readShareDir, setShareDir, writeMeta } from '../store/meta';
import type { Store } from '../store/open';
import { readClockState } from '../sync/changes';
import { afterRound, SyncEngine, type SyncProgress } from '../sync/engine';
import { Share } from '../sync/share';
import { forgetStuck, lastStuck } from '../sync/stuck';
import type { SyncJob, SyncWorkerMessage } from '../sync/worker';

const ROUND_EVERY_MS = 3 * 60 * 1000;
/** Errors that mean the share is not there now (unmounted, offline, VPN down), not that something broke. */
const UNREACHABLE = new Set(['ENOENT', 'EACCES', 'EIO', 'ENOTCONN', 'EHOSTDOWN', 'EHOSTUNREACH', 'ETIMEDOUT', 'ESTALE', 'ENETUNREACH']);
const WATCH_DEBOUNCE_MS = 2000;
/** Local changes come in bursts (a form saves several records): one status for each burst. */
const STATUS_COALESCE_MS = 100;
/** An in-process round's progress is told at most this often, as the worker's is. */
const PROGRESS_EVERY_MS = 100;
const UNREACHABLE_SINCE = 'unreachableSince';
const LAST_SHARE = 'lastShareDir';

export interface SyncServiceOptions {
  /**
   * How to start electron/sync/worker on a thread of its own (the bundled sync-worker.cjs): a
   * bootstrap is one transaction by design and may take seconds. Without it, rounds run on the
   * calling thread (the CLI, tests).
   */
  worker?: { file: string };
  /** The thread that reads a snapshot while a bootstrapping round stores it (SyncOptions.snapshotThread). */
  snapshotThread?: string;
  /** Where the status, a round's progress and its changes are told (the core's event channel). */
  emit?: (event: AppEvent) => void;
}

export class SyncService {
  private running = false;
  private lastSyncAt: string | null = null;
  private lastSummary: SyncSummary | null = null;
  private lastError: string | null = null;
  private progress: SyncProgress | null = null;
  private timer: NodeJS.Timeout | null = null;
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  /** The round's thread and the round while one runs, so stopping the app can end it and wait. */
  private thread: Worker | null = null;
  private round: Promise<SyncSummary> | null = null;
  /** Set once the app is closing: nothing more is told (the store is about to close). */
  private stopped = false;
  /** Set while a restore replaces the store under sync (pause()): no round starts. */
  private paused = false;
  /** Whether the app asked for background sync: a share chosen later starts it then. */
  private started = false;
  private readonly emit: (event: AppEvent) => void;

  constructor(
    private readonly store: Store,
    private readonly appVersion: string,
    private readonly options: SyncServiceOptions = {},
  ) {
    this.emit = options.emit ?? (() => undefined);
  }

  get shareDir(): string | null {
    return readShareDir(this.store.sqlite);
  }

  /** Sets (or clears) the share folder. The folder must exist and be writable. */
  configure(shareDir: string | null): void {
    if (shareDir !== null) {
      if (!isAbsolute(shareDir)) throw new CallFailure('validation', { path: shareDir }, 'share_relative');
      try {
        if (!statSync(shareDir).isDirectory()) throw new Error('not a folder');
        accessSync(shareDir, constants.R_OK | constants.W_OK);
      } catch {
        throw new CallFailure('validation', { path: shareDir }, 'share_inaccessible');
      }
    }
    setShareDir(this.store.sqlite, shareDir);
    // A new folder (or none) starts from a clean slate: nothing said about the old one still holds.
    deleteMeta(this.store.sqlite, UNREACHABLE_SINCE);
    forgetStuck(this.store.sqlite);
    this.lastError = null;
    this.lastSyncAt = null;
    this.lastSummary = null;
    this.tellStatus();
    if (this.started) this.start();
  }

  /** One round now, in this thread (the CLI, tests). An unreachable share is reported in the status and thrown. */
  runOnce(options: { forceSnapshot?: boolean; shareDir?: string; onProgress?: (p: SyncProgress) => void } = {}): SyncSummary {
    const shareDir = this.begin(options.shareDir ?? this.shareDir);
    try {
      let told = 0;
      const report = (p: SyncProgress) => {
        this.progress = p;
        options.onProgress?.(p);
        const now = performance.now();
        if (now - told >= PROGRESS_EVERY_MS || p.phase === 'done') {
          told = now;
          this.emit({ type: 'sync.progress', progress: p });
        }
      };
      const engine = new SyncEngine(this.store.sqlite, new Share(shareDir), {
        appVersion: this.appVersion,
        schemaVersion: this.store.schemaVersion,
        forceSnapshot: options.forceSnapshot,
        onProgress: report,
        deviceName: hostname(),
        snapshotThread: this.options.snapshotThread,
      });
      const summary = engine.round();
      this.applied(summary);
      afterRound(this.store.sqlite, ({ done, total }) => report({ phase: 'index', done, total }));
      return this.succeeded(summary);
    } catch (error) {
      throw this.failed(error);
    } finally {
      this.end();
    }
  }

  /** One round on its worker thread (in-process when none is configured); the status shows its progress. */
  runInBackground(options: { forceSnapshot?: boolean } = {}): Promise<SyncSummary> {
    const round = this.roundOnThread(options);
    this.round = round;
    return round
      .then((summary) => {
        // A round that bootstrapped acknowledges nothing (sync/engine.ts): with background sync
        // on, the next round follows at once and does, so the others do not take this laptop for
        // one that holds nothing (and collect what it still reads).
        if (summary.bootstrapped) setImmediate(() => this.quietly());
        return summary;
      })
      .finally(() => {
        if (this.round === round) this.round = null;
      });
  }

  /** A round nobody waits for: its outcome, a failure too, is told in the status. */
  private quietly(): void {
    if (this.running || this.paused || this.stopped || !this.started) return;
    this.runInBackground().catch(() => undefined);
  }

  private async roundOnThread(options: { forceSnapshot?: boolean }): Promise<SyncSummary> {
    if (!this.options.worker) return this.runOnce(options);
    const worker = this.options.worker;
    const shareDir = this.begin(this.shareDir);
    const job: SyncJob = {
      dataDir: this.store.dataDir,
      migrationsDir: this.store.migrationsDir,
      shareDir,
      appVersion: this.appVersion,
      forceSnapshot: options.forceSnapshot,
      deviceName: hostname(),
      snapshotThread: this.options.snapshotThread,
    };
    try {
      const summary = await new Promise<SyncSummary>((resolve, reject) => {
        // The device key goes along: the round's connection opens this device's secrets with it (store/secrets.ts).
        const thread = new Worker(worker.file, { workerData: { ...job, deviceKey: this.store.deviceKey } satisfies SyncJob });
        this.thread = thread;
        thread.on('message', (message: SyncWorkerMessage) => {
          if (message.type === 'progress') {
            this.progress = message.progress;
            this.emit({ type: 'sync.progress', progress: message.progress });
          } else if (message.type === 'applied') this.applied(message.summary);
          else if (message.type === 'done') resolve(message.summary);
          else reject(Object.assign(new Error(message.message), { code: message.code }));
        });
        thread.on('error', reject);
        thread.on('exit', (code) => reject(new Error(`sync worker stopped (${code})`)));
      });
      return this.succeeded(summary);
    } catch (error) {
      throw this.failed(error);
    } finally {
      this.thread = null;
      this.end();
    }
  }

  /** Checks a round may start (sync on, none running, the share there), marks it running and says so. */
  private begin(shareDir: string | null): string {
    if (!shareDir) throw new CallFailure('unavailable', {}, 'sync_off');
    if (this.running || this.paused) throw new CallFailure('conflict', {}, 'sync_busy');
    if (this.lastShareDir !== shareDir) {
      // Another share: nothing found on the one before still holds.
      forgetStuck(this.store.sqlite);
      deleteMeta(this.store.sqlite, UNREACHABLE_SINCE);
      writeMeta(this.store.sqlite, LAST_SHARE, shareDir);
    }
    try {
      statSync(shareDir);
    } catch {
      this.markUnreachable(true);
      this.tellStatus();
      throw new CallFailure('unavailable', { path: shareDir }, 'share_unreachable');
    }
    this.running = true;
    this.tellStatus();
    return shareDir;
  }

  private succeeded(summary: SyncSummary): SyncSummary {
    this.lastSummary = summary;
    this.lastSyncAt = new Date().toISOString();
    this.lastError = null;
    this.markUnreachable(false);
    return summary;
  }

  /**
   * The round has committed: what it brought is shown now, while its thread still checkpoints and
   * fills the search indexes. The engine does not say which tables a round touched: any applied
   * change refreshes every area.
   */
  private applied(summary: SyncSummary): void {
    if (summary.applied > 0 || summary.conflicts > 0 || summary.bootstrapped || (summary.purged ?? 0) > 0 || summary.rotatedFrom !== undefined) {
      this.emit({ type: 'data.changed', areas: [...CHANGE_AREAS] });
    }
  }

  private failed(error: unknown): unknown {
    const code = (error as NodeJS.ErrnoException).code;
    this.markUnreachable(UNREACHABLE.has(code ?? ''));
    this.lastError = (error as Error).message;
    return error;
  }

  /** Unreachable is a state with a start, kept across restarts so the status (and the CLI) can say since when. */
  private markUnreachable(unreachable: boolean): void {
    if (!unreachable) deleteMeta(this.store.sqlite, UNREACHABLE_SINCE);
    else if (!this.unreachable) writeMeta(this.store.sqlite, UNREACHABLE_SINCE, Date.now());
  }

  /** The share folder the last round used (the configured one, or one named on the command line). */
  get lastShareDir(): string | null {
    return readMeta<string>(this.store.sqlite, LAST_SHARE) ?? null;
  }

  private get unreachable(): boolean {
    return readMeta<number>(this.store.sqlite, UNREACHABLE_SINCE) !== undefined;
  }

  /** Every way this device cannot make progress: what the last round found, and an unreachable share. */
  stuck(): Stuck[] {
    const found = lastStuck(this.store.sqlite);
    const since = readMeta<number>(this.store.sqlite, UNREACHABLE_SINCE);
    if (since === undefined) return found;
    return [{ code: 'unreachable', since: new Date(since).toISOString(), params: { path: this.lastShareDir ?? this.shareDir ?? '' } }, ...found];
  }

  private end(): void {
    this.running = false;
    this.progress = null;
    this.tellStatus();
  }

  status(): SyncStatus {
    const shareDir = this.shareDir;
    return {
      state: !shareDir ? 'off' : this.running ? 'syncing' : this.unreachable ? 'unreachable' : this.lastError ? 'error' : 'idle',
      shareDir,
      deviceId: readDeviceId(this.store.sqlite),
      lastSyncAt: this.lastSyncAt,
      lastSummary: this.lastSummary,
      pendingLocal: outbox.pendingRecords(this.store.sqlite),
      openConflicts: countConflicts(this.store.sqlite),
      clockSkewMs: this.clockSkew(),
      progress: this.progress,
      lastError: this.lastError,
      stuck: this.stuck(),
    };
  }

  /** Tells the status now: a round began or ended, or the setting changed. */
  private tellStatus(): void {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = null;
    if (this.stopped) return;
    this.emit({ type: 'sync.status', status: this.status() });
  }

  /**
   * Data changed here (a call, a job): what waits to be shared and the conflicts count may have
   * moved. Told once per burst of changes, not once per change.
   */
  changedLocally(): void {
    if (this.statusTimer || this.stopped) return;
    this.statusTimer = setTimeout(() => this.tellStatus(), STATUS_COALESCE_MS);
    this.statusTimer.unref();
  }

  /** Sync at start, every few minutes, and soon after the share folder changes. */
  start(): void {
    if (this.stopped) return;
    this.stopTimers();
    this.started = true;
    const shareDir = this.shareDir;
    if (!shareDir) return;
    const quietly = () => this.quietly();
    setImmediate(quietly);
    this.timer = setInterval(quietly, ROUND_EVERY_MS);
    this.timer.unref();
    try {
      this.watcher = watch(shareDir, { recursive: true }, (_event, name) => {
        if (name && /(^|[\\/])\./.test(String(name))) return; // temporary files
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(quietly, WATCH_DEBOUNCE_MS);
        this.debounce.unref();
      });
      this.watcher.on('error', () => undefined);
    } catch {
      /* some network shares cannot be watched: the timer still syncs */
    }
  }

  /**
   * Ends background sync (the app is closing). A round still running on its thread is ended too:
   * its transaction is rolled back, and the next start does it again.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    this.stopTimers();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = null;
    const round = this.round;
    await this.thread?.terminate();
    // The round records how it ended (in the store): wait for that before the store closes.
    await round?.catch(() => undefined);
  }

  /**
   * Holds sync off while the store is replaced under it (a backup restored, services/backup.ts):
   * the timers stop, a round in progress is waited for, none starts. The returned function lets
   * sync go on as before.
   */
  async pause(): Promise<() => void> {
    const wasStarted = this.started;
    this.paused = true;
    this.stopTimers();
    await this.round?.catch(() => undefined);
    return () => {
      this.paused = false;
      if (wasStarted) this.start();
      else this.tellStatus();
    };
  }

  private stopTimers(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.watcher?.close();
    this.timer = this.debounce = null;
    this.watcher = null;
  }

  /**
   * How far the team's clocks run ahead of ours, in ms: the newest peer clock seen against our own
   * time when we read it, and our hybrid clock (pushed forward by every clock it read) against our
   * wall clock. A clock behind ours cannot be told apart from a file that arrived late.
   */
  private clockSkew(): number {
    const hlc = readClockState(this.store.sqlite).wall - Date.now();
    return Math.max(0, peers.aheadMs(this.store.sqlite) ?? 0, hlc);
  }
}
