/**
 * Sync between real OS processes on one share folder: several devices (worker processes and the
 * CLI) write and sync at the same time; then a device is SIGKILLed mid-sync again and again.
 * The workers are tests/helpers/sync-worker.ts; see there for what they write and log.
 */
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { migrationsDir, projectRoot } from '../../electron/host/paths';
import { openStore, type Store } from '../../electron/store/open';
import { ChangeLog } from '../../electron/sync/changes';
import type { CheckReport } from '../../electron/sync/check';
import { SyncEngine, type SyncOptions, type SyncSummary } from '../../electron/sync/engine';
import { exportCanonical } from '../../electron/sync/export';
import { decodeSegment } from '../../electron/sync/segment';
import { Share } from '../../electron/sync/share';
import type { LoggedWrite, WorkerConfig, WorkerLogLine } from '../helpers/sync-worker';

/** A fresh folder, removed when the current test ends (pass or fail). */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const WORKER = 'tests/helpers/sync-worker.ts';
const BIN = 'electron/host/bin.mjs';
const env = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' };

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function run(args: string[]): { pid: number; exit: Promise<Exit> } {
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // A test that fails or times out leaves no process behind (one may be waiting for a peer's marker).
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exit = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
  return { pid: child.pid!, exit };
}

const worker = (config: WorkerConfig) => run(['--import', 'tsx', WORKER, JSON.stringify(config)]);
const cli = (args: string[]) => run([BIN, ...args]).exit;

async function cliOk(args: string[]): Promise<string> {
  const res = await cli(args);
  if (res.code !== 0) throw new Error(`rapport ${args.join(' ')} exited ${res.code}: ${res.err}`);
  return res.out;
}

async function workerOk(config: WorkerConfig): Promise<void> {
  const res = await worker(config).exit;
  if (res.code !== 0) throw new Error(`worker ${config.tag} exited ${res.code ?? res.signal}: ${res.err}`);
}

function readLog(file: string): WorkerLogLine[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop(); // empty after the last newline, or a line still being written
  return lines.map((l) => JSON.parse(l) as WorkerLogLine);
}

