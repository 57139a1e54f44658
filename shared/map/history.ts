/**
 * The map as of an earlier instant, rebuilt from today's records and the stored history of the
 * tracked fields, and the difference between two such maps (what the compare view marks).
 * Pure functions over plain data; tested in tests/unit/map.test.ts.
 */
import type { MapLink, MapPerson } from './schemas';

/** The fields whose every change is stored with its instant (person_changes; electron/services/domain.ts). */
export const TRACKED_FIELDS = ['title', 'department', 'reportsToId', 'roles', 'stance', 'influence', 'strength', 'ownerIds', 'status', 'successorId'] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

export interface PersonChange {
  personId: string;
  at: string;
  field: string;
  /** The new value, already parsed from its JSON. */
  value: unknown;
}

export interface DatedPerson extends Omit<MapPerson, 'lastTouchpointAt'> {
  createdAt: string;
  deletedAt: string | null;
}

const time = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
};

/**
 * The people as they stood at `asOf`, from today's records and the history of their tracked
 * fields. A person counts from their first trace (created, or a change recorded earlier: sample
 * data and imports date their history before the row) until they went to the bin. Each tracked
 * field takes its last recorded value at or before `asOf`; a field with nothing recorded that early
 * keeps today's value, because data written before the history existed has no initial row.
 * Names are not tracked: the earlier map shows today's names.
 */
export function peopleAsOf<P extends DatedPerson>(people: readonly P[], changes: readonly PersonChange[], asOf: string): P[] {
  const limit = time(asOf);
  const byPerson = new Map<string, PersonChange[]>();
  for (const change of changes) {
    const list = byPerson.get(change.personId) ?? [];
    list.push(change);
    byPerson.set(change.personId, list);
  }
  const out: P[] = [];
  for (const person of people) {
    const history = (byPerson.get(person.id) ?? []).slice().sort((a, b) => time(a.at) - time(b.at));
    const firstTrace = Math.min(time(person.createdAt), history.length > 0 ? time(history[0]!.at) : Number.POSITIVE_INFINITY);
    if (firstTrace > limit) continue;
    if (person.deletedAt !== null && time(person.deletedAt) <= limit) continue;
    const then = { ...person } as Record<string, unknown>;
    for (const change of history) {
      if (time(change.at) > limit) break;
      if ((TRACKED_FIELDS as readonly string[]).includes(change.field)) then[change.field] = normaliseField(change.field as TrackedField, change.value, person);
    }
    out.push(then as unknown as P);
  }
  return out;
}

/** A stored history value in the shape the map's fields have (lists stay lists, scores numbers). */
function normaliseField(field: TrackedField, value: unknown, today: DatedPerson): unknown {
  switch (field) {
    case 'roles':
    case 'ownerIds':
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    case 'influence':
    case 'strength':
      return typeof value === 'number' ? value : today[field];
    case 'stance':
      return typeof value === 'string' ? value : 'unknown';
    case 'status':
      return typeof value === 'string' ? value : 'active';
    default:
      return typeof value === 'string' && value !== '' ? value : null;
  }
}

export interface DatedLink extends MapLink {
  createdAt: string;
  deletedAt: string | null;
}

/** The influence links that existed at `asOf` (made before it, not yet in the bin), between people then present. */
export function linksAsOf<L extends DatedLink>(links: readonly L[], asOf: string, presentIds: ReadonlySet<string>): L[] {
  const limit = time(asOf);
  return links.filter(
    (link) =>
      time(link.createdAt) <= limit && (link.deletedAt === null || time(link.deletedAt) > limit) && presentIds.has(link.fromId) && presentIds.has(link.toId),
  );
}

export type DiffPerson = Pick<MapPerson, 'id' | TrackedField>;

export interface PersonDiff {
  id: string;
  /** The tracked fields whose value differs, in TRACKED_FIELDS order. */
  fields: TrackedField[];
  /** Set when the stance changed: what it was and what it is. */
  stance: { from: string; to: string } | null;
}

export interface MapDiff {
  /** In the later map only. */
  added: string[];
  /** In the earlier map only (binned since, or created later and then binned…). */
  removed: string[];
  changed: PersonDiff[];
  links: { added: string[]; removed: string[] };
}

/** Lists (roles, owners) compare as sets; everything else by value. */
const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b)
    ? JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())
    : JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Who came, who went and who changed between two maps of one account; ids in the later map's order. */
export function compareMaps(
  before: { people: readonly DiffPerson[]; links?: readonly { id: string }[] },
  after: { people: readonly DiffPerson[]; links?: readonly { id: string }[] },
): MapDiff {
  const earlier = new Map(before.people.map((p) => [p.id, p]));
  const later = new Set(after.people.map((p) => p.id));
  const diff: MapDiff = { added: [], removed: [], changed: [], links: { added: [], removed: [] } };
  for (const person of after.people) {
    const old = earlier.get(person.id);
    if (!old) {
      diff.added.push(person.id);
      continue;
    }
    const fields = TRACKED_FIELDS.filter((field) => !same(old[field], person[field]));
    if (fields.length > 0) diff.changed.push({ id: person.id, fields, stance: fields.includes('stance') ? { from: old.stance, to: person.stance } : null });
  }
  for (const person of before.people) if (!later.has(person.id)) diff.removed.push(person.id);
  const linksBefore = new Set((before.links ?? []).map((l) => l.id));
  const linksAfter = new Set((after.links ?? []).map((l) => l.id));
  diff.links.added = [...linksAfter].filter((id) => !linksBefore.has(id));
  diff.links.removed = [...linksBefore].filter((id) => !linksAfter.has(id));
  return diff;
}
