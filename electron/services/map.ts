/**
 * The stakeholder map's read model (`map.get`): one account's people, influence links, our
 * members, each person's newest touchpoint, the red flags and the map's colour, now or as of an
 * earlier instant. The rules live in shared/map/; this file only reads the store. Writes from
 * the map go through the ordinary record calls (people.update, links.create, links.delete).
 */
import type { z } from 'zod';
import { mapFlags, mapStatus } from '../../shared/map/flags';
import { linksAsOf, peopleAsOf, type DatedLink, type DatedPerson, type PersonChange } from '../../shared/map/history';
import type { MapInput, MapPerson, MapView } from '../../shared/map/schemas';
import { CallFailure, type ServiceContext } from './context';
import { kinds } from '../../shared/kinds';
import { accountBrief, lastTouchpointByPerson, personChanges, teamBrief } from '../store/read-models';
import { listRecords, type Row } from './records';

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const num = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

function datedPerson(row: Row): DatedPerson {
  return {
    id: row.id,
    name: String(row.name ?? ''),
    title: str(row.title),
    department: str(row.department),
    reportsToId: str(row.reportsToId),
    roles: list(row.roles),
    stance: str(row.stance) ?? 'unknown',
    influence: num(row.influence, 3),
    strength: num(row.strength, 1),
    ownerIds: list(row.ownerIds),
    status: str(row.status) ?? 'active',
    successorId: str(row.successorId),
    createdAt: String(row.createdAt ?? ''),
    deletedAt: row.deletedAt,
  };
}

function datedLink(row: Row): DatedLink {
  return {
    id: row.id,
    fromId: String(row.fromId ?? ''),
    toId: String(row.toId ?? ''),
    strength: num(row.strength, 3),
    note: str(row.note),
    createdAt: String(row.createdAt ?? ''),
    deletedAt: row.deletedAt,
  };
}

export function mapOf(ctx: ServiceContext, input: z.output<typeof MapInput>): MapView {
  const db = ctx.store.sqlite;
  const account = accountBrief(db, input.accountId);
  if (!account) throw new CallFailure('not_found');
  const asOf = input.asOf ?? null;
  const at = asOf ?? ctx.now();

  // Today's map reads today's records; an earlier one also needs those binned since, and the history.
  const state = asOf ? 'all' : 'active';
  const ofAccount = [{ column: 'account_id', match: 'equals' as const, value: account.id }];
  let people = listRecords(ctx, kinds.people, state, ofAccount).map(datedPerson);
  let links = listRecords(ctx, kinds.influence_links, state, ofAccount).map(datedLink);
  const present = () => new Set(people.map((p) => p.id));
  if (asOf) {
    const changes = personChanges
      .ofAccount(db, account.id)
      .map((row): PersonChange => ({ personId: row.personId, at: row.at, field: row.field, value: parseJson(row.value) }));
    people = peopleAsOf(people, changes, asOf);
    links = linksAsOf(links, asOf, present());
  } else {
    const ids = present();
    links = links.filter((link) => ids.has(link.fromId) && ids.has(link.toId));
  }

  // Each person's newest touchpoint at or before the instant (touchpoints binned later still happened).
  const last = lastTouchpointByPerson(db, account.id, at, asOf ?? '9999');
  const mapPeople: MapPerson[] = people.map(({ createdAt: _c, deletedAt: _d, ...person }) => ({ ...person, lastTouchpointAt: last.get(person.id) ?? null }));

  const members = teamBrief(db);
  const named = new Set(mapPeople.flatMap((p) => p.ownerIds));
  const activeMemberIds = new Set(members.filter((m) => m.active).map((m) => m.id));

  const flags = mapFlags(mapPeople, { at, rules: { decisionWindowDays: input.decisionWindowDays }, activeMemberIds });
  const names = new Map(mapPeople.map((p) => [p.id, p.name]));
  const memberNames = new Map(members.map((m) => [m.id, m.name]));
  const status = mapStatus(
    flags,
    (id) => names.get(id) ?? id,
    (id) => memberNames.get(id) ?? id,
  );

  return {
    accountId: account.id,
    accountName: account.name,
    asOf,
    evaluatedAt: at,
    decisionWindowDays: input.decisionWindowDays,
    people: mapPeople,
    links: links.map(({ createdAt: _c, deletedAt: _d, ...link }) => link),
    // The team as the map needs it: whoever owns someone here, and every active member (to assign).
    members: members.filter((m) => m.active || named.has(m.id)),
    flags,
    status,
  };
}

function parseJson(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
