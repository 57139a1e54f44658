/**
 * Sync as the app runs it: the share folder setting, rounds at start, every few minutes and
 * when the folder changes, and the status the status bar shows. A share that cannot be reached
 * is a state, not an error: work goes on locally and the next round catches up.
 */
import { accessSync, constants, statSync, watch, type FSWatcher } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Conflict, OrphanedChange, Stuck, SyncStatus, SyncSummary } from '../../shared/sync';
import { CallFailure } from './context';
import { clockOfField, isoOfClock, readClockState, readDeviceId, syncedTablesOf, type FieldClocks, type SqlValue } from '../sync/changes';
import { decodeClock, wallOf } from '../sync/hlc';
import { SyncEngine, countPendingRecords, type SyncProgress } from '../sync/engine';
import { Share } from '../sync/share';
import type { SyncJob, SyncWorkerMessage } from '../sync/worker';
import type { Store } from '../store/open';
import { rebuildSearchIndex } from '../store/search-index';
import { readMeta, writeMeta, deleteMeta } from '../store/meta';
import { forgetStuck, lastStuck } from '../sync/stuck';

const ROUND_EVERY_MS = 3 * 60 * 1000;
/** Errors that mean the share is not there now (unmounted, offline, VPN down), not that something broke. */
const UNREACHABLE = new Set(['ENOENT', 'EACCES', 'EIO', 'ENOTCONN', 'EHOSTDOWN', 'EHOSTUNREACH', 'ETIMEDOUT', 'ESTALE', 'ENETUNREACH']);
const WATCH_DEBOUNCE_MS = 2000;
const UNREACHABLE_SINCE = 'unreachableSince';
const LAST_SHARE = 'lastShareDir';

export class SyncService {
  private running = false;
  private lastSyncAt: string | null = null;
  private lastSummary: SyncSummary | null = null;
  private lastError: string | null = null;
  private progress: SyncProgress | null = null;
  private timer: NodeJS.Timeout | null = null;
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  /** Whether the app asked for background sync: a share chosen later starts it then. */
  private started = false;

  /**
   * @param worker how to start electron/sync/worker on a thread (the bundled file in the desktop
   *   app, the TypeScript source under tsx in browser mode); without it rounds run in-process.
   */
  constructor(
    private readonly store: Store,
    private readonly appVersion: string,
    private readonly worker?: { file: string | URL; execArgv?: string[] },
  ) {}

  get shareDir(): string | null {
    const row = this.store.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'shareDir'").get() as { value: string } | undefined;
    return row?.value ?? null;
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
      this.store.sqlite
        .prepare("INSERT INTO local_meta (key, value) VALUES ('shareDir', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .run(shareDir);
    } else {
      this.store.sqlite.prepare("DELETE FROM local_meta WHERE key = 'shareDir'").run();
    }
    // A new folder (or none) starts from a clean slate: nothing said about the old one still holds.
    deleteMeta(this.store.sqlite, UNREACHABLE_SINCE);
    forgetStuck(this.store.sqlite);
    this.lastError = null;
    this.lastSyncAt = null;
    this.lastSummary = null;
    if (this.started) this.start();
  }

  /** One round now, in this thread (the CLI, tests). An unreachable share is reported in the status and thrown. */
  runOnce(options: { forceSnapshot?: boolean; shareDir?: string; onProgress?: (p: SyncProgress) => void } = {}): SyncSummary {
    const shareDir = this.begin(options.shareDir ?? this.shareDir);
    try {
      const report = (p: SyncProgress) => {
        this.progress = p;
        options.onProgress?.(p);
      };
      const engine = new SyncEngine(this.store.sqlite, new Share(shareDir), {
        appVersion: this.appVersion,
        schemaVersion: this.store.schemaVersion,
        forceSnapshot: options.forceSnapshot,
        onProgress: report,
        deviceName: hostname(),
      });
      const summary = engine.round();
      rebuildSearchIndex(this.store.sqlite, ({ done, total }) => report({ phase: 'index', done, total }));
      return this.succeeded(summary);
    } catch (error) {
      throw this.failed(error);
    } finally {
      this.end();
    }
  }

  /** One round on a worker thread (in-process when no worker is configured); the status shows its progress. */
  async runInBackground(options: { forceSnapshot?: boolean } = {}): Promise<SyncSummary> {
    if (!this.worker) return this.runOnce(options);
    const worker = this.worker;
    const shareDir = this.begin(this.shareDir);
    const job: SyncJob = {
      dataDir: this.store.dataDir,
      migrationsDir: this.store.migrationsDir,
      shareDir,
      appVersion: this.appVersion,
      forceSnapshot: options.forceSnapshot,
    };
    try {
      const summary = await new Promise<SyncSummary>((resolve, reject) => {
        const thread = new Worker(worker.file, { workerData: job, execArgv: worker.execArgv ?? [] });
        thread.on('message', (message: SyncWorkerMessage) => {
          if (message.type === 'progress') this.progress = message.progress;
          else if (message.type === 'done') resolve(message.summary);
          else reject(Object.assign(new Error(message.message), { code: message.code }));
        });
        thread.on('error', reject);
        thread.on('exit', (code) => code !== 0 && reject(new Error(`sync worker stopped (${code})`)));
      });
      return this.succeeded(summary);
    } catch (error) {
      throw this.failed(error);
    } finally {
      this.end();
    }
  }

