/**
 * `npm run check:electron`: @doyensec/electronegativity over the app's sources (electron/, renderer/,
 * shared/), scanned together so its global checks (CSP, navigation limits, permission handler)
 * see the whole app. Exits 1 on any finding not accepted in exceptions.ts, on an exception that
 * matches nothing any more, and on a source file the checker could not parse (a file it skips
 * would make "zero findings" meaningless).
 *
 * The checker looks online for newer Electron releases and translations; offline it says so and
 * goes on (the Electron version is then taken from node_modules, below).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXCEPTIONS } from './exceptions';

interface Finding {
  id: string;
  file: string;
  location?: { line: number; column: number };
  severity?: { name: string };
  confidence?: { name: string };
  description?: string;
}
interface RunResult {
  errors: { file: string; message: string; tolerable?: boolean }[];
  issues: Finding[];
}
type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<RunResult>;

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

async function main(): Promise<number> {
  // Babel's add-module-exports: the module is the function (older builds: its default).
  const loaded = require('@doyensec/electronegativity/dist/runner.js') as Run | { default: Run };
  const run = typeof loaded === 'function' ? loaded : loaded.default;
  const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  // One tree holding only the app's sources: no node_modules, no build output, no tests.
  const scan = mkdtempSync(join(tmpdir(), 'rapport-electronegativity-'));
  try {
    for (const dir of ['electron', 'renderer', 'shared'])
      cpSync(join(root, dir), join(scan, dir), { recursive: true, filter: (src) => !src.includes('node_modules') });
    cpSync(join(root, 'package.json'), join(scan, 'package.json'));
    const result = await run(
      { input: scan, isRelative: true, isVerbose: false, electronVersionOverride: electronVersion, customScan: [], excludeFromScan: [], parserPlugins: [] },
      false,
    );
    const unparsed = result.errors.filter((e) => !e.tolerable);
    const used = new Set<number>();
    const findings = result.issues.filter((issue) => {
      const index = EXCEPTIONS.findIndex((e) => e.id === issue.id && e.file === issue.file);
      if (index >= 0) used.add(index);
      return index < 0;
    });
    const stale = EXCEPTIONS.filter((_, i) => !used.has(i));
    for (const e of unparsed) console.error(`not scanned: ${e.file.replace(scan, '')}: ${e.message}`);
    for (const f of findings) {
      console.error(`${f.id} ${f.file}:${f.location?.line ?? 0} [${f.severity?.name}/${f.confidence?.name}] ${f.description ?? ''}`);
    }
    for (const e of stale) console.error(`exception no longer needed (remove it from tests/electronegativity/exceptions.ts): ${e.id} ${e.file}`);
    console.log(
      `electronegativity ${electronVersion}: ${result.issues.length} findings, ${result.issues.length - findings.length} accepted (exceptions.ts), ${findings.length} to fix; ${unparsed.length} files not scanned; ${stale.length} stale exceptions.`,
    );
    return findings.length + unparsed.length + stale.length === 0 ? 0 : 1;
  } finally {
    rmSync(scan, { recursive: true, force: true });
  }
}

process.exitCode = await main();
