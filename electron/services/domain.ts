/**
 * The record kinds of the three-layer model and the rules each keeps. A rule returns the field
 * it concerns and a catalog key, so the user reads "Reports to: this would make a reporting
 * cycle" beside the field, in their language.
 */
import { and, asc, desc, eq, like } from 'drizzle-orm';
import * as s from '../store/schema';
import type { ServiceContext } from './context';
import { recordHandlers, whereColumn, type RecordKind, type Row, type RuleIssue } from './records';

type Ref = { table: 'accounts' | 'members' | 'people' | 'touchpoints'; what: string };
const ACCOUNT: Ref = { table: 'accounts', what: 'account' };
const MEMBER: Ref = { table: 'members', what: 'member' };
const PERSON: Ref = { table: 'people', what: 'person' };
const TOUCHPOINT: Ref = { table: 'touchpoints', what: 'touchpoint' };

function exists(ctx: ServiceContext, ref: Ref, id: string): boolean {
  return !!ctx.store.sqlite.prepare(`SELECT 1 FROM ${ref.table} WHERE id = ? AND deleted_at IS NULL`).get(id);
}

const idsOf = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : typeof value === 'string' && value ? [value] : []);

/**
 * Issues for reference fields that name a record that does not exist (or is in the bin). On an
 * update only references the edit adds are checked: sync and the bin leave old references
 * dangling, and that must not stop anyone fixing a typo in last year's touchpoint.
 */
function refs(ctx: ServiceContext, row: Row, previous: Row | null, checks: [field: string, ref: Ref][]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const [field, ref] of checks) {
    const before = new Set(previous ? idsOf(previous[field]) : []);
    const ids = idsOf(row[field]).filter((id) => !before.has(id));
    for (const id of ids) {
      if (!exists(ctx, ref, id)) {
        issues.push({ path: field, key: 'ref_missing', params: { what: ctx.t(`kinds.${ref.what}`) } });
        break;
      }
    }
  }
  return issues;
}

/** True when following `parentOf` from `start` reaches `self`: the new link would close a loop. */
function makesCycle(self: string, start: string | null | undefined, parentOf: (id: string) => string | null): boolean {
  const seen = new Set<string>();
  for (let at = start ?? null; at; at = parentOf(at)) {
    if (at === self) return true;
    if (seen.has(at)) return false; // An existing loop elsewhere (from a merge) is not this edit's doing.
    seen.add(at);
  }
  return false;
}

const personAccount = (ctx: ServiceContext, id: string) =>
  ctx.store.db.select({ accountId: s.people.accountId }).from(s.people).where(eq(s.people.id, id)).get()?.accountId ?? null;

const today = (ctx: ServiceContext) => ctx.now().slice(0, 10);

