/**
 * The red flags of a decision chain and the map's three-colour status with its reasons, as pure
 * functions over plain data. The service (electron/services/map.ts) feeds them from the store;
 * the renderer draws what they return. Tested in tests/unit/map.test.ts.
 */
import { BUYING_ROLES, type BuyingRole } from '../domain';
import { DAY_MS } from '../sync';
import {
  DEFAULT_DECISION_WINDOW_DAYS,
  FLAG_KINDS,
  SEVERITIES,
  stanceOf,
  type FlagKind,
  type MapColour,
  type MapFlag,
  type MapPerson,
  type MapReason,
  type MapStatus,
  type Severity,
} from './schemas';

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

export type FlagPerson = Pick<MapPerson, 'id' | 'roles' | 'stance' | 'influence' | 'ownerIds' | 'status' | 'successorId' | 'lastTouchpointAt'>;

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
