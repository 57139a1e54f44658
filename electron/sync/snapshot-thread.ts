/**
 * The thread that reads a snapshot while the round's thread stores it (snapshot-runs.ts, threadedRuns;
 * bundled to out/electron/snapshot-worker.cjs). Reading is decrypting, unzipping and hashing, a
 * sixth of a million-row bootstrap: done here, on the other core, it overlaps SQLite's work.
 *
 * It sends the runs of lines bodyRuns reads, at most SNAPSHOT_THREAD.window ahead of what the round
 * has taken, then `end` once the file is verified whole, or the error that stopped it. Runs travel
 * through `port`, which the round's thread reads without its event loop (receiveMessageOnPort),
 * waiting on the counters in `state` between them; the round sets `stop` when it needs no more.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { BadFileError } from './seal';
import { Share } from './share';
import { bodyRuns, SNAPSHOT_THREAD, type SnapshotThreadMessage } from './snapshot-runs';

interface Job {
  port: MessagePort;
  state: Int32Array;
  root: string;
  name: string;
  keys: { current: string; epochs: [string, Uint8Array][] } | null;
}

const { port, state, root, name, keys } = workerData as Job;
const send = (message: SnapshotThreadMessage, transfer: ArrayBuffer[] = []) => {
  port.postMessage(message, transfer);
  Atomics.add(state, SNAPSHOT_THREAD.sent, 1);
  Atomics.notify(state, SNAPSHOT_THREAD.sent);
};
const stopped = () => Atomics.load(state, SNAPSHOT_THREAD.stop) !== 0;

try {
  const share = new Share(root);
  if (keys) share.keys = { current: keys.current, epochs: new Map(keys.epochs.map(([epoch, key]) => [epoch, Buffer.from(key)])) };
  send({ type: 'ready' });
  let sent = 0;
  for (const run of bodyRuns(share, name)) {
    if (stopped()) break;
    // A copy of its own: a run may be a view into a larger buffer, which would travel whole.
    const bytes = new Uint8Array(run);
    send({ type: 'run', bytes }, [bytes.buffer]);
    sent++;
    for (
      let taken = Atomics.load(state, SNAPSHOT_THREAD.taken);
      sent - taken > SNAPSHOT_THREAD.window && !stopped();
      taken = Atomics.load(state, SNAPSHOT_THREAD.taken)
    )
      Atomics.wait(state, SNAPSHOT_THREAD.taken, taken);
  }
  if (!stopped()) send({ type: 'end' });
} catch (error) {
  send(
    error instanceof BadFileError
      ? { type: 'bad', reason: error.reason, message: error.message }
      : { type: 'error', message: (error as Error).message ?? String(error), code: (error as NodeJS.ErrnoException).code },
  );
} finally {
  port.close();
  parentPort?.close();
}