  /** Checks a round may start (sync on, none running, the share there) and marks it running. */
  private begin(shareDir: string | null): string {
    if (!shareDir) throw new CallFailure('unavailable', {}, 'sync_off');
    if (this.running) throw new CallFailure('conflict', {}, 'sync_busy');
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
      throw new CallFailure('unavailable', { path: shareDir }, 'share_unreachable');
    }
    this.running = true;
    return shareDir;
  }

  private succeeded(summary: SyncSummary): SyncSummary {
    this.lastSummary = summary;
    this.lastSyncAt = new Date().toISOString();
    this.lastError = null;
    this.markUnreachable(false);
    return summary;
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
  }

  status(): SyncStatus {
    const shareDir = this.shareDir;
    return {
      state: !shareDir ? 'off' : this.running ? 'syncing' : this.unreachable ? 'unreachable' : this.lastError ? 'error' : 'idle',
      shareDir,
      deviceId: readDeviceId(this.store.sqlite),
      lastSyncAt: this.lastSyncAt,
      lastSummary: this.lastSummary,
      pendingLocal: countPendingRecords(this.store.sqlite),
      openConflicts: this.conflicts().length,
      clockSkewMs: this.clockSkew(),
      progress: this.progress,
      lastError: this.lastError,
      stuck: this.stuck(),
    };
  }

  /** Sync at start, every few minutes, and soon after the share folder changes. */
  start(): void {
    this.stopTimers();
    this.started = true;
    const shareDir = this.shareDir;
    if (!shareDir) return;
    const quietly = () => {
      if (this.running) return;
      // The status carries any failure: unreachable, or the error's words.
      this.runInBackground().catch(() => undefined);
    };
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

  /** Ends background sync (the app is closing). */
  stop(): void {
    this.started = false;
    this.stopTimers();
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
    const now = Date.now();
    const peers = this.store.sqlite.prepare('SELECT max(last_wall - last_seen) AS ahead FROM sync_peers WHERE retired = 0').get() as { ahead: number | null };
    const hlc = readClockState(this.store.sqlite).wall - now;
    return Math.max(0, peers.ahead ?? 0, hlc);
  }

  conflicts(): Conflict[] {
    const rows = this.store.sqlite.prepare('SELECT tbl, row_id, field, clock, value FROM sync_conflicts ORDER BY tbl, row_id, field, clock').all() as {
      tbl: string;
      row_id: string;
      field: string;
      clock: string;
      value: string;
    }[];
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = `${r.tbl}\u0000${r.row_id}\u0000${r.field}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const side = (value: unknown, clock: string) => ({ value, clock, device: decodeClock(clock).device, at: new Date(wallOf(clock)).toISOString() });
    const result: Conflict[] = [];
    for (const group of groups.values()) {
      const { tbl, row_id, field } = group[0]!;
      if (!syncedTablesOf(this.store.sqlite).has(tbl)) continue;
      const row = this.store.sqlite.prepare(`SELECT * FROM ${tbl} WHERE id = ?`).get(row_id) as Record<string, SqlValue> | undefined;
      if (!row) continue;
      const clocks = JSON.parse(String(row.sync_clocks)) as FieldClocks;
      result.push({
        table: tbl,
        rowId: row_id,
        field,
        recordLabel: typeof row.name === 'string' && row.name ? row.name : row_id,
        current: side(row[field] ?? null, clockOfField(clocks, field) ?? ''),
        others: group.map((g) => side(JSON.parse(g.value), g.clock)),
      });
    }
    return result;
  }

  /**
   * Changes kept aside in sync_orphans because their record had been emptied from the bin: shown
   * to the user (private notes too: they are this user's own, in their own app) to copy from.
   */
  orphans(): OrphanedChange[] {
    const rows = this.store.sqlite.prepare('SELECT tbl, row_id, field, clock, value FROM sync_orphans ORDER BY tbl, row_id, field, clock').all() as {
      tbl: string;
      row_id: string;
      field: string;
      clock: string;
      value: string;
    }[];
    return rows.map((r) => {
      // A value kept from a row whose field had no clock of its own carries an empty one.
      const known = r.clock !== '' && !Number.isNaN(wallOf(r.clock));
      return {
        table: r.tbl,
        rowId: r.row_id,
        field: r.field,
        value: r.value,
        clock: r.clock,
        at: known ? isoOfClock(r.clock) : null,
        device: known ? decodeClock(r.clock).device || null : null,
      };
    });
  }
}
