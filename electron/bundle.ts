/**
 * `npm run build:electron`: bundles the main process and the preload into out/electron/*.cjs.
 *
 * CommonJS because Electron loads a sandboxed preload only as a classic script, and package.json
 * says "type": "module", so the .cjs extension is what keeps Node from reading them as ESM.
 * Main keeps better-sqlite3 external (a native module, rebuilt for Electron when packaging);
 * everything else, drizzle, zod and shared/, is inlined so the app needs no node_modules but that.
 */
import { rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';

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

export interface ElectronBundles {
  main: string;
  preload: string;
  /** What each bundle still require()s at run time. */
  requires: { main: string[]; preload: string[] };
}

/** Writes main.cjs and preload.cjs into `outDir` (emptied first) and checks what they require. */
export async function bundleElectron(outDir = join(root, 'out', 'electron')): Promise<ElectronBundles> {
  const bundle = async (entry: string, outfile: string, external: readonly string[], extra: BuildOptions = {}) => {
    const result = await build({ ...common, ...extra, entryPoints: [join(root, entry)], outfile: join(outDir, outfile), external: [...external] });
    return requiredModules(result.metafile as Metafile);
  };
  await rm(outDir, { recursive: true, force: true });
  const [main, worker, preload] = await Promise.all([
    bundle('electron/main/index.ts', 'main.cjs', externals.main),
    // Sync rounds run on a worker thread with the same externals as main.
    bundle('electron/sync/worker.ts', 'sync-worker.cjs', externals.main),
    // Minified because it is parsed on every page load; zod (through shared/contract) is most of it.
    bundle('electron/preload/index.ts', 'preload.cjs', externals.preload, { minify: true }),
  ]);
  // A sandboxed preload's require() knows 'electron' and nothing of ours; a Node built-in slipping
  // in (say through a shared/ import) would only show as a blank window at run time.
  const strayPreload = preload.filter((name) => name !== 'electron');
  if (strayPreload.length > 0) {
    throw new Error(`The preload must require only 'electron' but requires: ${strayPreload.join(', ')}.`);
  }
  const allowedMain = new Set<string>(externals.main);
  const strayMain = [...main, ...worker].filter((name) => !allowedMain.has(name) && !isBuiltin(name));
  if (strayMain.length > 0) {
    throw new Error(`Main requires modules that are neither bundled nor packaged: ${strayMain.join(', ')}.`);
  }
  return { main: join(outDir, 'main.cjs'), preload: join(outDir, 'preload.cjs'), requires: { main, preload } };
}

// Only when run as a script, so the tests can bundle into a folder of their own.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { main } = await bundleElectron();
  console.log(`Bundled ${relative(root, dirname(main))}/main.cjs and preload.cjs`);
}
