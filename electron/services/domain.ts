/**
 * What record kinds do beyond their declaration (shared/kinds.ts): the rules a field's type and
 * references cannot say (no reporting cycles, nobody their own successor, …) and what a write
 * brings along (the relationship level's history, a person's tracked fields). A rule returns the
 * field it concerns and a catalog key, so the user reads "Reports to: this would make a reporting
 * cycle" beside the field, in their language. The contract's record calls are made here, one set
 * per declared area.
 */
import { areaKinds, kinds, type Area } from '../../shared/kinds';
import { columnOfRecord } from '../store/records';
import { derivedId } from '../store/ids';
import { mergedInto } from '../store/merge';
import { personChanges } from '../store/read-models';
import type { ServiceContext } from './context';
import { createRecords, recordHandlers, type Behaviour, type Row, type RuleIssue } from './records';

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

const parentVia = (ctx: ServiceContext, table: string, column: string) => (id: string) =>
  (columnOfRecord(ctx.store.sqlite, table, column, id) as string | null) ?? null;

const today = (ctx: ServiceContext) => ctx.now().slice(0, 10);

/** Restoring a record merged into another would bring the duplicate back (services/merge.ts): refused, naming the survivor. */
function notMergedAway(ctx: ServiceContext, table: 'accounts' | 'people', row: Row, previous: Row | null): RuleIssue[] {
  if (previous !== null || !row.id) return [];
  const into = mergedInto(ctx.store.sqlite, row.id);
  if (!into) return [];
  return [{ path: 'id', key: 'merged_away', params: { name: String(columnOfRecord(ctx.store.sqlite, table, 'name', into) ?? '') } }];
}

/** The fields of a person whose every change is kept as a dated history row. */
export const TRACKED_PERSON_FIELDS = kinds.people.history;

/**
 * The id of the history row for what `field` held when the person was created: the same on every
 * laptop, so two that change the field offline write that row once between them.
 */
export const initialHistoryId = (person: { id: string; createdAt?: unknown }, field: string): string =>
  derivedId(Date.parse(String(person.createdAt)) || 0, 'person_changes', person.id, field);

const levelSince = (ctx: ServiceContext, account: Row) =>
  ctx.changes.insert('account_levels', { account_id: account.id, level: account.level as string, since: today(ctx) });

const behaviours: Partial<Record<keyof typeof kinds, Behaviour>> = {
  accounts: {
    rules: (ctx, row, previous) => [
      ...notMergedAway(ctx, 'accounts', row, previous),
      ...(row.parentId && row.id && makesCycle(row.id, row.parentId as string, parentVia(ctx, 'accounts', 'parent_id'))
        ? [{ path: 'parentId', key: 'cycle_group' }]
        : []),
    ],
    // The relationship level keeps its dated history (transactional → … → strategic partner).
    afterCreate: (ctx, created) => levelSince(ctx, created),
    afterUpdate: (ctx, next, previous) => {
      if (previous.level !== next.level) levelSince(ctx, next);
    },
  },
  people: {
    rules: (ctx, row, previous) => {
      const merged = notMergedAway(ctx, 'people', row, previous);
      if (merged.length > 0) return merged;
      // An erased person's personal fields stay blank (services/privacy.ts): refused, not silently undone.
      const personal = ['name', 'title', 'phone', 'email', 'preferredChannel', 'cadence', 'strategies'];
      const touched = previous?.erasedAt ? personal.find((f) => JSON.stringify(row[f] ?? null) !== JSON.stringify(previous[f] ?? null)) : undefined;
      if (touched) return [{ path: touched, key: 'privacy.erased' }];
      const boss = row.reportsToId as string | null | undefined;
      if (boss === row.id) return [{ path: 'reportsToId', key: 'self_ref' }];
      if (boss && row.id && makesCycle(row.id, boss, parentVia(ctx, 'people', 'reports_to_id'))) return [{ path: 'reportsToId', key: 'cycle_reports' }];
      if (row.successorId && row.successorId === row.id) return [{ path: 'successorId', key: 'self_ref' }];
      return [];
    },
    afterUpdate: (ctx, next, previous) => {
      // Tracked fields keep a dated history: the person page's role history and the map's "as of"
      // compare. What a field held at creation is the record itself until the field first changes
      // (people.history shows it so): that change writes it down first, then the new value. A
      // person added writes nothing more (an import of 100,000 people, issue 13).
      for (const field of TRACKED_PERSON_FIELDS) {
        const value = next[field] ?? null;
        if (JSON.stringify(previous[field] ?? null) === JSON.stringify(value)) continue;
        if (!personChanges.recordsField(ctx.store.sqlite, previous.id, field)) {
          ctx.changes.insert(
            'person_changes',
            {
              person_id: previous.id,
              account_id: previous.accountId as string,
              at: String(previous.createdAt),
              field,
              value: JSON.stringify(previous[field] ?? null),
            },
            initialHistoryId(previous, field),
          );
        }
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
  service_requests: {
    rules: (_ctx, row) =>
      row.closedAt && row.openedAt && String(row.closedAt) < String(row.openedAt) ? [{ path: 'closedAt', key: 'closed_before_opened' }] : [],
  },
  satisfaction_responses: {
    rules: (_ctx, row) => (row.nps == null && row.csat == null && row.ces == null ? [{ path: 'nps', key: 'no_score' }] : []),
  },
  influence_links: {
    rules: (_ctx, row: Row) => (row.fromId === row.toId ? [{ path: 'toId', key: 'self_ref' }] : []),
  },
};

type RecordCalls = { [A in Area]: ReturnType<typeof recordHandlers> };

/** The six record calls of every declared area, with its kind's behaviour. */
export const recordCalls = Object.fromEntries(
  Object.entries(areaKinds).map(([area, kind]) => [area, recordHandlers(kind, behaviours[kind.table as keyof typeof kinds] ?? {})]),
) as RecordCalls;

/** New records of an area written together, each checked as its create call checks it (records.ts, createRecords): an import's group of rows. */
export const createRecordsOf = (ctx: ServiceContext, area: Area, inputs: readonly Record<string, unknown>[], ids: readonly string[]): string[] =>
  createRecords(ctx, areaKinds[area], behaviours[areaKinds[area].table as keyof typeof kinds] ?? {}, inputs, ids);
