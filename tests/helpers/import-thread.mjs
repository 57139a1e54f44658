// The thread that checks an import's rows ahead of its job (electron/services/import/ahead-thread.ts)
// from the sources, for tests and benches, which run TypeScript through tsx: a worker thread does
// not inherit tsx's loader, so this file loads it. The app runs the bundle, out/electron/import-worker.cjs.
import { tsImport } from 'tsx/esm/api';

await tsImport('../../electron/services/import/ahead-thread.ts', import.meta.url);
