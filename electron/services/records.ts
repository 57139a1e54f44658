/**
 * Create, read, update, delete (to the bin) and restore for every record kind, in one place.
 * A kind is described by its drizzle table, which of its fields are JSON lists or booleans, and
 * the domain rules it must keep (references that exist, no reporting cycles, …). Writes go
 * through the change log, so every one of them syncs.
 */
import { and, asc, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { FieldIssue } from '../../shared/result';
import { CallFailure, type ServiceContext } from './context';
import type { SqlValue, SyncedTableName } from '../sync/changes';

export type Row = Record<string, unknown> & { id: string; deletedAt: string | null };

/** A broken domain rule on one field: worded by the catalog key `errors.<key>`. */
export interface RuleIssue {
  path: string;
  key: string;
  params?: Record<string, unknown>;
}

export interface RecordKind {
  /** The SQL name, as changes carry it. */
  name: SyncedTableName;
  table: SQLiteTable;
  /** Fields stored as JSON text (lists, maps). */
  json?: readonly string[];
  /** Fields stored as 0/1. */
  booleans?: readonly string[];
  /** Checks the record as it would be after the write; returns what is wrong. */
  rules?: (ctx: ServiceContext, next: Row, previous: Row | null) => RuleIssue[];
  /** Runs in the same transaction after a write (history rows, …). */
  afterWrite?: (ctx: ServiceContext, next: Row, previous: Row | null) => void;
  /** Lists sort by `name` in the caller's language (pinyin order for zh-CN), else by this SQL order. */
  sortByName?: boolean;
  orderBy?: (table: SQLiteTable) => SQL[];
}

export type State = 'active' | 'deleted' | 'all';

const column = (kind: RecordKind, key: string): SQLiteColumn => {
  const col = (kind.table as unknown as Record<string, SQLiteColumn>)[key];
  if (!col) throw new Error(`${kind.name} has no field ${key}`);
  return col;
};

/** Store row (drizzle keys) → contract record: JSON parsed, booleans as booleans, no clocks. */
export function toRecord(kind: RecordKind, row: Record<string, unknown>): Row {
  const { syncClocks: _clocks, ...rest } = row;
  for (const key of kind.json ?? []) rest[key] = parseJson(rest[key]);
  for (const key of kind.booleans ?? []) rest[key] = rest[key] === 1 || rest[key] === true;
  return rest as Row;
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
function toColumns(kind: RecordKind, fields: Record<string, unknown>): Record<string, SqlValue> {
  const out: Record<string, SqlValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'id' || value === undefined) continue;
    const sqlName = column(kind, key).name;
    if (kind.json?.includes(key)) out[sqlName] = JSON.stringify(value);
    else if (kind.booleans?.includes(key)) out[sqlName] = value ? 1 : 0;
    else out[sqlName] = value as SqlValue;
  }
  return out;
}

export function listRecords(ctx: ServiceContext, kind: RecordKind, state: State, where?: SQL): Row[] {
  const deleted = column(kind, 'deletedAt');
  const stateWhere = state === 'active' ? isNull(deleted) : state === 'deleted' ? isNotNull(deleted) : undefined;
  const query = ctx.store.db.select().from(kind.table).where(and(stateWhere, where));
  const rows = (kind.orderBy ? query.orderBy(...kind.orderBy(kind.table)) : query.orderBy(asc(column(kind, 'id')))).all();
  const records = rows.map((r) => toRecord(kind, r as Record<string, unknown>));
  if (kind.sortByName) {
    const collator = new Intl.Collator(ctx.locale, { sensitivity: 'base', numeric: true });
    records.sort((a, b) => collator.compare(String(a.name), String(b.name)));
  }
  return records;
}

export function findRecord(ctx: ServiceContext, kind: RecordKind, id: string): Row | null {
  const row = ctx.store.db
    .select()
    .from(kind.table)
    .where(eq(column(kind, 'id'), id))
    .get();
  return row ? toRecord(kind, row as Record<string, unknown>) : null;
}

export function getRecord(ctx: ServiceContext, kind: RecordKind, id: string): Row {
  const row = findRecord(ctx, kind, id);
  if (!row) throw new CallFailure('not_found');
  return row;
}

function enforce(ctx: ServiceContext, kind: RecordKind, next: Row, previous: Row | null): void {
  const issues = kind.rules?.(ctx, next, previous) ?? [];
  if (issues.length > 0) throw new RuleFailure(issues);
}

export function createRecord(ctx: ServiceContext, kind: RecordKind, input: Record<string, unknown>): Row {
  return ctx.changes.inTransaction(() => {
    const draft = { ...input, id: '', deletedAt: null } as Row;
    enforce(ctx, kind, draft, null);
    const id = ctx.changes.insert(kind.name, toColumns(kind, input));
    const created = getRecord(ctx, kind, id);
    kind.afterWrite?.(ctx, created, null);
    return created;
  });
}

export function updateRecord(ctx: ServiceContext, kind: RecordKind, input: { id: string } & Record<string, unknown>): Row {
  return ctx.changes.inTransaction(() => {
    const previous = getRecord(ctx, kind, input.id);
    const next = { ...previous, ...stripUndefined(input) } as Row;
    enforce(ctx, kind, next, previous);
    ctx.changes.update(kind.name, input.id, toColumns(kind, input));
    const updated = getRecord(ctx, kind, input.id);
    kind.afterWrite?.(ctx, updated, previous);
    return updated;
  });
}

/** To the bin; deleting what is already there keeps its first deletion time. */
export function deleteRecord(ctx: ServiceContext, kind: RecordKind, id: string): Row {
  const current = getRecord(ctx, kind, id);
  if (current.deletedAt) return current;
  ctx.changes.update(kind.name, id, { deleted_at: ctx.now() });
  return getRecord(ctx, kind, id);
}

export function restoreRecord(ctx: ServiceContext, kind: RecordKind, id: string): Row {
  return ctx.changes.inTransaction(() => {
    const current = getRecord(ctx, kind, id);
    if (!current.deletedAt) return current;
    // Restoring checks every reference again: a person must not come back into a binned account.
    enforce(ctx, kind, { ...current, deletedAt: null }, null);
    ctx.changes.update(kind.name, id, { deleted_at: null });
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

/** The six handlers of one kind, for the contract's `records(area, …)` entries. */
export function recordHandlers(kind: RecordKind, listWhere: (input: Record<string, unknown>) => SQL | undefined = () => undefined) {
  return {
    list: (ctx: ServiceContext, input: { state: State } & Record<string, unknown>) => listRecords(ctx, kind, input.state, listWhere(input)),
    get: (ctx: ServiceContext, input: { id: string }) => getRecord(ctx, kind, input.id),
    create: (ctx: ServiceContext, input: Record<string, unknown>) => createRecord(ctx, kind, input),
    update: (ctx: ServiceContext, input: { id: string } & Record<string, unknown>) => updateRecord(ctx, kind, input),
    delete: (ctx: ServiceContext, input: { id: string }) => deleteRecord(ctx, kind, input.id),
    restore: (ctx: ServiceContext, input: { id: string }) => restoreRecord(ctx, kind, input.id),
  };
}

export const whereColumn = (kind: RecordKind, key: string, value: unknown) => eq(column(kind, key), value as string);
