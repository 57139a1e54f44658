/**
 * Pure logic of the key-people layer: which buying-centre roles nobody holds or nobody on our
 * side covers, and the decision chain in reporting order. Tested in tests/renderer/decisionChain.test.ts.
 */
import { BUYING_ROLES, type BuyingRole } from '../../../shared/domain';

export interface ChainPerson {
  id: string;
  reportsToId: string | null;
  roles: readonly string[];
  ownerIds: readonly string[];
  status: string;
}

export interface RoleCoverage {
  role: BuyingRole;
  /** People who hold the role (those who left the company no longer do). */
  holders: number;
  /** Of them, those with at least one owner on our side. */
  covered: number;
  /** `nobody`: no one holds the role; `uncovered`: someone does, but none of us owns the relationship. */
  gap: 'nobody' | 'uncovered' | null;
}

export function roleCoverage(people: readonly ChainPerson[]): RoleCoverage[] {
  const present = people.filter((person) => person.status !== 'left');
  return BUYING_ROLES.map((role) => {
    const holders = present.filter((person) => person.roles.includes(role));
    const covered = holders.filter((person) => person.ownerIds.length > 0).length;
    return { role, holders: holders.length, covered, gap: holders.length === 0 ? 'nobody' : covered === 0 ? 'uncovered' : null };
  });
}

/**
 * The people top-down along reporting lines, each with its depth, keeping the given order among
 * peers. Someone whose manager is not in the list starts a branch; a reporting loop (possible
 * after two devices' edits merge) cannot hang it: everyone appears exactly once.
 */
export function decisionChainOrder<P extends ChainPerson>(people: readonly P[]): { person: P; depth: number }[] {
  const ids = new Set(people.map((person) => person.id));
  const reports = new Map<string, P[]>();
  for (const person of people) {
    if (person.reportsToId && ids.has(person.reportsToId) && person.reportsToId !== person.id) {
      const list = reports.get(person.reportsToId) ?? [];
      list.push(person);
      reports.set(person.reportsToId, list);
    }
  }
  const out: { person: P; depth: number }[] = [];
  const placed = new Set<string>();
  const visit = (person: P, depth: number) => {
    if (placed.has(person.id)) return;
    placed.add(person.id);
    out.push({ person, depth });
    for (const report of reports.get(person.id) ?? []) visit(report, depth + 1);
  };
  for (const person of people) if (!person.reportsToId || !ids.has(person.reportsToId) || person.reportsToId === person.id) visit(person, 0);
  for (const person of people) visit(person, 0);
  return out;
}
