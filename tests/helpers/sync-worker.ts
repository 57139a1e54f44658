/**
 * A device as a real OS process, for tests/integration/sync-processes.test.ts:
 *
 *   node --import tsx tests/helpers/sync-worker.ts '<WorkerConfig as JSON>'
 *
 * It loops: a few random local writes through the one write path (ChangeLog), then one sync
 * round against the shared folder. Every write is logged to `log` (JSON lines, written
 * synchronously so a SIGKILL cannot lose a logged line) twice: an `intent` before the
 * transaction and an `ok` after it committed, so the test knows exactly which writes were
 * acknowledged and which may or may not have happened.
 *
 * What it writes, so the test can check the end state without knowing the merge order:
 * - accounts it creates are named `<tag>-…` and only this worker ever renames them (the `name`
 *   field has one writer: its final value must be this worker's last write);
 * - any worker moves any account to the bin and back (`deleted_at` has many writers: the final
 *   value must be one some worker wrote, and concurrent ones leave conflict records).
 *
 * `crash` makes the process SIGKILL itself at one chosen instant inside a round (a fault
 * injected through a Share subclass or the progress callback); the test also kills it from outside.
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { migrationsDir as repoMigrations } from '../../electron/host/paths';
import { openStore } from '../../electron/store/open';
import { newId } from '../../electron/store/ids';
import { ChangeLog, type SqlValue } from '../../electron/sync/changes';
import { SyncEngine, type SyncSummary } from '../../electron/sync/engine';
import type { MaintenancePolicy } from '../../electron/sync/maintenance';
import { Share, type ShareWriter } from '../../electron/sync/share';

export type CrashPoint =
  /** The segment file is renamed into place, the store has not recorded it yet. */
  | 'after-segment-rename'
  /** Half of the segment's bytes are in the temporary file, nothing renamed. */
  | 'mid-temp-write'
  /** Between two applied segments of another device. */
  | 'in-apply'
  /** The snapshot file is published, maintenance's transaction is not committed. */
  | 'after-snapshot'
  /** The ack file is published, its record in local_meta is not. */
  | 'after-ack';

export interface WorkerConfig {
  data: string;
  share: string;
  tag: string;
  seed: number;
  /** JSON-lines log (see WorkerLogLine). */
  log: string;
  /** Folder of `<tag>.done` files: a worker's is written once all its writes are published. */
  markers: string;
  /** Tags whose markers must exist before the final round; empty: exit after the iterations. */
  peers: string[];
  /** Upper bound on edit iterations. */
  iterations: number;
  /** Edit iterations also stop once this file exists. */
  stopFile?: string;
  /** Writes per iteration, inclusive range. */
  writes: [number, number];
  /** Writes per transaction, inclusive range. */
  batch: [number, number];
  /** Pause after each round, ms, inclusive range. */
  pauseMs?: [number, number];
  policy?: MaintenancePolicy;
  crash?: CrashPoint;
  appVersion?: string;
  migrationsDir?: string;
}

export interface LoggedWrite {
  op: 'insert' | 'rename' | 'delete' | 'restore';
  id: string;
  field: 'name' | 'deleted_at';
  value: SqlValue;
}

export type WorkerLogLine =
  | { t: 'start'; tag: string; pid: number; deviceId: string }
  | { t: 'intent'; tag: string; w: LoggedWrite[] }
  | { t: 'ok'; tag: string; w: LoggedWrite[] }
  | { t: 'round-start'; tag: string; n: number }
  | { t: 'phase'; tag: string; phase: string; done: number; total: number }
  | { t: 'round-end'; tag: string; n: number; ms: number; summary: SyncSummary }
  | { t: 'final'; tag: string; deviceId: string; summary: SyncSummary };

