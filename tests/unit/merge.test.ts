/**
 * The per-field merge (electron/sync/merge.ts; docs/sync-format.md "Applying changes (merge)"):
 * a field holds a set of heads, values no known change has superseded. A change removes the heads
 * in its `supersedes` and becomes a head; the head with the greatest clock is the value, the others
 * are the losing sides of a conflict. With causal delivery the result does not depend on the order
 * changes arrive in; re-applying a change that is still a head is harmless.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HybridClock, encodeClock, type Clock } from '../../electron/sync/hlc';
import { compareHeads, mergeField, type FieldChange, type FieldState, type Versioned } from '../../electron/sync/merge';

const A = 'aaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbb';
const C = 'cccccccccccccccc';
/** 2026-01-01T00:00:00Z */
const T = 1_767_225_600_000;

/** A clock `ms` after T, from `device`. */
const at = (ms: number, device: string, counter = 0): Clock => encodeClock({ wall: T + ms, counter, device });
const json = (value: string | number | null) => JSON.stringify(value);
const change = (value: string | number | null, clock: Clock, supersedes: Clock[] = []): FieldChange => ({ value: json(value), clock, supersedes });
const head = (value: string | number | null, clock: Clock): Versioned => ({ value: json(value), clock });

/** Applies changes in order, keeping the state when a change was already known. */
const applyAll = (changes: FieldChange[], state?: FieldState): FieldState | undefined => changes.reduce((s, c) => mergeField(s, c) ?? s, state);

