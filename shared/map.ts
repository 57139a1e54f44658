/**
 * The stakeholder map's rules (issue 5), as pure functions over plain data: the red flags of a
 * decision chain, the map's three-colour status with its reasons, the chain as of an earlier
 * instant (rebuilt from the stored history of tracked fields) and the difference between two
 * such maps. The service (electron/services/map.ts) feeds them from the store; the renderer
 * draws what they return. Tested with plain inputs in tests/unit/map*.test.ts.
 */
import { z } from 'zod';
import { BUYING_ROLES, IsoDateTime, RecordId, STANCES, type BuyingRole, type Stance } from './domain';

// ---- What map.get carries ----

export const DEFAULT_DECISION_WINDOW_DAYS = 90;

export const MapInput = z
  .object({
    accountId: RecordId,
    /** The map as everything stood at this instant (end of the chosen day, in the user's zone); absent: now. */
    asOf: IsoDateTime.optional(),
    /** A decider with no touchpoint for longer than this is a red flag. */
    decisionWindowDays: z.number().int().min(1).max(3650).default(DEFAULT_DECISION_WINDOW_DAYS),
  })
  .strict();

/**
 * One person as the map draws them. Codes are plain strings: a record written by a newer app
 * version (through sync) may carry a role or stance this version does not know, and the map must
 * still open; the rules treat an unknown stance as `unknown` and ignore unknown roles.
 */
export const MapPerson = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  reportsToId: z.string().nullable(),
  roles: z.array(z.string()),
  stance: z.string(),
  influence: z.number(),
  strength: z.number(),
  ownerIds: z.array(z.string()),
  status: z.string(),
  successorId: z.string().nullable(),
  /** Their newest touchpoint at or before the map's instant. */
  lastTouchpointAt: z.string().nullable(),
});
export type MapPerson = z.infer<typeof MapPerson>;

export const MapLink = z.object({ id: z.string(), fromId: z.string(), toId: z.string(), strength: z.number(), note: z.string().nullable() });
export type MapLink = z.infer<typeof MapLink>;

export const MapMember = z.object({ id: z.string(), name: z.string(), active: z.boolean() });
export type MapMember = z.infer<typeof MapMember>;

export const FLAG_KINDS = ['role_vacant', 'decider_stance', 'key_uncovered', 'decider_stale', 'single_threaded', 'left_no_successor'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];
export const SEVERITIES = ['red', 'amber'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type MapColour = Severity | 'green';

export const MapFlag = z.object({
  kind: z.enum(FLAG_KINDS),
  severity: z.enum(SEVERITIES),
  /** The person the flag is about (drawn on their node); null for the account-wide flags. */
  personId: z.string().nullable(),
  /** `role_vacant`: the role; `decider_stance`: the role that makes the stance matter. */
  role: z.string().nullable(),
  /** `decider_stance`: their stance. */
  stance: z.string().nullable(),
  /** `single_threaded`: the one member who holds every relationship. */
  memberId: z.string().nullable(),
  /** `decider_stale`: the newest touchpoint (null: never), and the window it missed. */
  lastAt: z.string().nullable(),
  days: z.number().nullable(),
});
export type MapFlag = z.infer<typeof MapFlag>;

/** Catalog parameters: numbers, words, or lists the renderer words (`names`, `roles`). */
export const ReasonParams = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]));
export const MapReason = z.object({ key: z.string(), severity: z.enum(['red', 'amber', 'green']), params: ReasonParams });
export type MapReason = z.infer<typeof MapReason>;
export const MapStatus = z.object({ colour: z.enum(['red', 'amber', 'green']), reasons: z.array(MapReason) });
export type MapStatus = z.infer<typeof MapStatus>;

export const MapView = z.object({
  accountId: z.string(),
  accountName: z.string(),
  /** The instant asked for, or null for now. */
  asOf: z.string().nullable(),
  /** The instant the flags were judged at (asOf, or the time of the call). */
  evaluatedAt: z.string(),
  decisionWindowDays: z.number(),
  people: z.array(MapPerson),
  links: z.array(MapLink),
  /** Every member of our team ever named as an owner (inactive ones no longer cover anyone). */
  members: z.array(MapMember),
  flags: z.array(MapFlag),
  status: MapStatus,
});
export type MapView = z.infer<typeof MapView>;

