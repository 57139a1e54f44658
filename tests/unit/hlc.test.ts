/**
 * The hybrid logical clock (electron/sync/hlc.ts; docs/sync-format.md "Device ids and clocks"):
 * 9 base-36 digits of wall-clock ms, 4 of counter, then the device id — fixed width, so string order
 * is clock order. A device's clock never goes backwards, never repeats, and moves past every clock
 * it reads, however far ahead (accepted, never refused).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HybridClock, decodeClock, encodeClock, wallOf, type Clock, type ClockParts, type HlcState } from '../../electron/sync/hlc';

/** The largest values the fixed-width encoding holds: 9 and 4 base-36 digits. */
const MAX_WALL = 36 ** 9 - 1;
const MAX_COUNTER = 36 ** 4 - 1;
const A = '0123456789abcdef';
const B = 'fedcba9876543210';
/** 2026-01-01T00:00:00Z */
const T = 1_767_225_600_000;
const YEAR = 365 * 86_400_000;

/** A clock whose physical time is whatever `now` holds when it reads it. */
function clockAt(state: HlcState, start: number, device = A) {
  const time = { now: start };
  return { clock: new HybridClock(device, state, () => time.now), time };
}

const deviceArb = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 });
// The whole range the encoding holds, except its very last ms (see 'at the top of the encoding' below).
const wallArb = fc.integer({ min: 0, max: MAX_WALL - 1 });
const counterArb = fc.integer({ min: 0, max: MAX_COUNTER });
const partsArb = fc.record({ wall: wallArb, counter: counterArb, device: deviceArb });

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const compareParts = (a: ClockParts, b: ClockParts) =>
  sign(a.wall - b.wall) || sign(a.counter - b.counter) || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0);
const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('encodeClock / decodeClock', () => {
  it.each([
    [{ wall: 0, counter: 0, device: A }, `000000000` + `0000` + A],
    [{ wall: 35, counter: 35, device: A }, `00000000z` + `000z` + A],
    [{ wall: 36 ** 8, counter: 36 ** 3, device: B }, `100000000` + `1000` + B],
    [{ wall: T, counter: 7, device: A }, `0mjuohs00` + `0007` + A],
    [{ wall: MAX_WALL, counter: MAX_COUNTER, device: B }, `zzzzzzzzz` + `zzzz` + B],
  ])('%o is %s, and decodes back', (parts, encoded) => {
    expect(encodeClock(parts)).toBe(encoded);
    expect(decodeClock(encoded)).toEqual(parts);
    expect(wallOf(encoded)).toBe(parts.wall);
  });

  it('a real instant survives the round trip: wallOf gives back the ms of the date', () => {
    const clock = encodeClock({ wall: Date.parse('2031-07-15T08:30:12.345Z'), counter: 0, device: A });
    expect(new Date(wallOf(clock)).toISOString()).toBe('2031-07-15T08:30:12.345Z');
  });

  it('round-trips every representable clock, at a fixed width of 13 characters plus the device id', () => {
    fc.assert(
      fc.property(fc.record({ wall: fc.integer({ min: 0, max: MAX_WALL }), counter: counterArb, device: deviceArb }), (parts) => {
        const clock = encodeClock(parts);
        expect(clock).toHaveLength(13 + parts.device.length);
        expect(decodeClock(clock)).toEqual(parts);
        expect(wallOf(clock)).toBe(parts.wall);
      }),
    );
  });

  it('string order of encoded clocks is clock order: wall, then counter, then device id', () => {
    fc.assert(
      fc.property(partsArb, partsArb, (a, b) => {
        expect(compareStrings(encodeClock(a), encodeClock(b))).toBe(compareParts(a, b));
      }),
    );
    // The same near the boundaries fast-check might not pick together: numbers of different lengths.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_WALL }), fc.integer({ min: 0, max: MAX_WALL }), counterArb, counterArb, (w1, w2, c1, c2) => {
        expect(compareStrings(encodeClock({ wall: w1, counter: c1, device: A }), encodeClock({ wall: w2, counter: c2, device: A }))).toBe(
          compareParts({ wall: w1, counter: c1, device: A }, { wall: w2, counter: c2, device: A }),
        );
      }),
    );
  });

  it.each([
    ['one more ms beats any counter', { wall: T + 1, counter: 0, device: A }, { wall: T, counter: MAX_COUNTER, device: B }],
    ['10 ms beats 9 ms (no digit-count effect)', { wall: 10, counter: 0, device: A }, { wall: 9, counter: 0, device: B }],
    ['one more count beats any device id', { wall: T, counter: 1, device: A }, { wall: T, counter: 0, device: B }],
    ['a counter of 36 beats 35 (base 36: "0010" > "000z")', { wall: T, counter: 36, device: A }, { wall: T, counter: 35, device: A }],
    ['the device id breaks a tie of wall and counter', { wall: T, counter: 3, device: B }, { wall: T, counter: 3, device: A }],
  ])('%s', (_, greater, smaller) => {
    expect(encodeClock(greater) > encodeClock(smaller)).toBe(true);
  });
});

