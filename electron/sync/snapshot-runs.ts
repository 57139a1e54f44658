/**
 * Reading a snapshot's body (snapshot.ts loads it): the runs of lines after the header, verified
 * as they come, on the caller's thread or on a thread of its own (snapshot-thread.ts) that
 * decrypts, unzips and hashes while the caller stores the runs. Nothing here touches the store:
 * the thread's bundle needs no native module.
 */
import { existsSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { BadFileError, contentOf } from './seal';
import { EnvelopeReader } from './segment';
import { SNAPSHOTS_DIR, snapshotHashOf, type Share } from './share';

/** The runs of lines after the header, read from the file and verified again as they come. */
export function* bodyRuns(share: Share, name: string): Generator<Buffer> {
  const file = share.open(SNAPSHOTS_DIR, name);
  try {
    const reader = new EnvelopeReader(contentOf(share.keys, file));
    let first = true;
    for (let run = reader.next(); run; run = reader.next()) {
      if (first) {
        first = false;
        run = run.subarray(run.indexOf(0x0a) + 1);
        if (run.length === 0) continue;
      }
      yield run;
    }
    if (snapshotHashOf(name) !== reader.verified?.hash) throw new BadFileError('checksum', 'snapshot content does not match its name');
  } finally {
    file.close();
  }
}

/** The state both threads share while a snapshot is read on a thread (snapshot-thread.ts): Int32 slots, and how far ahead the reader may go. */
export const SNAPSHOT_THREAD = { sent: 0, taken: 1, stop: 2, window: 8 } as const;

export type SnapshotThreadMessage =
  | { type: 'ready' }
  | { type: 'run'; bytes: Uint8Array }
  | { type: 'end' }
  | { type: 'bad'; reason: BadFileError['reason']; message: string }
  | { type: 'error'; message: string; code?: string };

/** How long the round waits for the reading thread to start; past this it reads the file itself. */
const THREAD_START_MS = 10_000;
/**
 * How long it waits for the thread's next run before giving up on the round: a thread that died
 * (the round fails with that reason and the next one starts over). A run is one gzip member, read
 * in well under a second even from a slow share.
 */
const THREAD_SILENCE_MS = 120_000;

/**
 * bodyRuns, read on a thread of its own (`file`, snapshot-thread.ts) so that decrypting, unzipping
 * and hashing overlap the caller's work on the runs. The caller's thread waits for each run without
 * its event loop, as the round is synchronous. Same runs, same errors.
 */
export function* threadedRuns(share: Share, name: string, file: string): Generator<Buffer> {
  if (!existsSync(file)) {
    console.error(`[rapport] ${file} is missing: snapshot ${name} is read on the round's own thread`);
    yield* bodyRuns(share, name);
    return;
  }
  const { port1, port2 } = new MessageChannel();
  const state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const keys = share.keys && { current: share.keys.current, epochs: [...share.keys.epochs] };
  const worker = new Worker(file, { workerData: { port: port2, state, root: share.root, name, keys }, transferList: [port2] });
  // A thread that fails to start says so here (then the round reads the file itself, below); once
  // started, its failures come as messages.
  worker.on('error', (error) => console.error(`[rapport] the thread reading snapshot ${name} failed:`, error.message));
  const stop = () => {
    Atomics.store(state, SNAPSHOT_THREAD.stop, 1);
    Atomics.notify(state, SNAPSHOT_THREAD.taken);
    port1.close();
    void worker.terminate();
  };
  let started = false;
  try {
    for (;;) {
      const sent = Atomics.load(state, SNAPSHOT_THREAD.sent);
      const received = receiveMessageOnPort(port1);
      if (!received) {
        if (Atomics.wait(state, SNAPSHOT_THREAD.sent, sent, started ? THREAD_SILENCE_MS : THREAD_START_MS) !== 'timed-out') continue;
        if (started) throw new Error(`the thread reading snapshot ${name} stopped answering`);
        break;
      }
      const message = received.message as SnapshotThreadMessage;
      if (message.type === 'ready') started = true;
      else if (message.type === 'run') {
        Atomics.add(state, SNAPSHOT_THREAD.taken, 1);
        Atomics.notify(state, SNAPSHOT_THREAD.taken);
        yield Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
      } else if (message.type === 'end') return;
      else if (message.type === 'bad') throw new BadFileError(message.reason, message.message);
      // As read here: the same message, and the same code (ENOENT for a file that went meanwhile).
      else throw Object.assign(new Error(message.message), message.code ? { code: message.code } : {});
    }
  } finally {
    stop();
  }
  // The thread did not start (a broken bundle, the machine swamped): read here.
  console.error(`[rapport] the thread to read snapshot ${name} did not start: it is read on the round's own thread`);
  yield* bodyRuns(share, name);
}
