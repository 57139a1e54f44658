/**
 * The randomized offices of sync-convergence.test.ts on an encrypted share (issue 12): the same
 * faults (cut-short and damaged files, late and out-of-order delivery, conflicted copies, clones,
 * a lost format file, clock skew, purges), every file sealed. After the last rounds every replica
 * is identical, no acknowledged write is lost, nothing waits or is quarantined, and `rapport check`
 * with a member's keys finds nothing to warn about.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { runScenario, scenarioArb } from '../helpers/sync-sim';

describe('an encrypted share under the folder tools’ faults', () => {
  const runs = Number(process.env.SHARE_PROPERTY_RUNS ?? 40);
  const seed = Number(process.env.SYNC_PROPERTY_SEED ?? 20261205);
  it(`${runs} random offices converge, every file sealed`, () => {
    fc.assert(
      fc.property(scenarioArb({ minDevices: 3, maxDevices: 6, maxCommands: 14 }), (scenario) => {
        runScenario(scenario, undefined, { encrypted: true });
      }),
      { numRuns: runs, seed, plugins: [fc.interruptAfterTimeLimit(150_000)] },
    );
  }, 300_000);
});
