/**
 * The record-kind registry (shared/kinds.ts) is the one declaration of each kind: this proves that
 * every entry reaches the contract and its handlers, the store's synced tables (so the sync engine
 * carries it), the purge reference map, and the UI's words, and that every name it gives (fields,
 * filters, orders, references, history, enums) exists where it points.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { contract, methods } from '../../shared/contract';
import { AREAS, areaKinds, columnOf, kinds, PRIVATE_TABLES, tableReferences, type Order } from '../../shared/kinds';
import { catalogs } from '../../shared/i18n';
import { handlers } from '../../electron/services/handlers';
import { syncedTablesOf } from '../../electron/store/synced-tables';
import { cleanup, closeTest, openTest } from '../helpers/domain-fixtures';

const rt = openTest();
afterAll(() => {
  closeTest(rt);
  cleanup();
});

type Declaration = {
  table: string;
  area?: string;
  entity?: { fields: Record<string, unknown> };
  filters?: Record<string, { field: string }>;
  order?: Order;
  references: readonly { field: string; target: string }[];
  history?: readonly string[];
  enums?: Record<string, readonly string[]>;
};
const declarations = Object.entries(kinds) as [string, Declaration][];
const VERBS = ['list', 'get', 'create', 'update', 'delete', 'restore'] as const;
const columnsOf = (table: string) => (rt.store.sqlite.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name);

describe('the record-kind registry', () => {
  it('is keyed by table, and areas are unique', () => {
    for (const [key, kind] of declarations) expect(kind.table).toBe(key);
    const areas = declarations.flatMap(([, kind]) => (kind.area ? [kind.area] : []));
    expect(new Set(areas).size).toBe(areas.length);
    expect([...AREAS].sort()).toEqual([...areas].sort());
    expect(Object.keys(areaKinds).sort()).toEqual([...areas].sort());
  });

  it.each(declarations.filter(([, kind]) => kind.area))('%s reaches the contract, its handlers and the dispatcher', async (_table, kind) => {
    for (const verb of VERBS) {
      const method = `${kind.area}.${verb}`;
      expect(methods).toContain(method);
      expect(typeof handlers[method as keyof typeof handlers]).toBe('function');
    }
    // The contract's input is the kind's own: its create schema refuses an unknown field.
    const create = contract[`${kind.area}.create` as keyof typeof contract].input;
    expect(create.safeParse({ notAField: 1 }).success).toBe(false);
    // The real dispatcher answers a list (by its filters: an unknown account gives none).
    const listInput = Object.fromEntries(Object.keys(kind.filters ?? {}).map((key) => [key, 'no-such-record']));
    const result = await rt.dispatch(`${kind.area}.list` as never, listInput as never);
    expect(result).toMatchObject({ ok: true, value: [] });
  });

  it.each(declarations)('%s is a synced table of the store with a column for every declared field', (table, kind) => {
    const info = syncedTablesOf(rt.store.sqlite).get(table);
    expect(info, `${table} is not synced`).toBeDefined();
    for (const field of Object.keys(kind.entity?.fields ?? {})) expect(info!.fields, `${table}.${field}`).toContain(columnOf(field));
    const columns = columnsOf(table);
    for (const { field } of Object.values(kind.filters ?? {})) expect(columns, `filter ${table}.${field}`).toContain(columnOf(field));
    if (kind.order && kind.order !== 'name') for (const [field] of kind.order) expect(columns, `order ${table}.${field}`).toContain(columnOf(field));
    if (kind.order === 'name') expect(columns).toContain('name');
    for (const field of Object.keys(kind.enums ?? {})) expect(columns, `enum ${table}.${field}`).toContain(columnOf(field));
    for (const field of kind.history ?? []) expect(Object.keys(kind.entity?.fields ?? {}), `history ${table}.${field}`).toContain(field);
  });

  it('has a table in the store for every synced table, and no synced table outside it', () => {
    expect([...syncedTablesOf(rt.store.sqlite).keys()].sort()).toEqual(declarations.map(([table]) => table).sort());
  });

  it('names only existing tables and columns in its references, which the purge map carries', () => {
    const tables = new Set(declarations.map(([table]) => table));
    for (const [table, kind] of declarations) {
      for (const reference of kind.references) {
        expect(tables, `${table}.${reference.field} → ${reference.target}`).toContain(reference.target);
        expect(columnsOf(table), `${table}.${reference.field}`).toContain(columnOf(reference.field));
        expect(tableReferences).toContainEqual(expect.objectContaining({ table, column: columnOf(reference.field), target: reference.target }));
      }
    }
    expect(tableReferences.length).toBe(declarations.reduce((n, [, kind]) => n + kind.references.length, 0));
    for (const table of PRIVATE_TABLES) expect(tables).toContain(table);
  });

  it.each(declarations)('%s has its name in both languages (conflicts, the bin, check)', (table) => {
    expect(catalogs.en.syncUi.tables).toHaveProperty(table);
    expect(catalogs['zh-CN'].syncUi.tables).toHaveProperty(table);
  });
});