describe('HybridClock.tick', () => {
  it('takes the physical time when it is ahead, with counter 0', () => {
    const { clock } = clockAt({ wall: 0, counter: 0 }, T);
    expect(clock.tick()).toBe(encodeClock({ wall: T, counter: 0, device: A }));
    expect(clock.current).toEqual({ wall: T, counter: 0 });
  });

  it('counts events within one ms', () => {
    const { clock } = clockAt({ wall: 0, counter: 0 }, T);
    expect([clock.tick(), clock.tick(), clock.tick()].map(decodeClock)).toEqual([
      { wall: T, counter: 0, device: A },
      { wall: T, counter: 1, device: A },
      { wall: T, counter: 2, device: A },
    ]);
  });

  it('never goes backwards when the physical clock does (an NTP step back), and follows it again once it is ahead', () => {
    const { clock, time } = clockAt({ wall: 0, counter: 0 }, T);
    const first = clock.tick();
    time.now = T - 5_000;
    const second = clock.tick();
    expect(decodeClock(second)).toEqual({ wall: T, counter: 1, device: A });
    expect(second > first).toBe(true);
    time.now = T + 1;
    expect(decodeClock(clock.tick())).toEqual({ wall: T + 1, counter: 0, device: A });
  });

  it('on counter overflow moves to the next ms with counter 0, still greater and still fixed width', () => {
    const { clock } = clockAt({ wall: T, counter: MAX_COUNTER - 1 }, T);
    const last = clock.tick();
    expect(decodeClock(last)).toEqual({ wall: T, counter: MAX_COUNTER, device: A });
    const next = clock.tick();
    expect(decodeClock(next)).toEqual({ wall: T + 1, counter: 0, device: A });
    expect(next > last).toBe(true);
    expect(next).toHaveLength(last.length);
    // The physical clock far behind (the clock ran ahead of it): the same.
    const lagging = clockAt({ wall: T, counter: MAX_COUNTER }, T - YEAR).clock.tick();
    expect(decodeClock(lagging)).toEqual({ wall: T + 1, counter: 0, device: A });
  });

  it('continues from the persisted state after a restart without repeating a clock', () => {
    const { clock } = clockAt({ wall: 0, counter: 0 }, T);
    const before = [clock.tick(), clock.tick()];
    // Restarted in the same ms, from the state saved with the last change.
    const restarted = clockAt(clock.current, T).clock;
    const after = restarted.tick();
    expect(after > before[1]!).toBe(true);
    expect(decodeClock(after)).toEqual({ wall: T, counter: 2, device: A });
  });

  it('current is a copy: changing it does not change the clock', () => {
    const { clock } = clockAt({ wall: T, counter: 5 }, T);
    const state = clock.current;
    state.wall = 0;
    state.counter = 0;
    expect(clock.current).toEqual({ wall: T, counter: 5 });
    expect(decodeClock(clock.tick())).toEqual({ wall: T, counter: 6, device: A });
  });
});

