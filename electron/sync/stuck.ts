/**
 * Never stuck in silence (brief SYNC.md point 15): every state in which a round could not make
 * progress is collected here with since when it has lasted, kept in `local_meta` across rounds
 * and restarts, so the status bar, `rapport sync` and `rapport check` can all say what is wrong
 * and what to do.
 */
import type Database from 'better-sqlite3';
import type { Stuck, StuckCode } from '../../shared/sync';
import { deleteMeta, readMeta, writeMeta } from '../store/meta';

const SINCE = 'stuckSince';
const LAST = 'stuckLast';

export type StuckParams = Stuck['params'];

export class StuckList {
  private readonly previous: Record<string, number>;
  private readonly current: Record<string, number> = {};
  private readonly found: Stuck[] = [];

  constructor(
    private readonly sqlite: Database.Database,
    private readonly now: number,
  ) {
    this.previous = readMeta<Record<string, number>>(sqlite, SINCE) ?? {};
  }

  /**
   * Notes a state. `key` tells one instance from another (the same segment waited for in two
   * rounds is one state, since the first). With `afterARound`, the state is reported only from
   * its second round on: a segment still on its way is normal, one missing for a round is not.
   */
  add(code: StuckCode, key: string, params: StuckParams, options: { afterARound?: boolean } = {}): void {
    const id = `${code}:${key}`;
    const since = this.previous[id] ?? this.now;
    this.current[id] = since;
    // Not by time: two rounds may run within one millisecond of each other's clock.
    if (options.afterARound && this.previous[id] === undefined) return;
    this.found.push({ code, since: new Date(since).toISOString(), params });
  }

  /** Saves what was found (the next round keeps its start times) and returns it. */
  finish(): Stuck[] {
    // An idle round with nothing new to say writes nothing (a write is a commit, every round).
    if (JSON.stringify(this.current) !== JSON.stringify(this.previous)) writeMeta(this.sqlite, SINCE, this.current);
    if (JSON.stringify(this.found) !== JSON.stringify(readMeta<Stuck[]>(this.sqlite, LAST) ?? [])) writeMeta(this.sqlite, LAST, this.found);
    return this.found;
  }
}

/** What the last round found, for the status after a restart and for `rapport check`. */
export function lastStuck(sqlite: Database.Database): Stuck[] {
  return readMeta<Stuck[]>(sqlite, LAST) ?? [];
}

/** Forgets what was found (another share was chosen: nothing said about the old one still holds). */
export function forgetStuck(sqlite: Database.Database): void {
  deleteMeta(sqlite, SINCE, LAST);
}