const debug = (...args: unknown[]) => {
  if (process.env.SYNC_DEBUG) appendFileSync(process.env.SYNC_DEBUG, [new Date().toISOString().slice(11, 23), ...args].join(' ') + '\n');
};
/** Reads a worker's log as it grows, parsing only what was added since the last call. */
class LogTail {
  private offset = 0;
  private rest = '';
  constructor(private readonly file: string) {}
  next(): WorkerLogLine[] {
    if (!existsSync(this.file)) return [];
    const fd = openSync(this.file, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const lines = (this.rest + buffer.toString('utf8')).split('\n');
      this.rest = lines.pop()!;
      return lines.map((l) => JSON.parse(l) as WorkerLogLine);
    } finally {
      closeSync(fd);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ExportFile {
  tables: { accounts: { id: string; name: string; deleted_at: string | null }[] };
  conflicts: { tbl: string; row_id: string; field: string; clock: string; value: string }[];
}

/**
 * What every device's export must show, from the writers' logs alone:
 * - every acknowledged insert is there, and no row nobody meant to write;
 * - `name` (one writer per row) is that writer's last acknowledged value, or a value it was
 *   writing when it was killed (the commit may have happened before the kill);
 * - `deleted_at` (many writers) is null or a value some writer wrote; conflicts are on
 *   `deleted_at` only and hold values some writer wrote.
 */
function verifyAgainstLogs(exported: ExportFile, logs: WorkerLogLine[][]): { rows: number; acknowledged: number } {
  const rows = new Map(exported.tables.accounts.map((r) => [r.id, r]));
  const intended = new Set<string>();
  const insertedOk = new Set<string>();
  /** Per row, its name writer's values in order: `ok` ones and `intent`s after the last ok. */
  const names = new Map<string, { lastOk?: string; maybe: Set<string> }>();
  const binValues = new Map<string, Set<string | null>>();
  let acknowledged = 0;
  for (const log of logs) {
    for (const line of log) {
      if (line.t !== 'intent' && line.t !== 'ok') continue;
      for (const w of line.w) {
        if (w.op === 'insert') intended.add(w.id);
        if (w.field === 'name') {
          const entry = names.get(w.id) ?? { maybe: new Set<string>() };
          if (line.t === 'ok') {
            entry.lastOk = String(w.value);
            entry.maybe.clear();
          } else entry.maybe.add(String(w.value));
          names.set(w.id, entry);
        } else {
          const set = binValues.get(w.id) ?? new Set<string | null>([null]);
          set.add(w.value as string | null);
          binValues.set(w.id, set);
        }
        if (line.t === 'ok') {
          acknowledged++;
          if (w.op === 'insert') insertedOk.add(w.id);
        }
      }
    }
  }
  // An `ok` line follows its `intent` line: the maybe-set of an acknowledged write was cleared
  // by the ok; but a later batch's intent (killed) may add values after it, which is right.
  for (const id of insertedOk) expect(rows.has(id), `acknowledged insert ${id} is missing`).toBe(true);
  for (const [id, row] of rows) {
    expect(intended.has(id), `row ${id} (${row.name}) was never written by anyone`).toBe(true);
    const name = names.get(id)!;
    const allowed = new Set([...(name.lastOk !== undefined ? [name.lastOk] : []), ...name.maybe]);
    expect(allowed.has(row.name), `row ${id}: name ${row.name} is not its writer's last (${[...allowed].join(', ')})`).toBe(true);
    expect((binValues.get(id) ?? new Set([null])).has(row.deleted_at), `row ${id}: deleted_at ${row.deleted_at} was never written`).toBe(true);
  }
  for (const c of exported.conflicts) {
    expect(c.tbl).toBe('accounts');
    expect(c.field, `a conflict on ${c.field}, a field with one writer`).toBe('deleted_at');
    expect(binValues.get(c.row_id)?.has(JSON.parse(c.value) as string | null), `conflict value ${c.value} was never written`).toBe(true);
  }
  return { rows: rows.size, acknowledged };
}

function lastSummary(log: WorkerLogLine[]): SyncSummary {
  const final = log.find((l): l is Extract<WorkerLogLine, { t: 'final' }> => l.t === 'final');
  if (!final) throw new Error('worker logged no final round');
  return final.summary;
}

describe('sync between OS processes on one share', () => {
  // Three workers and a dozen CLI processes: about 20 s on a loaded 2-core machine.
  it('three worker processes and the CLI, syncing at once, end byte-identical with every acknowledged write', { timeout: 120_000 }, async () => {
    const root = tempDir('rapport-procs-');
    const share = join(root, 'share');
    const markers = join(root, 'markers');
    mkdirSync(share, { recursive: true });
    const seed = Date.now() % 1_000_000;
    const tags = ['p1', 'p2', 'p3'];
    const configs = tags.map((tag, i): WorkerConfig => ({
      data: join(root, tag),
      share,
      tag,
      seed: seed + i,
      log: join(root, `${tag}.log`),
      markers,
      peers: [...tags.filter((t) => t !== tag), 'cli'],
      iterations: 14,
      writes: [1, 12],
      batch: [1, 4],
      pauseMs: [0, 40],
      // Snapshots and GC of own segments while others read: exercised, not just configured.
      policy: i === 0 ? { retireAfterDays: 30, snapshotEverySegments: 8, gcGraceMs: 0 } : undefined,
    }));
    const workers = configs.map((c) => worker(c));

    // The fourth device is the CLI itself: `api` writes, `sync` rounds, in separate processes.
    const cliData = join(root, 'cli');
    const cliLog: WorkerLogLine[] = [];
    for (let k = 0; k < 3; k++) {
      const name = `cli-${k}`;
      const account = JSON.parse(await cliOk(['--data', cliData, 'api', 'accounts.create', JSON.stringify({ name })])) as { id: string };
      const w: LoggedWrite = { op: 'insert', id: account.id, field: 'name', value: name };
      cliLog.push({ t: 'intent', tag: 'cli', w: [w] }, { t: 'ok', tag: 'cli', w: [w] });
      const summary = JSON.parse(await cliOk(['--data', cliData, 'sync', '--share', share, '--json'])) as SyncSummary;
      expect(summary.published).toBeGreaterThan(0);
      expect(summary.pendingLocal).toBe(0);
    }
    writeFileSync(join(markers, 'cli.done'), '');

    const exits = await Promise.all(workers.map((w) => w.exit));
    exits.forEach((e, i) => expect(e.code, `worker ${tags[i]} (seed ${seed + i}): ${e.err}`).toBe(0));
    // Every worker's writes are on the share now: one CLI round reads them all.
    const cliFinal = JSON.parse(await cliOk(['--data', cliData, 'sync', '--share', share, '--json'])) as SyncSummary;

    const logs = configs.map((c) => readLog(c.log));
    for (const [i, log] of logs.entries()) {
      const s = lastSummary(log);
      expect(s.waiting, `worker ${tags[i]} still waits for segments`).toBe(0);
      expect(s.quarantined).toBe(0);
      expect(s.pendingLocal).toBe(0);
      expect(s.rotatedFrom).toBeUndefined();
      expect(log.filter((l) => l.t === 'round-end').length).toBeGreaterThanOrEqual(15);
    }
    expect(cliFinal.waiting).toBe(0);
    expect(cliFinal.quarantined).toBe(0);

    const ends = logs.map((log) => log.filter((l): l is Extract<WorkerLogLine, { t: 'round-end' }> => l.t === 'round-end').map((l) => l.summary));
    ends.forEach((e, i) =>
      debug(
        tags[i],
        JSON.stringify({
          rounds: e.length,
          applied: e.reduce((n, s) => n + s.segmentsApplied, 0),
          conflicts: e.reduce((n, s) => n + s.conflicts, 0),
          snapshots: e.filter((s) => s.snapshotWritten).length,
          collected: e.reduce((n, s) => n + (s.segmentsCollected ?? 0), 0),
          bootstraps: e.filter((s) => s.bootstrapped).length,
        }),
      ),
    );
    // p1 wrote snapshots and collected its own segments while the others were reading them.
    expect(ends[0]!.filter((s) => s.snapshotWritten).length).toBeGreaterThan(0);
    expect(ends[0]!.reduce((n, s) => n + (s.segmentsCollected ?? 0), 0)).toBeGreaterThan(0);
    const exported = await Promise.all([...configs.map((c) => c.data), cliData].map((data) => cliOk(['--data', data, 'export', '--format', 'json'])));
    for (const e of exported.slice(1)) expect(e).toBe(exported[0]);
    const { rows, acknowledged } = verifyAgainstLogs(JSON.parse(exported[0]!) as ExportFile, [...logs, cliLog]);
    expect(rows).toBeGreaterThan(20);
    expect(acknowledged).toBeGreaterThan(50);
    // Every device wrote something that reached the others.
    const names = (JSON.parse(exported[0]!) as ExportFile).tables.accounts.map((a) => a.name);
    for (const tag of [...tags, 'cli'])
      expect(
        names.some((n) => n.startsWith(`${tag}-`)),
        `nothing of ${tag} arrived`,
      ).toBe(true);

    const check = await cli(['check', '--share', share, '--json']);
    const report = JSON.parse(check.out) as CheckReport;
    expect(report.errors, JSON.stringify(report.findings)).toBe(0);
    expect(report.warnings, JSON.stringify(report.findings)).toBe(0);
    expect(report.devices).toBe(4);
    expect(check.code).toBe(0);
  });

  // Nine worker runs of thousands of writes each, one after another: up to 36 s on a loaded 2-core machine.
  it('a device SIGKILLed mid-sync, again and again, loses nothing and leaves no damage', { timeout: 120_000 }, async () => {
    const root = tempDir('rapport-kill-');
    const share = join(root, 'share');
    const markers = join(root, 'markers');
    const stopFile = join(root, 'stop');
    mkdirSync(share, { recursive: true });
    const seed = Date.now() % 1_000_000;
    const policy = { retireAfterDays: 30, snapshotEverySegments: 4, gcGraceMs: 0 };

    // B: an ordinary device writing and syncing all along, so A always has segments to apply.
    const b: WorkerConfig = {
      data: join(root, 'b'),
      share,
      tag: 'b',
      seed,
      log: join(root, 'b.log'),
      markers,
      peers: ['a'],
      iterations: 1000,
      stopFile,
      writes: [20, 150],
      batch: [10, 50],
      pauseMs: [50, 150],
    };
    const bRun = worker(b);

    // A: large rounds (thousands of changes), run again and again and killed each time.
    const aLog = join(root, 'a.log');
    const a = (crash: WorkerConfig['crash'], i: number): WorkerConfig => ({
      data: join(root, 'a'),
      share,
      tag: 'a',
      seed: seed + 100 + i,
      log: aLog,
      markers,
      peers: [],
      iterations: 8,
      writes: [600, 1200],
      batch: [200, 600],
      policy,
      crash,
    });
    const crashes: WorkerConfig['crash'][] = ['after-segment-rename', 'mid-temp-write', 'in-apply', 'after-snapshot', 'after-ack'];
    let killedInRound = 0;
    const tail = new LogTail(aLog);
    // Runs 0, 2, 4 are killed from outside; the others kill themselves at each crash point once.
    for (let i = 0; i < 3 + crashes.length; i++) {
      if (i % 2 === 0 && i < 6) {
        // A random instant soon after a round has begun: inside the round, or in the next writes'
        // transaction (rounds take tens of ms here); the crash points below are inside for sure.
        tail.next(); // skip what earlier runs logged
        const proc = worker(a(undefined, i));
        let ended = false;
        const end = () => void (ended = true);
        void proc.exit.then(end, end);
        let killedAt: WorkerLogLine | undefined;
        let rounds = 0;
        // However long the worker takes to start on a loaded machine: until its round has begun, or
        // it ended without being killed (the signal check below then fails with its stderr).
        while (!ended) {
          const lines = tail.next();
          rounds += lines.filter((l) => l.t === 'round-start').length;
          killedAt = lines.at(-1) ?? killedAt;
          if (rounds >= 1 + (i % 4 === 0 ? 1 : 0)) {
            await sleep(Math.floor(Math.random() * 40));
            process.kill(proc.pid, 'SIGKILL');
            killedAt = tail.next().at(-1) ?? killedAt;
            break;
          }
          await sleep(10);
        }
        const res = await proc.exit;
        debug('run', i, 'killed at', JSON.stringify(killedAt)?.slice(0, 200));
        expect(res.signal, `run ${i}: ${res.err}`).toBe('SIGKILL');
        if (killedAt && (killedAt.t === 'round-start' || killedAt.t === 'phase')) killedInRound++;
      } else {
        const crash = crashes[i < 6 ? i >> 1 : i - 3];
        const res = await worker(a(crash, i)).exit;
        debug('run', i, crash, res.signal, readLog(aLog).filter((l) => l.t === 'round-end').length);
        expect(res.signal, `run ${i} (${crash}): ${res.err}`).toBe('SIGKILL');
      }
    }
    debug('outside kills inside a round:', killedInRound);

    // A comes back for good: a few more writes, then it syncs until B has published everything.
    writeFileSync(stopFile, '');
    await workerOk({ ...a(undefined, 99), iterations: 1, writes: [10, 10], batch: [5, 5], peers: ['b'] });
    const bExit = await bRun.exit;
    expect(bExit.code, bExit.err).toBe(0);

    const aLines = readLog(aLog);
    const bLines = readLog(b.log);
    const aDevice = (aLines.find((l) => l.t === 'start') as Extract<WorkerLogLine, { t: 'start' }>).deviceId;
    for (const line of aLines) {
      if (line.t === 'start') expect(line.deviceId, 'A took a new device id: it mistook its own crash for a clone').toBe(aDevice);
      if (line.t === 'round-end') expect(line.summary.rotatedFrom).toBeUndefined();
    }
    expect(lastSummary(aLines).waiting).toBe(0);
    expect(lastSummary(aLines).quarantined).toBe(0);
    expect(lastSummary(bLines).waiting).toBe(0);

    const [aExport, bExport] = await Promise.all([join(root, 'a'), b.data].map((data) => cliOk(['--data', data, 'export', '--format', 'json'])));
    expect(aExport).toBe(bExport);
    const { acknowledged } = verifyAgainstLogs(JSON.parse(bExport!) as ExportFile, [aLines, bLines]);
    const aAcknowledged = aLines.filter((l) => l.t === 'ok').reduce((n, l) => n + (l as { w: unknown[] }).w.length, 0);
    expect(aAcknowledged).toBeGreaterThan(2000);
    expect(acknowledged).toBeGreaterThan(aAcknowledged);

    // No record of A's was published twice (a crash after publishing must not re-publish the outbox).
    const seen = new Set<string>();
    const aDir = join(share, 'devices', aDevice);
    for (const name of readdirSync(aDir).filter((n) => n.endsWith('.rseg') && !n.startsWith('.'))) {
      for (const r of decodeSegment(readFileSync(join(aDir, name))).records) {
        const key = `${r[1]}|${r[2]}|${r[4]}`;
        expect(seen.has(key), `record ${key} is in two of A's segments`).toBe(false);
        seen.add(key);
      }
    }

    const check = await cli(['check', '--share', share, '--json']);
    const report = JSON.parse(check.out) as CheckReport;
    expect(report.errors, JSON.stringify(report.findings)).toBe(0);
    expect(report.warnings, JSON.stringify(report.findings)).toBe(0);
    // The half-written temporary file of the 'mid-temp-write' crash is there, and only reported.
    expect(report.findings.some((f) => f.code === 'temp_file')).toBe(true);
  });
});

/**
 * Two bootstraps seen in the runs above, cut down to their cause: a round that starts over from a
 * snapshot (wipes the synced tables, loads the snapshot, re-reads every later segment) when
 * nothing was missing. Harmless to the data, but each costs a full bootstrap (see the bench).
 */
describe('no needless bootstrap', () => {
  const policy = { retireAfterDays: 30, snapshotEverySegments: 1, gcGraceMs: 0 };
  function pair() {
    const root = tempDir('rapport-boot-');
    const share = new Share(join(root, 'share'));
    const [a, b, c] = ['a', 'b', 'c'].map((name) => openStore({ dataDir: join(root, name), migrationsDir })) as [Store, Store, Store];
    const round = (store: Store, options: Partial<SyncOptions> = {}) =>
      new SyncEngine(store.sqlite, share, { appVersion: '0.1.0', schemaVersion: store.schemaVersion, ...options }).round();
    return { share, a, b, c, round, close: () => [a, b, c].forEach((s) => s.close()) };
  }

  it('a device that has only read (its folder holds just ack.json) sends nobody into a bootstrap', () => {
    const { a, b, c, round, close } = pair();
    try {
      new ChangeLog(c.sqlite).insert('accounts', { name: 'from c' });
      round(c);
      new ChangeLog(a.sqlite).insert('accounts', { name: 'from a' });
      expect(round(a, { forceSnapshot: true }).snapshotWritten).toBeTruthy();
      expect(round(b).bootstrapped).toBe(true); // a new device starts from the snapshot: right
      for (let i = 0; i < 3; i++) {
        new ChangeLog(a.sqlite).insert('accounts', { name: `from a ${i}` });
        expect(round(a).bootstrapped, `a, round ${i}`).toBeUndefined();
        expect(round(b).bootstrapped, `b, round ${i}`).toBeUndefined();
      }
      expect(exportCanonical(a.sqlite)).toBe(exportCanonical(b.sqlite));
    } finally {
      close();
    }
  });

  it('a device that garbage-collects its own old segments does not bootstrap because they are gone', () => {
    const { a, b, round, close } = pair();
    try {
      let collected = 0;
      for (let i = 0; i < 4; i++) {
        new ChangeLog(a.sqlite).insert('accounts', { name: `a${i}` });
        new ChangeLog(b.sqlite).insert('accounts', { name: `b${i}` });
        const s = round(a, { policy });
        collected += s.segmentsCollected ?? 0;
        expect(s.bootstrapped, `round ${i}, after collecting ${collected} of its own segments`).toBeUndefined();
        round(b);
      }
      expect(collected).toBeGreaterThan(0);
      round(a, { policy });
      expect(exportCanonical(a.sqlite)).toBe(exportCanonical(b.sqlite));
    } finally {
      close();
    }
  });
});
