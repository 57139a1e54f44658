/**
 * Hybrid logical clock (Kulkarni et al.): wall time in ms, a counter for events within the same
 * ms or while the wall clock lags a clock we have seen, and the device id as the last tie-break.
 *
 * Encoded as a fixed-width string so that plain string order is clock order, on every device
 * and in SQL: 9 base-36 digits of ms, 4 of counter, then the device id.
 */
export type Clock = string;

const WALL_DIGITS = 9;
const COUNTER_DIGITS = 4;
const MAX_COUNTER = 36 ** COUNTER_DIGITS - 1;
/** The last ms the encoding holds (the year 5188): a clock saturates there rather than grow a digit and sort wrong. */
const MAX_WALL = 36 ** WALL_DIGITS - 1;

export interface ClockParts {
  wall: number;
  counter: number;
  device: string;
}

export function encodeClock({ wall, counter, device }: ClockParts): Clock {
  return wall.toString(36).padStart(WALL_DIGITS, '0') + counter.toString(36).padStart(COUNTER_DIGITS, '0') + device;
}

export function decodeClock(clock: Clock): ClockParts {
  return {
    wall: parseInt(clock.slice(0, WALL_DIGITS), 36),
    counter: parseInt(clock.slice(WALL_DIGITS, WALL_DIGITS + COUNTER_DIGITS), 36),
    device: deviceOf(clock),
  };
}

export const wallOf = (clock: Clock): number => parseInt(clock.slice(0, WALL_DIGITS), 36);

/** Whether `value` is an encoded clock (read from a file, say). */
const CLOCK_START = new RegExp(`^[0-9a-z]{${WALL_DIGITS + COUNTER_DIGITS}}`);
export const isClock = (value: unknown): value is Clock => typeof value === 'string' && CLOCK_START.test(value);

/** The device that stamped a clock. */
export const deviceOf = (clock: Clock): string => clock.slice(WALL_DIGITS + COUNTER_DIGITS);

/** The clock state a device persists in the same transaction as the changes it stamps. */
export interface HlcState {
  wall: number;
  counter: number;
}

export class HybridClock {
  constructor(
    readonly device: string,
    private state: HlcState,
    private readonly physicalNow: () => number = Date.now,
  ) {}

  get current(): HlcState {
    return { ...this.state };
  }

  /** A new clock for a local event: never behind anything seen, never equal to a previous one. */
  tick(): Clock {
    const now = Math.min(this.physicalNow(), MAX_WALL);
    if (now > this.state.wall) this.state = { wall: now, counter: 0 };
    else this.state = this.bump(this.state.wall, this.state.counter + 1);
    return encodeClock({ ...this.state, device: this.device });
  }

  /**
   * Takes in a clock read from another device. A remote clock far ahead is accepted, never
   * refused (a sync that will not run loses more than a skewed clock); the skew is reported.
   */
  observe(remote: Clock): void {
    const decoded = decodeClock(remote);
    const wall = Math.min(decoded.wall, MAX_WALL);
    const counter = decoded.counter;
    const now = Math.min(this.physicalNow(), MAX_WALL);
    const maxWall = Math.max(now, wall, this.state.wall);
    if (maxWall === this.state.wall && maxWall === wall) this.state = this.bump(maxWall, Math.max(this.state.counter, counter) + 1);
    else if (maxWall === this.state.wall) this.state = this.bump(maxWall, this.state.counter + 1);
    else if (maxWall === wall) this.state = this.bump(maxWall, counter + 1);
    else this.state = { wall: maxWall, counter: 0 };
  }

  private bump(wall: number, counter: number): HlcState {
    // The counter overflows only after 1.6M events in one ms of a lagging clock: move to the next ms.
    // At the very end of the encoding (reached only through a corrupted clock) it stays there: a
    // clock with one more digit would sort before every other and break the order for good.
    if (counter <= MAX_COUNTER) return { wall, counter };
    return wall >= MAX_WALL ? { wall: MAX_WALL, counter: MAX_COUNTER } : { wall: wall + 1, counter: 0 };
  }
}
