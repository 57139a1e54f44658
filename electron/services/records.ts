/**
 * List, get, create, update, delete (to the bin) and restore for every record kind, in one place,
 * from the kinds' one declaration (shared/kinds.ts): fields (which are JSON lists or booleans is
 * read off their zod schemas), list filters and order, and the reference rules (the named record
 * exists, is not in the bin, and is of the same account where the declaration says so). Rules a
 * kind keeps beyond those (no reporting cycles, …) and what a write brings along (history rows)
 * are its behaviour (domain.ts). Writes go through the change log, so every one of them syncs.
 */
import { z } from 'zod';
import { columnOf, type Kind, type Order } from '../../shared/kinds';
import type { FieldIssue } from '../../shared/result';
import { findRow, listRows, liveRecord, type Filter, type State } from '../store/records';
import { newId } from '../store/ids';
import { rowsOf } from '../store/synced-tables';
import type { SqlValue, SyncedTableName } from '../sync/changes';
import { CallFailure, type ServiceContext } from './context';

export type { State };
export type Row = Record<string, unknown> & { id: string; deletedAt: string | null };

/** A broken domain rule on one field: worded by the catalog key `errors.<key>`. */
export interface RuleIssue {
  path: string;
  key: string;
  params?: Record<string, unknown>;
}

/** What a kind does beyond its declaration. */
export interface Behaviour {
  /** Checks the record as it would be after the write; returns what is wrong. */
  rules?: (ctx: ServiceContext, next: Row, previous: Row | null) => RuleIssue[];
  /** Runs in the same transaction after a create (history rows, …). */
  afterCreate?: (ctx: ServiceContext, created: Row) => void;
  /** Runs in the same transaction after an update (history rows, …). */
  afterUpdate?: (ctx: ServiceContext, next: Row, previous: Row) => void;
}

interface Shape {
  /** Fields stored as JSON text (lists, maps). */
  json: Set<string>;
  /** Fields stored as 0/1. */
  booleans: Set<string>;
}

const shapes = new WeakMap<Kind, Shape>();

/** Which fields are JSON or booleans, read off the kind's zod schemas. */
function shapeOf(kind: Kind): Shape {
  let shape = shapes.get(kind);
  if (!shape) {
    shape = { json: new Set(), booleans: new Set() };
    for (const [field, schema] of Object.entries('entity' in kind ? kind.entity.fields : {})) {
      let inner = schema as z.ZodType;
      while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
      if (inner instanceof z.ZodArray || inner instanceof z.ZodRecord || inner instanceof z.ZodObject) shape.json.add(field);
      else if (inner instanceof z.ZodBoolean) shape.booleans.add(field);
    }
    shapes.set(kind, shape);
  }
  return shape;
}

const camelNames = new Map<string, string>();
/** A column's field name (`account_id` → `accountId`), worked out once per column: every record read passes here. */
function camelOf(column: string): string {
  let field = camelNames.get(column);
  if (field === undefined) camelNames.set(column, (field = column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())));
  return field;
}

/** Store row (SQL columns) → contract record: JSON parsed, booleans as booleans, no clocks. */
export function toRecord(kind: Kind, row: Record<string, unknown>): Row {
  const shape = shapeOf(kind);
  const record: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column === 'sync_clocks') continue;
    const field = camelOf(column);
    record[field] = shape.json.has(field) ? parseJson(value) : shape.booleans.has(field) ? value === 1 || value === true : value;
  }
  return record as Row;
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Contract fields → SQL column values for the change log. */
function toColumns(kind: Kind, fields: Record<string, unknown>): Record<string, SqlValue> {
  const shape = shapeOf(kind);
  const out: Record<string, SqlValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'id' || value === undefined) continue;
    out[columnOf(key)] = shape.json.has(key) ? JSON.stringify(value) : shape.booleans.has(key) ? (value ? 1 : 0) : (value as SqlValue);
  }
  return out;
}

const orderColumns = (order: Order | undefined): readonly (readonly [string, 'asc' | 'desc'])[] =>
  !order || order === 'name' ? [] : order.map(([field, direction]) => [columnOf(field), direction] as const);