describe('mergeField', () => {
  const acme = change('Acme', at(0, A));
  const acmeLtd = change('Acme Ltd', at(10, A), [acme.clock]);
  const acmeCorp = change('Acme Corp', at(20, B), [acme.clock]);

  it.each<[string, FieldState | undefined, FieldChange, FieldState]>([
    ['the first value of a field is its only head', undefined, acme, { winner: head('Acme', acme.clock), losers: [] }],
    [
      'the first value wins whatever it claims to supersede (there is nothing to supersede)',
      undefined,
      change('Acme', at(0, A), [at(-5, B)]),
      { winner: head('Acme', at(0, A)), losers: [] },
    ],
    [
      'an edit that saw the value replaces it: no conflict',
      { winner: head('Acme', acme.clock), losers: [] },
      acmeLtd,
      { winner: head('Acme Ltd', acmeLtd.clock), losers: [] },
    ],
    [
      'a concurrent edit with a later clock wins; the value it did not see is the losing side',
      { winner: head('Acme Ltd', acmeLtd.clock), losers: [] },
      acmeCorp,
      { winner: head('Acme Corp', acmeCorp.clock), losers: [head('Acme Ltd', acmeLtd.clock)] },
    ],
    [
      'a concurrent edit with an earlier clock loses, and is kept as the losing side',
      { winner: head('Acme Corp', acmeCorp.clock), losers: [] },
      acmeLtd,
      { winner: head('Acme Corp', acmeCorp.clock), losers: [head('Acme Ltd', acmeLtd.clock)] },
    ],
    [
      'equal wall and counter: the greater device id wins (the last part of the clock)',
      { winner: head('from A', at(5, A, 3)), losers: [] },
      change('from B', at(5, B, 3)),
      { winner: head('from B', at(5, B, 3)), losers: [head('from A', at(5, A, 3))] },
    ],
    [
      'equal wall: the greater counter wins over the greater device id',
      { winner: head('from B', at(5, B, 3)), losers: [] },
      change('from A', at(5, A, 4)),
      { winner: head('from A', at(5, A, 4)), losers: [head('from B', at(5, B, 3))] },
    ],
    [
      'resolving a conflict supersedes every head: one value, the conflict closes',
      { winner: head('Acme Corp', acmeCorp.clock), losers: [head('Acme Ltd', acmeLtd.clock)] },
      change('Acme Ltd', at(30, C), [acmeCorp.clock, acmeLtd.clock]),
      { winner: head('Acme Ltd', at(30, C)), losers: [] },
    ],
    [
      'an edit that supersedes only the winner leaves the open conflict open',
      { winner: head('Acme Corp', acmeCorp.clock), losers: [head('Acme Ltd', acmeLtd.clock)] },
      change('ACME Corporation', at(30, B), [acmeCorp.clock]),
      { winner: head('ACME Corporation', at(30, B)), losers: [head('Acme Ltd', acmeLtd.clock)] },
    ],
    [
      'a change replaces what it supersedes even with an earlier clock; a remaining head with a later clock still wins',
      { winner: head('Acme Corp', acmeCorp.clock), losers: [head('Acme Ltd', acmeLtd.clock)] },
      change('Acme GmbH', at(15, C), [acmeLtd.clock]),
      { winner: head('Acme Corp', acmeCorp.clock), losers: [head('Acme GmbH', at(15, C))] },
    ],
    [
      'a change that supersedes its only head wins even with an earlier clock (it replaced the value it saw)',
      { winner: head('Acme Corp', acmeCorp.clock), losers: [] },
      change('Acme GmbH', at(15, C), [acmeCorp.clock]),
      { winner: head('Acme GmbH', at(15, C)), losers: [] },
    ],
    [
      'superseded clocks that are not heads (replaced already) change nothing',
      { winner: head('Acme Corp', acmeCorp.clock), losers: [] },
      change('Acme Holding', at(40, A), [acme.clock, acmeLtd.clock]),
      { winner: head('Acme Holding', at(40, A)), losers: [head('Acme Corp', acmeCorp.clock)] },
    ],
    [
      'losers are kept newest first',
      { winner: head(3, at(30, C)), losers: [head(1, at(10, A))] },
      change(2, at(20, B)),
      { winner: head(3, at(30, C)), losers: [head(2, at(20, B)), head(1, at(10, A))] },
    ],
    [
      'null is a value like any other (a cleared field)',
      { winner: head('Shanghai', at(0, A)), losers: [] },
      change(null, at(10, B), [at(0, A)]),
      { winner: head(null, at(10, B)), losers: [] },
    ],
    [
      'two values with one clock (only a cloned device id makes them) are both heads, ordered by value',
      { winner: head('Acme (original)', at(5, A)), losers: [] },
      change('Acme (clone)', at(5, A)),
      { winner: head('Acme (original)', at(5, A)), losers: [head('Acme (clone)', at(5, A))] },
    ],
  ])('%s', (_, state, incoming, expected) => {
    expect(mergeField(state, incoming)).toEqual(expected);
  });

  it.each<[string, FieldState, FieldChange]>([
    ['the winner again', { winner: head('Acme Corp', acmeCorp.clock), losers: [head('Acme Ltd', acmeLtd.clock)] }, acmeCorp],
    ['a losing side again', { winner: head('Acme Corp', acmeCorp.clock), losers: [head('Acme Ltd', acmeLtd.clock)] }, acmeLtd],
    [
      'a head again, with a different supersedes list (the same change, already applied)',
      { winner: head('Acme Corp', acmeCorp.clock), losers: [head('Acme Ltd', acmeLtd.clock)] },
      { ...acmeCorp, supersedes: [acmeLtd.clock] },
    ],
  ])('returns undefined for a change that is already a head: %s', (_, state, incoming) => {
    expect(mergeField(state, incoming)).toBeUndefined();
  });

  it('keeps no memory of replaced values: a replaced change applied again becomes a head once more (the engine applies each segment once)', () => {
    const replaced = applyAll([acme, acmeLtd]);
    expect(replaced).toEqual({ winner: head('Acme Ltd', acmeLtd.clock), losers: [] });
    expect(mergeField(replaced, acme)).toEqual({ winner: head('Acme Ltd', acmeLtd.clock), losers: [head('Acme', acme.clock)] });
  });

  it('does not change the state it is given', () => {
    const state: FieldState = { winner: head('Acme Corp', acmeCorp.clock), losers: [head('Acme Ltd', acmeLtd.clock)] };
    const copy = structuredClone(state);
    const incoming = change('Acme Holding', at(40, C), [acmeLtd.clock]);
    const supersedes = [...incoming.supersedes];
    mergeField(state, incoming);
    expect(state).toEqual(copy);
    expect(incoming.supersedes).toEqual(supersedes);
  });
});

