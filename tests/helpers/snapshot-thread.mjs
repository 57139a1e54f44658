// The snapshot-reading thread (electron/sync/snapshot-thread.ts) from the sources, for tests and
// benches, which run TypeScript through tsx: a worker thread does not inherit tsx's loader, so
// this file loads it. The app runs the bundle, out/electron/snapshot-worker.cjs.
import { tsImport } from 'tsx/esm/api';

await tsImport('../../electron/sync/snapshot-thread.ts', import.meta.url);
