/**
 * `npm run build:electron` (part of `npm run build`, which npm's `prepare` runs on install):
 * bundles everything that runs outside the page into JavaScript, so nothing needs TypeScript
 * tooling at run time.
 *
 *   out/electron/main.cjs         the desktop app's main process (routes calls, owns the window)
 *   out/electron/preload.cjs      the window's preload: method and channel names only
 *   out/electron/core-worker.cjs  the core's thread: store, services, jobs (desktop and browser mode)
 *   out/electron/sync-worker.cjs  a sync round's thread, started by the core
 *   out/electron/snapshot-worker.cjs  a snapshot read while a bootstrapping round stores it, on a thread the round starts
 *   out/electron/backup-worker.cjs  a backup's check, on a thread started by the core
 *   out/electron/import-worker.cjs  an import's rows checked ahead of the job that writes them, on a thread the job starts
 *   out/electron/pdf-worker.cjs   a printed PDF's text layer mended, on a thread started by main
 *   out/cli/rapport.mjs           the command line (electron/host/bin.mjs runs it)
 *
 * CommonJS for what Electron loads (it loads a sandboxed preload only as a classic script, and
 * package.json says "type": "module", so the .cjs extension keeps Node from reading them as ESM);
 * the workers are CommonJS too, as Electron's main starts them. The CLI is ESM: it finds the
 * project's folders from import.meta.url (electron/host/paths.ts). better-sqlite3 stays external
 * (a native module, rebuilt for Electron when packaging); everything else, drizzle, zod and
 * shared/, is inlined so the app needs no node_modules but that.
 */
import { rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { preloadManifest } from './preload/manifest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 45 ships a newer Node; node20 also keeps the output loadable by this repo's Node.
  target: 'node20',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  // import.meta is empty in CommonJS: code that reads it would break only at run time in Electron.
  logOverride: { 'empty-import-meta': 'error' },
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** Externals left as require() calls; anything more in the preload would fail under the sandbox. */
const externals = {
  main: ['electron', 'better-sqlite3'],
  workers: ['better-sqlite3'],
  preload: ['electron'],
} as const;

/** The bare modules an output still requires at run time, from esbuild's metafile. */
function requiredModules(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external) names.add(imported.path);
    }
  }
  return [...names].sort();
}

/** Every bundle written, by name (the list at the top of this file). */
export const BUNDLES = ['main', 'preload', 'coreWorker', 'syncWorker', 'snapshotWorker', 'backupWorker', 'importWorker', 'pdfWorker', 'cli'] as const;
export type BundleName = (typeof BUNDLES)[number];

/** Each bundle's file, and: */
export type ElectronBundles = Record<BundleName, string> & {
  /** What each bundle still require()s at run time. */
  requires: Record<BundleName, string[]>;
  /** The source files inlined into the preload (the check that it carries no schemas reads them). */
  preloadInputs: string[];
};

/**
 * Writes the bundles into `outDir` and the CLI into `outDir/../cli` (both emptied first), and checks
 * what each requires at run time.
 */
export async function bundleElectron(outDir = join(root, 'out', 'electron')): Promise<ElectronBundles> {
  const cliDir = join(dirname(outDir), 'cli');
  const bundle = async (entry: string, outfile: string, external: readonly string[], extra: BuildOptions = {}) => {
    const result = await build({ ...common, ...extra, entryPoints: [join(root, entry)], outfile, external: [...external] });
    const metafile = result.metafile as Metafile;
    return { requires: requiredModules(metafile), inputs: Object.keys(metafile.inputs) };
  };
  await Promise.all([rm(outDir, { recursive: true, force: true }), rm(cliDir, { recursive: true, force: true })]);
  const files: Record<BundleName, string> = {
    main: join(outDir, 'main.cjs'),
    preload: join(outDir, 'preload.cjs'),
    coreWorker: join(outDir, 'core-worker.cjs'),
    syncWorker: join(outDir, 'sync-worker.cjs'),
    snapshotWorker: join(outDir, 'snapshot-worker.cjs'),
    backupWorker: join(outDir, 'backup-worker.cjs'),
    importWorker: join(outDir, 'import-worker.cjs'),
    pdfWorker: join(outDir, 'pdf-worker.cjs'),
    cli: join(cliDir, 'rapport.mjs'),
  };
  const [main, preload, coreWorker, syncWorker, snapshotWorker, backupWorker, importWorker, pdfWorker, cli] = await Promise.all([
    bundle('electron/main/index.ts', files.main, externals.main),
    // Minified because it is parsed on every page load. The names come in by `define`, computed
    // here from the contract: importing the contract there would inline zod and every schema.
    bundle('electron/preload/index.ts', files.preload, externals.preload, {
      minify: true,
      define: { ...common.define, __RAPPORT_PRELOAD__: JSON.stringify(preloadManifest()) },
    }),
    bundle('electron/host/core-worker.ts', files.coreWorker, externals.workers),
    bundle('electron/sync/worker.ts', files.syncWorker, externals.workers),
    bundle('electron/sync/snapshot-thread.ts', files.snapshotWorker, externals.workers),
    bundle('electron/services/backup-worker.ts', files.backupWorker, externals.workers),
    bundle('electron/services/import/ahead-thread.ts', files.importWorker, externals.workers),
    bundle('electron/services/pdf-worker.ts', files.pdfWorker, externals.workers),
    bundle('electron/host/cli.ts', files.cli, externals.workers, {
      format: 'esm',
      // Bundled CommonJS dependencies still call require(); ESM has none unless we make one.
      banner: { js: "import { createRequire as __rapportRequire } from 'node:module'; const require = __rapportRequire(import.meta.url);" },
    }),
  ]);
  // A sandboxed preload's require() knows 'electron' and nothing of ours; a Node built-in slipping
  // in (say through a shared/ import) would only show as a blank window at run time.
  const strayPreload = preload.requires.filter((name) => name !== 'electron');
  if (strayPreload.length > 0) {
    throw new Error(`The preload must require only 'electron' but requires: ${strayPreload.join(', ')}.`);
  }
  const schemas = preload.inputs.filter((input) => /node_modules\/zod\/|shared\/contract\.ts$/.test(input));
  if (schemas.length > 0) {
    throw new Error(`The preload must carry names only, but inlines: ${schemas.join(', ')}.`);
  }
  const built: Record<BundleName, { requires: string[] }> = {
    main,
    preload,
    coreWorker,
    syncWorker,
    snapshotWorker,
    backupWorker,
    importWorker,
    pdfWorker,
    cli,
  };
  const stray = (requires: string[], allowed: readonly string[]) => requires.filter((name) => !allowed.includes(name) && !isBuiltin(name));
  const strayMain = stray(main.requires, externals.main);
  // The preload was checked above; every other bundle is a worker's (or the CLI's).
  const strayWorkers = stray(
    BUNDLES.filter((name) => name !== 'main' && name !== 'preload').flatMap((name) => built[name].requires),
    externals.workers,
  );
  if (strayMain.length + strayWorkers.length > 0) {
    throw new Error(`Bundles require modules that are neither bundled nor packaged: ${[...strayMain, ...strayWorkers].join(', ')}.`);
  }
  const requires = Object.fromEntries(BUNDLES.map((name) => [name, built[name].requires])) as Record<BundleName, string[]>;
  return { ...files, requires, preloadInputs: preload.inputs };
}

// Only when run as a script, so the tests can bundle into a folder of their own.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bundles = await bundleElectron();
  const names = BUNDLES.map((name) => relative(root, bundles[name]));
  console.log(`Bundled ${names.join(', ')}`);
}
