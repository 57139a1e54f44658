/**
 * Sync soak: the convergence property of tests/integration/sync-convergence.test.ts, with more
 * devices' worth of commands per case and as many cases as asked for.
 *
 *   node --import tsx tests/soak/sync-soak.ts [runs] [--seed N] [--path P] [--commands N] [--no-shrink] [--no-clones] [--trace]
 *
 * With --trace, every case prints its commands and rounds (use with a replayed --seed/--path).
 * Prints progress, then `N passed, 0 failed`; on a failure, the seed and path that replay it
 * (pass them back with --seed/--path), the counterexample and the error, and exits 1.
 */
import fc from 'fast-check';
import { runScenario, scenarioArb, type ScenarioResult } from '../helpers/sync-sim';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').match(/^--(seed|path|commands)$/));
const runs = Number(positional[0] ?? 2000);
const seed = option('--seed') !== undefined ? Number(option('--seed')) : Date.now() ^ (Math.random() * 0x7fffffff);
const path = option('--path');
const maxCommands = Number(option('--commands') ?? 60);
const shrink = !process.argv.includes('--no-shrink');
const noClones = process.argv.includes('--no-clones');
const trace = process.argv.includes('--trace') ? (line: string) => console.log(line) : undefined;

if (!Number.isInteger(runs) || runs <= 0) {
  console.error('usage: node --import tsx tests/soak/sync-soak.ts [runs] [--seed N] [--path P] [--commands N] [--no-shrink] [--no-clones] [--trace]');
  process.exit(2);
}

const totals: Record<string, number> = {};
const crashPoints: Record<string, number> = {};
let done = 0;
const started = performance.now();
const every = Math.max(1, Math.round(runs / 40));

function tally(result: ScenarioResult): void {
  for (const [k, v] of Object.entries({ ...result.stats, ...result.tool })) if (typeof v === 'number') totals[k] = (totals[k] ?? 0) + v;
  for (const [k, v] of Object.entries(result.stats.crashPoints)) crashPoints[k] = (crashPoints[k] ?? 0) + v;
}

console.log(`sync soak: ${runs} cases, seed ${seed}${path ? `, path ${path}` : ''}, up to ${maxCommands} commands, 3–8 devices`);
const details = fc.check(
  fc.property(scenarioArb({ minDevices: 3, maxDevices: 8, maxCommands, noClones }), (scenario) => {
    const result = runScenario(scenario, trace);
    done++;
    tally(result);
    if (done % every === 0 && done <= runs) {
      const s = (performance.now() - started) / 1000;
      console.log(
        `  ${done}/${runs} cases  ${s.toFixed(0)} s  (${(done / s).toFixed(1)}/s)  writes ${totals.writes ?? 0}  crashes ${totals.crashes ?? 0}  conflicts ${totals.conflicts ?? 0}`,
      );
    }
  }),
  { numRuns: runs, seed, ...(path ? { path } : {}), endOnFailure: !shrink },
);

const cpu = process.cpuUsage();
const seconds = `${((performance.now() - started) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`;
console.log(`totals: ${JSON.stringify(totals)}`);
console.log(
  `crash points hit: ${Object.keys(crashPoints).length} kinds, e.g. ${Object.entries(crashPoints)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, v]) => `${k} ×${v}`)
    .join('; ')}`,
);
if (details.failed) {
  console.log(`\nFAILED after ${details.numRuns} case(s), ${details.numShrinks} shrink(s), ${seconds}`);
  console.log(`replay: node --import tsx tests/soak/sync-soak.ts 1 --seed ${details.seed} --path "${details.counterexamplePath}" --commands ${maxCommands}`);
  console.log(`counterexample: ${fc.stringify(details.counterexample)}`);
  console.log(
    `error: ${details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance)}`,
  );
  console.log(`${details.numRuns - 1} passed, 1 failed`);
  process.exit(1);
}
console.log(`${details.numRuns} passed, 0 failed (${seconds})`);