describe('HybridClock.observe', () => {
  // [case, local state, physical now, remote clock, state after observe]
  it.each<[string, HlcState, number, ClockParts, HlcState]>([
    [
      'a remote clock a year ahead is adopted, one count past it',
      { wall: T, counter: 3 },
      T,
      { wall: T + YEAR, counter: 5, device: B },
      { wall: T + YEAR, counter: 6 },
    ],
    ['a remote clock behind changes only the counter', { wall: T, counter: 3 }, T, { wall: T - 1_000, counter: 9, device: B }, { wall: T, counter: 4 }],
    ['same wall, remote counter ahead: one past the remote counter', { wall: T, counter: 3 }, T, { wall: T, counter: 9, device: B }, { wall: T, counter: 10 }],
    ['same wall, local counter ahead: one past the local counter', { wall: T, counter: 9 }, T, { wall: T, counter: 3, device: B }, { wall: T, counter: 10 }],
    [
      'physical time ahead of both: physical time, counter 0',
      { wall: T, counter: 3 },
      T + 10,
      { wall: T + 5, counter: 2, device: B },
      { wall: T + 10, counter: 0 },
    ],
    ['remote ahead of physical time and local state', { wall: T, counter: 3 }, T + 1, { wall: T + 5, counter: 2, device: B }, { wall: T + 5, counter: 3 }],
    ['remote counter full: the next ms', { wall: T, counter: 0 }, T, { wall: T + 5, counter: MAX_COUNTER, device: B }, { wall: T + 6, counter: 0 }],
    [
      'both counters full at one wall: the next ms',
      { wall: T, counter: MAX_COUNTER },
      T,
      { wall: T, counter: MAX_COUNTER, device: B },
      { wall: T + 1, counter: 0 },
    ],
    ['its own clock read back', { wall: T, counter: 3 }, T, { wall: T, counter: 3, device: A }, { wall: T, counter: 4 }],
  ])('%s', (_, state, now, remote, after) => {
    const { clock } = clockAt(state, now);
    clock.observe(encodeClock(remote));
    expect(clock.current).toEqual(after);
    const next = clock.tick();
    expect(next > encodeClock(remote)).toBe(true);
    expect(next > encodeClock({ ...state, device: A })).toBe(true);
  });

  it('a remote clock ten years ahead is accepted (never refused) and its skew stays visible', () => {
    const { clock } = clockAt({ wall: T, counter: 0 }, T);
    const remote = encodeClock({ wall: T + 10 * YEAR, counter: 0, device: B });
    expect(() => clock.observe(remote)).not.toThrow();
    const next = clock.tick();
    expect(next > remote).toBe(true);
    expect(wallOf(remote) - T).toBe(10 * YEAR);
  });

  it('at the top of the encoding (reached only through a corrupted clock) stays there: fixed width, never behind it', () => {
    // The 13-character prefix ends at "zzzzzzzzzzzzz" (the year 5188). Moving past it would take a
    // tenth wall digit, and such a clock sorts before every other one: the clock saturates instead.
    const { clock } = clockAt({ wall: T, counter: 0 }, T);
    const remote = encodeClock({ wall: MAX_WALL, counter: MAX_COUNTER, device: B });
    clock.observe(remote);
    for (let i = 0; i < 3; i++) {
      const next = clock.tick();
      expect(next).toHaveLength(13 + A.length);
      expect(next.slice(0, 13)).toBe(remote.slice(0, 13));
      expect(decodeClock(next)).toEqual({ wall: MAX_WALL, counter: MAX_COUNTER, device: A });
    }
  });
});

describe('HybridClock: any run of local events and remote clocks', () => {
  type Event = { kind: 'tick'; step: number } | { kind: 'observe'; remote: ClockParts; step: number };
  const eventArb = (walls: fc.Arbitrary<number>, counters: fc.Arbitrary<number>): fc.Arbitrary<Event> =>
    fc.oneof(
      // The physical clock moves on, or jumps back, by up to a day.
      fc.record({ kind: fc.constant('tick' as const), step: fc.integer({ min: -86_400_000, max: 86_400_000 }) }),
      fc.record({
        kind: fc.constant('observe' as const),
        remote: fc.record({ wall: walls, counter: counters, device: deviceArb }),
        step: fc.integer({ min: -86_400_000, max: 86_400_000 }),
      }),
    );

  it('issues strictly increasing, fixed-width clocks, each past every clock read before it and never behind physical time', () => {
    fc.assert(
      fc.property(
        fc.record({ wall: fc.integer({ min: 0, max: 2 * T }), counter: counterArb }),
        fc.integer({ min: 0, max: 2 * T }),
        fc.array(eventArb(fc.integer({ min: 0, max: 4 * T }), counterArb), { maxLength: 60 }),
        (initial, start, events) => {
          const { clock, time } = clockAt(initial, start);
          let last: Clock = encodeClock({ ...initial, device: A });
          let seen: Clock = last;
          for (const event of events) {
            time.now = Math.max(0, time.now + event.step);
            if (event.kind === 'observe') {
              const remote = encodeClock(event.remote);
              clock.observe(remote);
              if (remote > seen) seen = remote;
              continue;
            }
            const next = clock.tick();
            expect(next).toHaveLength(13 + A.length);
            expect(next > last).toBe(true);
            expect(next > seen).toBe(true);
            expect(wallOf(next)).toBeGreaterThanOrEqual(time.now);
            last = seen = next;
          }
        },
      ),
    );
  });

  it("while no counter overflows, a clock's wall is the greatest physical or remote time seen (the clock never runs ahead on its own)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 * T }),
        fc.array(eventArb(fc.integer({ min: 0, max: 4 * T }), fc.integer({ min: 0, max: 1_000 })), { maxLength: 60 }),
        (start, events) => {
          const { clock, time } = clockAt({ wall: 0, counter: 0 }, start);
          let greatest = 0;
          for (const event of events) {
            time.now = Math.max(0, time.now + event.step);
            if (event.kind === 'observe') {
              clock.observe(encodeClock(event.remote));
              greatest = Math.max(greatest, event.remote.wall, time.now);
              expect(clock.current.wall).toBe(greatest);
              continue;
            }
            greatest = Math.max(greatest, time.now);
            expect(wallOf(clock.tick())).toBe(greatest);
          }
        },
      ),
    );
  });
});