/** mulberry32: small, seedable, good enough to pick edits reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function main(config: WorkerConfig): void {
  const random = prng(config.seed);
  const between = ([lo, hi]: [number, number]) => lo + Math.floor(random() * (hi - lo + 1));
  const log = (line: WorkerLogLine) => appendFileSync(config.log, JSON.stringify(line) + '\n');
  const die = () => process.kill(process.pid, 'SIGKILL');

  const store = openStore({ dataDir: config.data, migrationsDir: config.migrationsDir ?? repoMigrations });
  const changes = new ChangeLog(store.sqlite);
  const crash = config.crash;

  class FaultyShare extends Share {
    override publish(bytes: Buffer | string, ...parts: string[]): void {
      const name = parts[parts.length - 1]!;
      if (crash === 'mid-temp-write' && name.startsWith('seg-')) {
        const dir = join(this.root, ...parts.slice(0, -1));
        mkdirSync(dir, { recursive: true });
        const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
        const fd = openSync(join(dir, `.tmp-${randomBytes(4).toString('hex')}-${name}`), 'w');
        writeSync(fd, data.subarray(0, data.length >> 1));
        closeSync(fd);
        die();
      }
      super.publish(bytes, ...parts);
      if (crash === 'after-segment-rename' && name.startsWith('seg-')) die();
      if (crash === 'after-snapshot' && parts[0] === 'snapshots') die();
      if (crash === 'after-ack' && name === 'ack.json') die();
    }

    // Snapshots are written in pieces (Share.create), not through publish().
    override create(label: string, ...dir: string[]): ShareWriter {
      const file = super.create(label, ...dir);
      if (crash === 'after-snapshot' && dir[0] === 'snapshots') {
        const publish = file.publish.bind(file);
        file.publish = (name: string) => {
          publish(name);
          die();
        };
      }
      return file;
    }
  }

  const share = new FaultyShare(config.share);
  const engine = () =>
    new SyncEngine(store.sqlite, share, {
      appVersion: config.appVersion ?? '0.1.0',
      schemaVersion: store.schemaVersion,
      policy: config.policy,
      onProgress: (p) => {
        log({ t: 'phase', tag: config.tag, phase: p.phase, done: p.done, total: p.total });
        if (crash === 'in-apply' && p.phase === 'apply' && p.done >= 1) die();
      },
    });

  log({ t: 'start', tag: config.tag, pid: process.pid, deviceId: store.deviceId });
  // Names are unique across restarts of the same device: a per-run nonce.
  const run = randomBytes(3).toString('hex');
  let counter = 0;

  // The rows as they are when an iteration starts, kept up to date with our own writes (nothing
  // else writes to this store between two rounds), so picking a row costs nothing.
  let own: string[] = [];
  let ids: string[] = [];
  const bin = new Map<string, string | null>();
  const loadRows = () => {
    own = (store.sqlite.prepare('SELECT id FROM accounts WHERE name LIKE ? ORDER BY id').all(`${config.tag}-%`) as { id: string }[]).map((r) => r.id);
    const all = store.sqlite.prepare('SELECT id, deleted_at FROM accounts ORDER BY id').all() as { id: string; deleted_at: string | null }[];
    ids = all.map((r) => r.id);
    bin.clear();
    for (const r of all) bin.set(r.id, r.deleted_at);
  };

  const pickWrite = (): LoggedWrite | null => {
    const roll = random();
    if (roll < 0.4) {
      return { op: 'insert', id: newId(), field: 'name', value: `${config.tag}-${run}-${counter++}` };
    }
    if (roll < 0.7) {
      const id = own[Math.floor(random() * own.length)];
      if (!id) return null;
      return { op: 'rename', id, field: 'name', value: `${config.tag}-${run}-${counter++}` };
    }
    const id = ids[Math.floor(random() * ids.length)];
    if (!id) return null;
    // A unique bin time per write, so the test can tell every writer's value apart.
    const stamp = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 1e10)).toISOString();
    return bin.get(id) === null ? { op: 'delete', id, field: 'deleted_at', value: stamp } : { op: 'restore', id, field: 'deleted_at', value: null };
  };

  const writeSome = () => {
    loadRows();
    let left = between(config.writes);
    while (left > 0) {
      const size = Math.min(left, between(config.batch));
      left -= size;
      const batch: LoggedWrite[] = [];
      store.sqlite
        .transaction(() => {
          for (let i = 0; i < size; i++) {
            const w = pickWrite();
            if (!w) continue;
            batch.push(w);
            if (w.op === 'insert') {
              changes.insert('accounts', { name: w.value }, w.id);
              own.push(w.id);
              ids.push(w.id);
              bin.set(w.id, null);
            } else {
              changes.update('accounts', w.id, { [w.field]: w.value });
              if (w.field === 'deleted_at') bin.set(w.id, w.value as string | null);
            }
          }
          // Logged before the commit: a kill right after it leaves an intent without its ok.
          log({ t: 'intent', tag: config.tag, w: batch });
        })
        .immediate();
      if (batch.length > 0) log({ t: 'ok', tag: config.tag, w: batch });
    }
  };

  let n = 0;
  const round = (): SyncSummary => {
    log({ t: 'round-start', tag: config.tag, n });
    const started = performance.now();
    const summary = engine().round();
    log({ t: 'round-end', tag: config.tag, n: n++, ms: Math.round(performance.now() - started), summary });
    return summary;
  };
  const pause = () => {
    if (!config.pauseMs) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, between(config.pauseMs));
  };

  for (let i = 0; i < config.iterations && !(config.stopFile && existsSync(config.stopFile)); i++) {
    writeSome();
    round();
    pause();
  }
  if (config.peers.length === 0) {
    store.close();
    return;
  }
  // Everything written is published by this round (the outbox is empty after it).
  const published = round();
  if (published.pendingLocal !== 0) throw new Error(`outbox not empty after the last round: ${published.pendingLocal}`);
  mkdirSync(config.markers, { recursive: true });
  writeFileSync(join(config.markers, `${config.tag}.done`), store.deviceId);
  // Keep syncing until every peer has published all of its writes, then one last round reads them.
  // Long enough for peers (CLI processes among them) on a loaded machine; below the tests' own timeouts.
  const deadline = Date.now() + 100_000;
  while (!config.peers.every((p) => existsSync(join(config.markers, `${p}.done`)))) {
    if (Date.now() > deadline) throw new Error(`${config.tag}: peers ${config.peers.join(', ')} never finished`);
    round();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  const summary = round();
  log({ t: 'final', tag: config.tag, deviceId: store.deviceId, summary });
  store.close();
}

main(JSON.parse(process.argv[2] ?? '{}') as WorkerConfig);