export const kinds = {
  members: { name: 'members', table: s.members, booleans: ['active'], sortByName: true },

  accounts: {
    name: 'accounts',
    table: s.accounts,
    json: ['aliases'],
    sortByName: true,
    rules: (ctx, row, previous) => {
      const issues = refs(ctx, row, previous, [
        ['parentId', ACCOUNT],
        ['ownerId', MEMBER],
        ['referralAccountId', ACCOUNT],
        ['referralPersonId', PERSON],
      ]);
      const parentOf = (id: string) => ctx.store.db.select({ p: s.accounts.parentId }).from(s.accounts).where(eq(s.accounts.id, id)).get()?.p ?? null;
      if (row.parentId && row.id && makesCycle(row.id, row.parentId as string, parentOf)) issues.push({ path: 'parentId', key: 'cycle_group' });
      return issues;
    },
    afterWrite: (ctx, next, previous) => {
      // The relationship level keeps its dated history (transactional → … → strategic partner).
      if (!previous || previous.level !== next.level) {
        ctx.changes.insert('account_levels', { account_id: next.id, level: next.level as string, since: today(ctx) });
      }
    },
  },

  levels: { name: 'account_levels', table: s.accountLevels, rules: (ctx, row, previous) => refs(ctx, row, previous, [['accountId', ACCOUNT]]) },
  team: {
    name: 'account_team',
    table: s.accountTeam,
    rules: (ctx, row, previous) =>
      refs(ctx, row, previous, [
        ['accountId', ACCOUNT],
        ['memberId', MEMBER],
      ]),
  },
  initiatives: {
    name: 'initiatives',
    table: s.initiatives,
    json: ['ourParticipants', 'theirParticipants'],
    rules: (ctx, row, previous) =>
      refs(ctx, row, previous, [
        ['accountId', ACCOUNT],
        ['ourParticipants', MEMBER],
        ['theirParticipants', PERSON],
      ]),
  },
  sponsors: {
    name: 'sponsor_pairs',
    table: s.sponsorPairs,
    rules: (ctx, row, previous) =>
      refs(ctx, row, previous, [
        ['accountId', ACCOUNT],
        ['memberId', MEMBER],
        ['personId', PERSON],
      ]),
  },
  agreements: { name: 'agreements', table: s.agreements, rules: (ctx, row, previous) => refs(ctx, row, previous, [['accountId', ACCOUNT]]) },

  people: {
    name: 'people',
    table: s.people,
    json: ['roles', 'ownerIds', 'strategies'],
    sortByName: true,
    rules: (ctx, row, previous) => {
      const issues = refs(ctx, row, previous, [
        ['accountId', ACCOUNT],
        ['reportsToId', PERSON],
        ['successorId', PERSON],
        ['ownerIds', MEMBER],
      ]);
      const boss = row.reportsToId as string | null | undefined;
      if (boss) {
        const bossAccount = personAccount(ctx, boss);
        if (boss === row.id) issues.push({ path: 'reportsToId', key: 'self_ref' });
        else if (bossAccount && bossAccount !== row.accountId) issues.push({ path: 'reportsToId', key: 'other_account' });
        else {
          const bossOf = (id: string) => ctx.store.db.select({ r: s.people.reportsToId }).from(s.people).where(eq(s.people.id, id)).get()?.r ?? null;
          if (row.id && makesCycle(row.id, boss, bossOf)) issues.push({ path: 'reportsToId', key: 'cycle_reports' });
        }
      }
      if (row.successorId && row.successorId === row.id) issues.push({ path: 'successorId', key: 'self_ref' });
      return issues;
    },
    afterWrite: (ctx, next, previous) => {
      // Tracked fields keep a dated history: the person page's role history and the map's "as of" compare.
      for (const field of TRACKED_PERSON_FIELDS) {
        const value = next[field] ?? null;
        if (previous && JSON.stringify(previous[field] ?? null) === JSON.stringify(value)) continue;
        ctx.changes.insert('person_changes', {
          person_id: next.id,
          account_id: next.accountId as string,
          at: ctx.now(),
          field,
          value: JSON.stringify(value),
        });
      }
    },
  },

  notes: { name: 'person_notes', table: s.personNotes, rules: (ctx, row, previous) => refs(ctx, row, previous, [['personId', PERSON]]) },

  links: {
    name: 'influence_links',
    table: s.influenceLinks,
    rules: (ctx, row, previous) => {
      const issues = refs(ctx, row, previous, [
        ['accountId', ACCOUNT],
        ['fromId', PERSON],
        ['toId', PERSON],
      ]);
      if (row.fromId === row.toId) issues.push({ path: 'toId', key: 'self_ref' });
      for (const field of ['fromId', 'toId'] as const) {
        const id = row[field] as string;
        if (id && personAccount(ctx, id) && personAccount(ctx, id) !== row.accountId) issues.push({ path: field, key: 'other_account' });
      }
      return issues;
    },
  },

  touchpoints: {
    name: 'touchpoints',
    table: s.touchpoints,
    orderBy: (t) => [desc((t as typeof s.touchpoints).at)],
    json: ['departments', 'theirParticipants', 'ourParticipants'],
    rules: (ctx, row, previous) =>
      refs(ctx, row, previous, [
        ['accountId', ACCOUNT],
        ['theirParticipants', PERSON],
        ['ourParticipants', MEMBER],
      ]),
  },

  followups: {
    name: 'follow_ups',
    table: s.followUps,
    orderBy: (t) => [asc((t as typeof s.followUps).done), asc((t as typeof s.followUps).dueDate)],
    booleans: ['done'],
    rules: (ctx, row, previous) =>
      refs(ctx, row, previous, [
        ['accountId', ACCOUNT],
        ['ownerId', MEMBER],
        ['touchpointId', TOUCHPOINT],
      ]),
  },
} satisfies Record<string, RecordKind>;

export const TRACKED_PERSON_FIELDS = [
  'title',
  'department',
  'reportsToId',
  'roles',
  'stance',
  'influence',
  'strength',
  'ownerIds',
  'status',
  'successorId',
] as const;

const byAccount = (kind: RecordKind) => (input: Record<string, unknown>) => whereColumn(kind, 'accountId', input.accountId);

export const recordCalls = {
  members: recordHandlers(kinds.members),
  accounts: recordHandlers(kinds.accounts, (input) => (input.parentId ? whereColumn(kinds.accounts, 'parentId', input.parentId) : undefined)),
  levels: recordHandlers(kinds.levels, byAccount(kinds.levels)),
  team: recordHandlers(kinds.team, byAccount(kinds.team)),
  initiatives: recordHandlers(kinds.initiatives, byAccount(kinds.initiatives)),
  sponsors: recordHandlers(kinds.sponsors, byAccount(kinds.sponsors)),
  agreements: recordHandlers(kinds.agreements, byAccount(kinds.agreements)),
  people: recordHandlers(kinds.people, byAccount(kinds.people)),
  notes: recordHandlers(kinds.notes, (input) => whereColumn(kinds.notes, 'personId', input.personId)),
  links: recordHandlers(kinds.links, byAccount(kinds.links)),
  touchpoints: recordHandlers(kinds.touchpoints, (input) =>
    and(
      whereColumn(kinds.touchpoints, 'accountId', input.accountId),
      // A person's touchpoints: their id inside the JSON list of participants.
      input.personId ? like(s.touchpoints.theirParticipants, `%${JSON.stringify(input.personId)}%`) : undefined,
    ),
  ),
  followups: recordHandlers(kinds.followups, byAccount(kinds.followups)),
};