// ---- Rules ----

export interface FlagRules {
  /** Days without a touchpoint after which a decider is a red flag. */
  decisionWindowDays: number;
  /** Influence from which a person counts as a key player even without a deciding role. */
  keyInfluence: number;
}

export const DEFAULT_RULES: FlagRules = { decisionWindowDays: DEFAULT_DECISION_WINDOW_DAYS, keyInfluence: 4 };

/** Stances that make a decider or approver a risk. */
const RISKY_STANCES: readonly string[] = ['sceptic', 'opponent', 'unknown'];
const DECIDING: readonly string[] = ['decider', 'approver'];
const DAY_MS = 86_400_000;

export type FlagPerson = Pick<MapPerson, 'id' | 'roles' | 'stance' | 'influence' | 'ownerIds' | 'status' | 'successorId' | 'lastTouchpointAt'>;

/** A stance code this version knows; anything else reads as `unknown`. */
export function stanceOf(code: string): Stance {
  return (STANCES as readonly string[]).includes(code) ? (code as Stance) : 'unknown';
}

/** Someone whose loss or opposition would change the deal: a decider or approver, or high influence. */
export function isKeyPerson(person: Pick<FlagPerson, 'roles' | 'influence'>, rules: Pick<FlagRules, 'keyInfluence'> = DEFAULT_RULES): boolean {
  return person.roles.some((role) => DECIDING.includes(role)) || person.influence >= rules.keyInfluence;
}

/**
 * The red flags of one decision chain at instant `at`. People who left the company hold no role
 * and need no coverage any more; they only raise a flag when they were key and nobody succeeds
 * them. `activeMemberIds`, when given, is who on our side still covers anyone: a relationship
 * owned only by a colleague who left is not covered.
 */
export function mapFlags(people: readonly FlagPerson[], options: { at: string; rules?: Partial<FlagRules>; activeMemberIds?: ReadonlySet<string> }): MapFlag[] {
  const rules = { ...DEFAULT_RULES, ...options.rules };
  const at = Date.parse(options.at);
  const flags: MapFlag[] = [];
  const flag = (kind: FlagKind, severity: Severity, fields: Partial<MapFlag> = {}) =>
    flags.push({ kind, severity, personId: null, role: null, stance: null, memberId: null, lastAt: null, days: null, ...fields });
  const owners = (person: FlagPerson) => person.ownerIds.filter((id) => !options.activeMemberIds || options.activeMemberIds.has(id));
  const present = people.filter((person) => person.status !== 'left');
  const ids = new Set(people.map((person) => person.id));

  for (const role of BUYING_ROLES) {
    if (!present.some((person) => person.roles.includes(role))) flag('role_vacant', role === 'decider' ? 'red' : 'amber', { role });
  }
  for (const person of present) {
    const deciding = person.roles.find((role) => DECIDING.includes(role)) as BuyingRole | undefined;
    const stance = stanceOf(person.stance);
    if (deciding && RISKY_STANCES.includes(stance)) {
      flag('decider_stance', stance === 'opponent' ? 'red' : 'amber', { personId: person.id, role: deciding, stance });
    }
  }
  for (const person of present) {
    if (isKeyPerson(person, rules) && owners(person).length === 0) {
      flag('key_uncovered', person.roles.includes('decider') ? 'red' : 'amber', { personId: person.id });
    }
  }
  for (const person of present) {
    if (!person.roles.includes('decider')) continue;
    const last = person.lastTouchpointAt ? Date.parse(person.lastTouchpointAt) : Number.NaN;
    if (Number.isNaN(last) || at - last > rules.decisionWindowDays * DAY_MS) {
      flag('decider_stale', 'amber', { personId: person.id, lastAt: person.lastTouchpointAt, days: rules.decisionWindowDays });
    }
  }
  const holders = new Set(present.flatMap(owners));
  if (holders.size === 1) flag('single_threaded', 'amber', { memberId: [...holders][0]! });
  for (const person of people) {
    if (person.status === 'left' && isKeyPerson(person, rules) && !(person.successorId && ids.has(person.successorId))) {
      flag('left_no_successor', person.roles.some((role) => DECIDING.includes(role)) ? 'red' : 'amber', { personId: person.id });
    }
  }
  return flags;
}

