/**
 * Causal order, pure: a segment is applied only after every segment its writer had applied, which
 * is what makes the per-field merge (merge.ts) give every device the same result whatever order
 * files arrive in. Used by the round's reading (pull.ts) and by a bootstrap re-applying what a
 * snapshot lacks (bootstrap.ts).
 */
import type { SegmentHeader } from './segment';

/** The start of a segment's hash that headers' `depHashes` carry: enough to tell forks of one device apart. */
export const shortHash = (hash: string): string => hash.slice(0, 16);

export interface Dependency {
  device: string;
  seq: number;
}

/**
 * The first dependency of a segment not applied yet, if any: every device's number in `deps`
 * (what its writer had applied), and, where the writer said which segments those were
 * (`depHashes`), those very segments: a fork of the same number (a cloned laptop) does not count.
 * `applied` gives the short hashes applied of a device; `covered`, what a snapshot brought (its
 * segments are known by number only).
 */
export function unmetDependency(
  header: Pick<SegmentHeader, 'device' | 'deps' | 'depHashes'>,
  vv: Record<string, number>,
  applied: (device: string) => ReadonlySet<string> | undefined,
  covered: (device: string) => number,
): Dependency | undefined {
  for (const [device, seq] of Object.entries(header.deps)) {
    if (device === header.device) continue;
    if ((vv[device] ?? 0) < seq) return { device, seq };
    const wanted = header.depHashes?.[device];
    if (!wanted || seq <= covered(device)) continue;
    const have = applied(device);
    if (!wanted.every((h) => have?.has(h))) return { device, seq };
  }
  return undefined;
}

export interface Ordered<T> {
  /** The items that can be applied, in an order that keeps every dependency before what needs it. */
  ordered: T[];
  /** The first item that can never be placed (a dependency that is not among the items nor covered). */
  stalled?: T;
}

/**
 * Puts segments in causal order: each device's queue (already in its own sequence) advances while
 * the head's dependencies are met by `vv` (what is covered already) plus what was placed before.
 */
export function orderCausally<T>(
  queues: Iterable<T[]>,
  vv: Record<string, number>,
  headerOf: (item: T) => SegmentHeader,
  hashOf: (item: T) => string,
): Ordered<T> {
  const lists = [...queues].map((q) => [...q]);
  const at: Record<string, number> = { ...vv };
  const placed = new Map<string, Set<string>>();
  const ordered: T[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const queue of lists) {
      while (queue.length > 0) {
        const header = headerOf(queue[0]!);
        if (
          unmetDependency(
            header,
            at,
            (d) => placed.get(d),
            (d) => vv[d] ?? 0,
          )
        )
          break;
        const item = queue.shift()!;
        ordered.push(item);
        at[header.device] = Math.max(at[header.device] ?? 0, header.seq);
        let short = placed.get(header.device);
        if (!short) placed.set(header.device, (short = new Set()));
        short.add(shortHash(hashOf(item)));
        progressed = true;
      }
    }
  }
  const stalled = lists.find((q) => q.length > 0)?.[0];
  return stalled === undefined ? { ordered } : { ordered, stalled };
}
