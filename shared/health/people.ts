/**
 * The people of an account at any instant, from today's records and their history rows parsed
 * once: the same rebuild as `peopleAsOf` (shared/map/history.ts; tests/unit/health.test.ts holds
 * the two equal) for the fields the health model reads, without re-reading dates on every call.
 * A person counts from their first trace (created, or an earlier history row) until binned; each
 * field takes its last value recorded at or before the instant, else keeps today's.
 */
import type { HealthPerson, HealthPersonChange } from './types';
import { msOf } from './time';

/** The tracked fields the health model reads (the others keep today's value). */
export const HEALTH_FIELDS = ['roles', 'stance', 'influence', 'ownerIds', 'status', 'successorId'] as const;
type HealthField = (typeof HEALTH_FIELDS)[number];
const READ: ReadonlySet<string> = new Set(HEALTH_FIELDS);

interface Row {
  t: number;
  field: HealthField;
  value: unknown;
}
interface Entry {
  person: HealthPerson;
  firstTrace: number;
  deleted: number;
  rows: Row[];
  /** From this instant on, the history gives today's values: today's record stands as it is. */
  stableFrom: number;
}

/** An unreadable instant never arrives (as in `peopleAsOf`). */
const timeOf = (iso: string | null | undefined) => {
  if (!iso) return Number.POSITIVE_INFINITY;
  const ms = msOf(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
};

/** A stored history value: JSON text parsed (simple strings without parsing), anything else as it is. */
export function parseValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const n = value.length;
  if (n >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(n - 1) === 34 && value.indexOf('\\') < 0 && value.indexOf('"', 1) === n - 1)
    return value.slice(1, -1);
  if (value === 'null') return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** A history value in the shape the field has (as `peopleAsOf` normalises it). */
function normalise(field: HealthField, value: unknown, today: HealthPerson): unknown {
  switch (field) {
    case 'roles':
    case 'ownerIds':
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    case 'influence':
      return typeof value === 'number' ? value : today.influence;
    case 'stance':
      return typeof value === 'string' ? value : 'unknown';
    case 'status':
      return typeof value === 'string' ? value : 'active';
    default:
      return typeof value === 'string' && value !== '' ? value : null;
  }
}

/** Field values as the history compares them: lists element by element, the rest by identity (absent as null). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === (b ?? null);
}

export type PeopleAt = (ms: number) => HealthPerson[];

/** Reads the history once; the function it returns gives the people at an instant (ms). */
export function peopleTimeline(people: readonly HealthPerson[], changes: readonly HealthPersonChange[]): PeopleAt {
  const entries = new Map<string, Entry>();
  for (const person of people) {
    entries.set(person.id, {
      person,
      firstTrace: timeOf(person.createdAt),
      deleted: person.deletedAt === null ? Number.POSITIVE_INFINITY : timeOf(person.deletedAt),
      rows: [],
      stableFrom: Number.NEGATIVE_INFINITY,
    });
  }
  for (const change of changes) {
    const entry = entries.get(change.personId);
    if (!entry) continue;
    const t = timeOf(change.at);
    if (t < entry.firstTrace) entry.firstTrace = t;
    if (READ.has(change.field)) entry.rows.push({ t, field: change.field as HealthField, value: parseValue(change.value) });
  }
  for (const entry of entries.values()) {
    const rows = entry.rows;
    if (rows.length === 0) continue;
    if (rows.length > 1) rows.sort((a, b) => a.t - b.t);
    for (const row of rows) row.value = normalise(row.field, row.value, entry.person);
    // Each field's last row: if all of them hold today's value, any instant after the last row is today.
    const last = rows[rows.length - 1]!.t;
    let same = last !== Number.POSITIVE_INFINITY;
    const seen = new Set<string>();
    for (let i = rows.length - 1; i >= 0 && same; i--) {
      const row = rows[i]!;
      if (seen.has(row.field)) continue;
      seen.add(row.field);
      same = sameValue(row.value, (entry.person as unknown as Record<string, unknown>)[row.field]);
    }
    entry.stableFrom = same ? last : Number.POSITIVE_INFINITY;
  }
  const list = [...entries.values()];
  return (at) => {
    const out: HealthPerson[] = [];
    for (const entry of list) {
      if (entry.firstTrace > at || entry.deleted <= at) continue;
      if (at >= entry.stableFrom) {
        out.push(entry.person);
        continue;
      }
      let then: HealthPerson | null = null;
      for (const row of entry.rows) {
        if (row.t > at) break;
        then ??= { ...entry.person };
        (then as unknown as Record<string, unknown>)[row.field] = row.value;
      }
      out.push(then ?? entry.person);
    }
    return out;
  };
}