/** The worst flag on each person and how many they have (what the map draws on their node). */
export function flagsByPerson(flags: readonly MapFlag[]): Map<string, { severity: Severity; count: number }> {
  const out = new Map<string, { severity: Severity; count: number }>();
  for (const flag of flags) {
    if (!flag.personId) continue;
    const seen = out.get(flag.personId);
    out.set(flag.personId, { severity: seen?.severity === 'red' || flag.severity === 'red' ? 'red' : 'amber', count: (seen?.count ?? 0) + 1 });
  }
  return out;
}

/** How many names a reason spells out before "and N more". */
export const REASON_NAMES = 3;

/**
 * The map's colour and why: red when any flag is red, amber when any is amber, else green.
 * One reason per kind and severity of flag, reds first, each a catalog key
 * (`map.reasons.<kind>.<severity>`) with its
 * parameters: `count`, `names` (the first few people's names), `more`, `roles`, `days`, `member`.
 */
export function mapStatus(
  flags: readonly MapFlag[],
  nameOf: (personId: string) => string = (id) => id,
  memberName: (memberId: string) => string = (id) => id,
): MapStatus {
  const colour: MapColour = flags.some((f) => f.severity === 'red') ? 'red' : flags.length > 0 ? 'amber' : 'green';
  if (colour === 'green') return { colour, reasons: [{ key: 'map.reasons.none', severity: 'green', params: {} }] };
  const reasons: MapReason[] = [];
  for (const severity of SEVERITIES) {
    for (const kind of FLAG_KINDS) {
      const group = flags.filter((f) => f.kind === kind && f.severity === severity);
      if (group.length === 0) continue;
      const people = group.map((f) => f.personId).filter((id): id is string => id !== null);
      const params: MapReason['params'] = { count: group.length };
      if (people.length > 0) {
        params.names = people.slice(0, REASON_NAMES).map(nameOf);
        params.more = Math.max(0, people.length - REASON_NAMES);
      }
      const roles = group.map((f) => f.role).filter((r): r is string => r !== null);
      if (kind === 'role_vacant') params.roles = roles;
      if (kind === 'decider_stale') params.days = group[0]!.days ?? 0;
      if (kind === 'single_threaded') params.member = memberName(group[0]!.memberId ?? '');
      reasons.push({ key: `map.reasons.${kind}.${severity}`, severity, params });
    }
  }
  return { colour, reasons };
}

// ---- The map as of an earlier instant ----

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

// ---- Compare: an earlier map against today's ----

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

// ---- The influence × stance grid ----

/** The grid's columns, from against us to for us; `unknown` stands apart at the end. */
export const GRID_STANCES: readonly Stance[] = ['opponent', 'sceptic', 'neutral', 'supporter', 'champion', 'unknown'];
/** Rows from most to least influential. */
export const GRID_INFLUENCE: readonly number[] = [5, 4, 3, 2, 1];

/**
 * The cell a person moves to when a key moves them on the grid: left/right to the next column as
 * drawn (so from `champion` right is `unknown`), up/down one step of influence, never off the grid.
 */
export function gridStep(cell: { stance: string; influence: number }, key: 'left' | 'right' | 'up' | 'down'): { stance: Stance; influence: number } {
  const stance = stanceOf(cell.stance);
  const influence = Math.min(5, Math.max(1, Math.round(cell.influence)));
  if (key === 'up' || key === 'down') return { stance, influence: Math.min(5, Math.max(1, influence + (key === 'up' ? 1 : -1))) };
  const index = GRID_STANCES.indexOf(stance) + (key === 'right' ? 1 : -1);
  return { stance: GRID_STANCES[Math.min(GRID_STANCES.length - 1, Math.max(0, index))]!, influence };
}
