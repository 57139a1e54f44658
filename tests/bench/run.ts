/**
 * `npm run bench [-- group…]`: runs the benchmark groups and prints one line per figure:
 *   BENCH <name> <value> <unit> goal <op> <value>
 * Benchmarks measure; they never fail the test suite. Each group lives in tests/bench/<group>.bench.ts
 * and exports `run(report)`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Report = (name: string, value: number, unit: string, goal: { op: '<=' | '>=' | '<' | '>'; value: number }) => void;

const here = dirname(fileURLToPath(import.meta.url));
const groups = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !groups.includes(w));
if (unknown.length > 0) {
  console.error(`Unknown benchmark group(s): ${unknown.join(', ')}. Groups: ${groups.join(', ')}`);
  process.exit(2);
}
const report: Report = (name, value, unit, goal) => {
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  console.log(`BENCH ${name} ${shown} ${unit} goal ${goal.op} ${goal.value}`);
};
for (const group of wanted.length > 0 ? wanted : groups) {
  const mod = (await import(join(here, `${group}.bench.ts`))) as { run(report: Report): Promise<void> | void };
  console.error(`# ${group}`);
  await mod.run(report);
}