export function listRecords(ctx: ServiceContext, kind: Kind, state: State, filters: Filter[] = []): Row[] {
  const order = 'order' in kind ? kind.order : undefined;
  const records = listRows(ctx.store.sqlite, kind.table, state, filters, orderColumns(order)).map((r) => toRecord(kind, r));
  if (order === 'name') {
    const collator = new Intl.Collator(ctx.locale, { sensitivity: 'base', numeric: true });
    records.sort((a, b) => collator.compare(String(a.name), String(b.name)) || (a.id < b.id ? -1 : 1));
  }
  return records;
}

/** The list filters a call's input asks for, by the kind's declaration. */
function filtersOf(kind: Kind, input: Record<string, unknown>): Filter[] {
  const declared = 'filters' in kind ? (kind.filters as Record<string, { field: string; match: Filter['match'] }>) : {};
  return Object.entries(declared)
    .filter(([key]) => typeof input[key] === 'string')
    .map(([key, f]) => ({ column: columnOf(f.field), match: f.match, value: input[key] as string }));
}

export function findRecord(ctx: ServiceContext, kind: Kind, id: string): Row | null {
  const row = findRow(ctx.store.sqlite, kind.table, id);
  return row ? toRecord(kind, row) : null;
}

export function getRecord(ctx: ServiceContext, kind: Kind, id: string): Row {
  const row = findRecord(ctx, kind, id);
  if (!row) throw new CallFailure('not_found');
  return row;
}

const idsOf = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : typeof value === 'string' && value ? [value] : []);

/**
 * Issues for reference fields that name a record that does not exist, is in the bin, or belongs to
 * another account where the declaration asks for the same one. On an update only references the
 * edit adds are checked: sync and the bin leave old references dangling, and that must not stop
 * anyone fixing a typo in last year's touchpoint.
 */
type Lookup = (table: string, id: string) => ReturnType<typeof liveRecord>;

function referenceIssues(ctx: ServiceContext, kind: Kind, row: Row, previous: Row | null, lookup: Lookup): RuleIssue[] {
  const issues: RuleIssue[] = [];
  // A record moved to another account takes its same-account links along: each is checked again.
  const moved = previous !== null && previous.accountId !== row.accountId;
  for (const ref of kind.references) {
    const sameAccount = 'sameAccount' in ref && ref.sameAccount;
    const before = new Set(previous && !(moved && sameAccount) ? idsOf(previous[ref.field]) : []);
    const kept = new Set(previous ? idsOf(previous[ref.field]) : []);
    for (const id of idsOf(row[ref.field]).filter((x) => !before.has(x))) {
      const named = lookup(ref.target, id);
      if (!named) {
        if (kept.has(id)) continue; // an old link left dangling by sync or the bin
        issues.push({ path: ref.field, key: 'ref_missing', params: { what: ctx.t(`kinds.${kindWord(ref.target)}`) } });
        break;
      }
      if (sameAccount && named.accountId !== null && named.accountId !== row.accountId) {
        issues.push({ path: ref.field, key: 'other_account' });
        break;
      }
    }
  }
  return issues;
}

/** The catalog's word for a referenced record (`kinds.person`, …). */
const kindWord = (table: string): string =>
  ({ accounts: 'account', members: 'member', people: 'person', touchpoints: 'touchpoint', alerts: 'alert' })[table] ?? 'record';

function enforce(ctx: ServiceContext, kind: Kind, behaviour: Behaviour, next: Row, previous: Row | null, lookup?: Lookup): void {
  const named = lookup ?? ((table: string, id: string) => liveRecord(ctx.store.sqlite, table, id));
  const issues = [...referenceIssues(ctx, kind, next, previous, named), ...(behaviour.rules?.(ctx, next, previous) ?? [])];
  if (issues.length > 0) throw new RuleFailure(issues);
}

export function createRecord(ctx: ServiceContext, kind: Kind, behaviour: Behaviour, input: Record<string, unknown>): Row {
  return ctx.changes.inTransaction(() => getRecord(ctx, kind, createRecords(ctx, kind, behaviour, [input])[0]!));
}

/**
 * Creates records of one kind, each checked as a create checks it (the records it names looked up
 * once for all), then written together (ChangeLog.insertMany): an import's group of new rows, or
 * one record. `ids`, when given, are the new records' ids. Nothing is written when one is refused.
 */