describe('compareHeads', () => {
  it.each([
    ['an earlier clock sorts first', head('z', at(0, B)), head('a', at(1, A)), -1],
    ['the device id orders equal wall and counter', head('z', at(0, A)), head('a', at(0, B)), -1],
    ['equal clocks: by value', head('a', at(0, A)), head('b', at(0, A)), -1],
    ['equal clock and value: equal', head('a', at(0, A)), head('a', at(0, A)), 0],
  ])('%s', (_, a, b, expected) => {
    expect(compareHeads(a, b)).toBe(expected);
    expect(compareHeads(b, a)).toBe(-expected || 0);
  });
});

// ---- Properties over histories: devices edit one field, learn each other's changes in causal order. ----

interface Written extends FieldChange {
  /** Indices of the changes the writer had when it wrote this one (its causal past). */
  deps: Set<number>;
}

interface Replica {
  clock: HybridClock;
  known: Set<number>;
  state: FieldState | undefined;
}

type Op = { kind: 'write'; device: number; value: number; resolve: boolean; step: number } | { kind: 'sync'; from: number; to: number };

const DEVICES = ['0000000000000001', '00000000000000a2', '3f00000000000003', 'ffffffffffffff04'];

const opArb = fc.oneof(
  // resolve: supersede every head, as settling a conflict does; otherwise only the current value, as an edit does.
  fc.record({
    kind: fc.constant('write' as const),
    device: fc.nat(DEVICES.length - 1),
    value: fc.nat(4),
    resolve: fc.boolean(),
    step: fc.integer({ min: -3_000, max: 3_000 }),
  }),
  fc.record({ kind: fc.constant('sync' as const), from: fc.nat(DEVICES.length - 1), to: fc.nat(DEVICES.length - 1) }),
);

/** What the docs define: the heads are the changes no other change supersedes; the greatest is the value. */
function expectedState(changes: FieldChange[]): FieldState | undefined {
  const superseded = new Set(changes.flatMap((c) => c.supersedes));
  const heads = changes.filter((c) => !superseded.has(c.clock)).map((c): Versioned => ({ value: c.value, clock: c.clock }));
  heads.sort((a, b) => compareHeads(b, a));
  const [winner, ...losers] = heads;
  return winner ? { winner, losers } : undefined;
}

/**
 * Runs a history: devices with skewed physical clocks write (the clock ticks past everything the
 * device has seen; supersedes lists what it sees in the field) and pass on what they know, oldest
 * first (a causal order). Checks on the way that every device's state is the documented one for
 * what it knows.
 */
function runHistory(ops: Op[], skews: number[]): Written[] {
  const written: Written[] = [];
  const now = skews.map((skew) => T + skew);
  const replicas: Replica[] = DEVICES.map((device, i) => ({
    clock: new HybridClock(device, { wall: 0, counter: 0 }, () => now[i]!),
    known: new Set(),
    state: undefined,
  }));
  const learn = (replica: Replica, index: number) => {
    const incoming = written[index]!;
    replica.clock.observe(incoming.clock);
    const next = mergeField(replica.state, incoming);
    if (next) replica.state = next;
    replica.known.add(index);
  };
  for (const op of ops) {
    if (op.kind === 'write') {
      const replica = replicas[op.device]!;
      now[op.device] = now[op.device]! + op.step;
      const state = replica.state;
      const supersedes = !state ? [] : op.resolve ? [state.winner, ...state.losers].map((h) => h.clock) : [state.winner.clock];
      written.push({ value: json(`v${op.value}`), clock: replica.clock.tick(), supersedes, deps: new Set(replica.known) });
      const mine = written.length - 1;
      const next = mergeField(replica.state, written[mine]!);
      expect(next, 'a new change is never already known').toBeDefined();
      replica.state = next;
      replica.known.add(mine);
    } else if (op.from !== op.to) {
      const from = replicas[op.from]!;
      const to = replicas[op.to]!;
      for (const index of [...from.known].sort((a, b) => a - b)) if (!to.known.has(index)) learn(to, index);
    }
    for (const replica of replicas) {
      expect(replica.state).toEqual(expectedState(written.filter((_, i) => replica.known.has(i))));
    }
  }
  expect(new Set(written.map((c) => c.clock)).size, 'clocks never repeat across devices').toBe(written.length);
  return written;
}

