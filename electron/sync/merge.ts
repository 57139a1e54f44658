/**
 * Per-field merge, pure. A field holds a set of "heads": values that no known change has
 * replaced. A change replaces the heads its writer saw (`supersedes`) and becomes a head itself.
 * The head with the greatest clock is the field's value (last writer wins by clock, whose last
 * part is the device id); the other heads are the losing sides of a conflict, kept for the user.
 *
 * Because a segment is applied only after every segment its writer had applied (causal
 * delivery, see engine.ts), the head set after applying a set of changes does not depend on the
 * order they arrived in, so every device ends with the same value and the same conflict.
 */
import type { Clock } from './hlc';

export interface Versioned {
  /** JSON of the SQLite value. */
  value: string;
  clock: Clock;
}

export interface FieldChange extends Versioned {
  supersedes: Clock[];
}

export interface FieldState {
  winner: Versioned;
  losers: Versioned[];
}

/** Total order on heads: by clock; equal clocks (only a cloned device id can make them) by value. */
export const compareHeads = (a: Versioned, b: Versioned): number =>
  a.clock < b.clock ? -1 : a.clock > b.clock ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0;

/** Returns the new state, or undefined when the change is already known (re-applying is harmless). */
export function mergeField(state: FieldState | undefined, change: FieldChange): FieldState | undefined {
  if (!state) return { winner: { value: change.value, clock: change.clock }, losers: [] };
  const heads = [state.winner, ...state.losers];
  if (heads.some((h) => compareHeads(h, change) === 0)) return undefined;
  // The merge keeps no memory of replaced values: a change it sees again after a later one
  // replaced it would become a head once more. The engine sees to it that each segment is applied
  // once (version vector, applied names and hashes), which is what makes this safe.
  const next = heads.filter((h) => !change.supersedes.includes(h.clock));
  next.push({ value: change.value, clock: change.clock });
  return stateOf(next);
}

/** Heads as a state: the greatest is the value, the others its losing sides. */
function stateOf(heads: Versioned[]): FieldState {
  const [winner, ...losers] = heads.sort((a, b) => compareHeads(b, a)) as [Versioned, ...Versioned[]];
  return { winner, losers };
}

/**
 * A change whose own value a known change replaced already: what it replaced goes, and it does not
 * become a head. Only the two copies of a cloned laptop can make one arrive after its replacement:
 * sharing an id and a clock state until one takes a new id, they may each write a field with the
 * same clock and another value, and a change replacing that clock replaces both (round.ts, the
 * applier's `replaced`). Undefined when nothing changes.
 */
export function mergeReplacedField(state: FieldState, change: FieldChange): FieldState | undefined {
  const heads = [state.winner, ...state.losers];
  const next = heads.filter((h) => !change.supersedes.includes(h.clock));
  return next.length === heads.length || next.length === 0 ? undefined : stateOf(next);
}