export function createRecords(
  ctx: ServiceContext,
  kind: Kind,
  behaviour: Behaviour,
  inputs: readonly Record<string, unknown>[],
  ids: readonly string[] = inputs.map(() => newId()),
): string[] {
  const owner = 'owner' in kind ? (kind.owner as string) : null;
  return ctx.changes.inTransaction(() => {
    // Within this call nothing else writes: a record named by many of the group is looked up once.
    const seen = new Map<string, ReturnType<typeof liveRecord>>();
    const lookup: Lookup = (table, id) => {
      const key = `${table}\u0000${id}`;
      if (!seen.has(key)) seen.set(key, liveRecord(ctx.store.sqlite, table, id));
      return seen.get(key);
    };
    const rows = inputs.map((given, i) => {
      // Who uses this device owns what they create, unless they chose someone (or no one: null).
      const input = owner && given[owner] === undefined && ctx.me ? { ...given, [owner]: ctx.me } : given;
      enforce(ctx, kind, behaviour, { ...input, id: '', deletedAt: null } as Row, null, lookup);
      return { values: toColumns(kind, input), id: ids[i]! };
    });
    ctx.changes.insertMany(kind.table as SyncedTableName, rows);
    if (behaviour.afterCreate) {
      const created = new Map(
        rowsOf(
          ctx.store.sqlite,
          kind.table,
          rows.map((r) => r.id),
        ).map((row) => [String(row.id), row]),
      );
      for (const { id } of rows) behaviour.afterCreate(ctx, toRecord(kind, created.get(id)!));
    }
    return rows.map((r) => r.id);
  });
}

export function updateRecord(ctx: ServiceContext, kind: Kind, behaviour: Behaviour, input: { id: string } & Record<string, unknown>): Row {
  return ctx.changes.inTransaction(() => {
    const previous = getRecord(ctx, kind, input.id);
    const next = { ...previous, ...stripUndefined(input) } as Row;
    enforce(ctx, kind, behaviour, next, previous);
    ctx.changes.update(kind.table as SyncedTableName, input.id, toColumns(kind, input));
    const updated = getRecord(ctx, kind, input.id);
    behaviour.afterUpdate?.(ctx, updated, previous);
    return updated;
  });
}

/** To the bin; deleting what is already there keeps its first deletion time. */
export function deleteRecord(ctx: ServiceContext, kind: Kind, id: string): Row {
  const current = getRecord(ctx, kind, id);
  if (current.deletedAt) return current;
  ctx.changes.update(kind.table as SyncedTableName, id, { deleted_at: ctx.now() });
  return getRecord(ctx, kind, id);
}

export function restoreRecord(ctx: ServiceContext, kind: Kind, behaviour: Behaviour, id: string): Row {
  return ctx.changes.inTransaction(() => {
    const current = getRecord(ctx, kind, id);
    if (!current.deletedAt) return current;
    // Restoring checks every reference again: a person must not come back into a binned account.
    enforce(ctx, kind, behaviour, { ...current, deletedAt: null }, null);
    ctx.changes.update(kind.table as SyncedTableName, id, { deleted_at: null });
    return getRecord(ctx, kind, id);
  });
}

function stripUndefined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/** Broken domain rules: reported like schema errors, field by field, and nothing is written. */
export class RuleFailure extends CallFailure {
  constructor(readonly rules: RuleIssue[]) {
    super('validation', {}, 'validation');
  }

  issues(t: (key: string, params?: Record<string, unknown>) => string): FieldIssue[] {
    return this.rules.map((r) => ({ path: r.path, message: t(`errors.${r.key}`, r.params) }));
  }
}

/** The six handlers of one kind, for the contract's six calls of its area. */
export function recordHandlers(kind: Kind, behaviour: Behaviour = {}) {
  return {
    list: (ctx: ServiceContext, input: { state: State } & Record<string, unknown>) => listRecords(ctx, kind, input.state, filtersOf(kind, input)),
    get: (ctx: ServiceContext, input: { id: string }) => getRecord(ctx, kind, input.id),
    create: (ctx: ServiceContext, input: Record<string, unknown>) => createRecord(ctx, kind, behaviour, input),
    update: (ctx: ServiceContext, input: { id: string } & Record<string, unknown>) => updateRecord(ctx, kind, behaviour, input),
    delete: (ctx: ServiceContext, input: { id: string }) => deleteRecord(ctx, kind, input.id),
    restore: (ctx: ServiceContext, input: { id: string }) => restoreRecord(ctx, kind, behaviour, input.id),
  };
}