/** Delivers every change in a random causal order: at each step one change whose causal past has arrived. */
function causalOrder(written: Written[], picks: number[]): number[] {
  const order: number[] = [];
  const delivered = new Set<number>();
  for (let n = 0; order.length < written.length; n++) {
    const ready = written.map((_, i) => i).filter((i) => !delivered.has(i) && [...written[i]!.deps].every((d) => delivered.has(d)));
    const chosen = ready[(picks[n % Math.max(1, picks.length)] ?? 0) % ready.length]!;
    order.push(chosen);
    delivered.add(chosen);
  }
  return order;
}

describe('mergeField over histories (properties)', () => {
  const historyArb = fc.record({
    ops: fc.array(opArb, { maxLength: 40 }),
    // Physical clocks up to two days apart: clock order is not real-time order.
    skews: fc.array(fc.integer({ min: -172_800_000, max: 172_800_000 }), { minLength: DEVICES.length, maxLength: DEVICES.length }),
  });

  it('every device holds the documented heads of what it has seen, whatever it has seen', () => {
    fc.assert(fc.property(historyArb, ({ ops, skews }) => void runHistory(ops, skews)));
  });

  it('any causal delivery order gives the same value and the same conflict (commutative for concurrent changes)', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        ({ ops, skews }, p1, p2) => {
          const written = runHistory(ops, skews);
          const first = applyAll(causalOrder(written, p1).map((i) => written[i]!));
          const second = applyAll(causalOrder(written, p2).map((i) => written[i]!));
          expect(first).toEqual(second);
          expect(first).toEqual(expectedState(written));
        },
      ),
    );
  });

  it('re-delivering any change that is still a head, at any point, changes nothing (idempotent)', () => {
    fc.assert(
      fc.property(historyArb, fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), fc.nat(), ({ ops, skews }, picks, cut) => {
        const written = runHistory(ops, skews);
        const order = causalOrder(written, picks).map((i) => written[i]!);
        const k = cut % (order.length + 1);
        const partial = applyAll(order.slice(0, k));
        for (const h of partial ? [partial.winner, ...partial.losers] : []) {
          const again = written.find((c) => c.clock === h.clock)!;
          expect(mergeField(partial, again)).toBeUndefined();
        }
        // And the rest still arrives as if nothing had been delivered twice.
        expect(applyAll(order.slice(k), partial)).toEqual(expectedState(written));
      }),
    );
  });

  it('concurrent changes on a common state commute: every order of applying them gives the same state', () => {
    const concurrentArb = fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 }).chain((walls) =>
      fc.tuple(
        fc.constant(walls),
        fc.array(fc.record({ value: fc.nat(3), supersedesLoser: fc.boolean(), supersedesWinner: fc.boolean() }), {
          minLength: walls.length,
          maxLength: walls.length,
        }),
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
      ),
    );
    fc.assert(
      fc.property(concurrentArb, ([walls, specs, shuffle]) => {
        // A field in conflict: B's value won over A's.
        const base: FieldState = { winner: head('base B', at(0, B)), losers: [head('base A', at(0, A))] };
        const changes = walls.map((ms, i) =>
          change(`v${specs[i]!.value}`, at(ms, DEVICES[i]!), [
            ...(specs[i]!.supersedesWinner ? [base.winner.clock] : []),
            ...(specs[i]!.supersedesLoser ? [base.losers[0]!.clock] : []),
          ]),
        );
        const reversed = [...changes].reverse();
        const shuffled = [...changes].sort((a, b) => (shuffle[changes.indexOf(a)]! % 7) - (shuffle[changes.indexOf(b)]! % 7));
        const result = applyAll(changes, base);
        expect(applyAll(reversed, base)).toEqual(result);
        expect(applyAll(shuffled, base)).toEqual(result);
        expect(result).toEqual(expectedState([change('base B', at(0, B)), change('base A', at(0, A)), ...changes]));
      }),
    );
  });
});
