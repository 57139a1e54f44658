/**
 * What each row of a sheet becomes: the names it holds resolved to records (the account, people
 * of that account, team members), and the record it matches for re-import (the natural key: a
 * chosen key field, else the name within the account), so the same sheet imported twice updates
 * instead of duplicating. The preview and the import share this one path: the preview only reads.
 */
import type Database from 'better-sqlite3';
import { KEY_FIELDS, fieldsOf, normaliseName, type ImportKind } from '../../../shared/import/fields';
import { checkInput, mappedFields, readRow, type ReadRow } from '../../../shared/import/rows';
import type { RowProblem } from '../../../shared/import/schemas';
import type { Translate } from '../../../shared/i18n';
import { areaKinds } from '../../../shared/kinds';
import { prepared } from '../../store/prepared';
import { ID_FIELDS, STAND_IN, type Ahead } from './ahead';
import type { Sheet, SheetRow } from './read';

export interface Plan {
  kind: ImportKind;
  fields: ReturnType<typeof mappedFields>;
  headers: string[];
  keyField: string | null;
}

/** A row ready to write: the record it updates (or none: a new one), and what it sets. */
export interface PlannedRow {
  row: number;
  /** The account's id, or its name when the import is to add it. */
  account: { id: string } | { name: string } | null;
  /** The validated create input (accountId left to fill when the account is new). */
  input: Record<string, unknown>;
  /** The fields the sheet gave (an update sets only those). */
  given: string[];
  matchId: string | null;
  /** The natural key it was matched by (Resolver.keyOf), when its account is known: null otherwise, or when it has none. */
  key: string | null;
  /** Names resolved after the rows are in (a manager named further down the sheet). */
  reportsTo: string | null;
}

/** Looks records up by name and natural key; learns the ones the import adds as it goes. */
export class Resolver {
  private accounts = new Map<string, string>();
  private members = new Map<string, string>();
  private people = new Map<string, Map<string, string>>();
  private keys = new Map<string, string>();

  constructor(
    private readonly sqlite: Database.Database,
    private readonly kind: ImportKind,
    private readonly keyField: string | null,
  ) {
    for (const a of prepared(sqlite, 'SELECT id, name, aliases FROM accounts WHERE deleted_at IS NULL ORDER BY created_at, id').all() as {
      id: string;
      name: string;
      aliases: string;
    }[]) {
      const key = normaliseName(a.name);
      if (!this.accounts.has(key)) this.accounts.set(key, a.id);
      for (const alias of parseList(a.aliases)) if (!this.accounts.has(normaliseName(alias))) this.accounts.set(normaliseName(alias), a.id);
    }
    for (const m of prepared(sqlite, 'SELECT id, name FROM members WHERE deleted_at IS NULL').all() as { id: string; name: string }[])
      this.members.set(normaliseName(m.name), m.id);
    this.loadKeys();
  }

  account(name: string): string | null {
    return this.accounts.get(normaliseName(name)) ?? null;
  }

  learnAccount(name: string, id: string): void {
    this.accounts.set(normaliseName(name), id);
  }

  member(name: string): string | null {
    return this.members.get(normaliseName(name)) ?? null;
  }

  /** A person of the account by name (the first added, when two share a name). */
  person(accountId: string, name: string): string | null {
    return this.peopleOf(accountId).get(normaliseName(name)) ?? null;
  }

  learnPerson(accountId: string, name: string, id: string): void {
    const people = this.peopleOf(accountId);
    if (!people.has(normaliseName(name))) people.set(normaliseName(name), id);
  }

  private peopleOf(accountId: string): Map<string, string> {
    let people = this.people.get(accountId);
    if (!people) {
      people = new Map();
      for (const p of prepared(this.sqlite, 'SELECT id, name FROM people WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id').all(
        accountId,
      ) as {
        id: string;
        name: string;
      }[])
        if (!people.has(normaliseName(p.name))) people.set(normaliseName(p.name), p.id);
      this.people.set(accountId, people);
    }
    return people;
  }

  /** The natural key of a record (input as a create takes it), or null when it has none to match by. */
  keyOf(input: Record<string, unknown>): string | null {
    const v = (field: string) => normaliseName(String(input[field] ?? ''));
    const a = String(input.accountId ?? '');
    switch (this.kind) {
      case 'accounts':
        return v('name') || null;
      case 'people':
        if (this.keyField === 'email' || this.keyField === 'phone') return v(this.keyField) ? `${this.keyField}\u0000${keyValue(this.keyField, input)}` : null;
        return a && v('name') ? `${a}\u0000${v('name')}` : null;
      case 'touchpoints':
        return `${a}\u0000${String(input.at)}\u0000${v('summary')}`;
      case 'purchases':
        return `${a}\u0000${String(input.period)}\u0000${v('productLine')}`;
      case 'requests':
        return `${a}\u0000${String(input.openedAt)}\u0000${v('summary')}`;
      case 'followups':
        return `${a}\u0000${v('task')}`;
    }
  }

  match(input: Record<string, unknown>): string | null {
    return this.matchKey(this.keyOf(input));
  }

  matchKey(key: string | null): string | null {
    return key === null ? null : (this.keys.get(key) ?? null);
  }

  learn(input: Record<string, unknown>, id: string): void {
    this.learnKey(this.keyOf(input), id);
  }

  learnKey(key: string | null, id: string): void {
    if (key !== null && !this.keys.has(key)) this.keys.set(key, id);
  }

  private loadKeys(): void {
    const table = areaKinds[this.kind].table;
    const columns: Record<ImportKind, string> = {
      accounts: 'id, name',
      people: 'id, account_id AS accountId, name, email, phone',
      touchpoints: 'id, account_id AS accountId, at, summary',
      purchases: 'id, account_id AS accountId, period, product_line AS productLine',
      requests: 'id, account_id AS accountId, opened_at AS openedAt, summary',
      followups: 'id, account_id AS accountId, task',
    };
    for (const row of prepared(this.sqlite, `SELECT ${columns[this.kind]} FROM ${table} WHERE deleted_at IS NULL ORDER BY created_at, id`).all() as Record<
      string,
      unknown
    >[]) {
      this.learn(row, String(row.id));
    }
  }
}

/** Phone numbers match without spaces, dashes and a +86 prefix; e-mail case-insensitively. */
function keyValue(field: string, input: Record<string, unknown>): string {
  const raw = String(input[field] ?? '').trim();
  return field === 'phone' ? raw.replace(/[\s\-()（）]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '') : raw.toLowerCase();
}

function parseList(json: string): string[] {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}

/** Which key fields a kind may match by, and whether the mapping fills the chosen one. */
export function keyFieldOf(kind: ImportKind, wanted: string | undefined, mapping: readonly (string | null)[]): string | null {
  const allowed = KEY_FIELDS[kind];
  if (wanted && allowed.includes(wanted) && mapping.includes(wanted)) return wanted;
  return null;
}

/** The problems of the mapping as a whole (row 0): required fields not mapped, fields of another kind. */
export function mappingProblems(kind: ImportKind, headers: readonly string[], mapping: readonly (string | null)[], t: Translate): RowProblem[] {
  const problems: RowProblem[] = [];
  const known = new Map(fieldsOf(kind).map((f) => [f.field, f]));
  mapping.forEach((m, i) => {
    if (m && !known.has(m)) problems.push({ row: 0, column: headers[i] ?? null, message: t('import.problems.unknownField', { field: m }) });
  });
  const seen = new Set<string>();
  mapping.forEach((m, i) => {
    if (m && seen.has(m)) problems.push({ row: 0, column: headers[i] ?? null, message: t('import.problems.twice', { field: t(`import.fields.${m}`) }) });
    if (m) seen.add(m);
  });
  for (const f of fieldsOf(kind)) {
    if (f.required && !mapping.includes(f.field) && !fieldsOf(kind).some((part) => part.partOf === f.field && mapping.includes(part.field)))
      problems.push({ row: 0, column: null, message: t('import.problems.unmapped', { field: t(`import.fields.${f.field}`) }) });
  }
  return problems;
}

/**
 * Reads, resolves and checks one row; an account not found by name is to be added (`account.name`).
 * Problems are the row's; nothing here writes.
 */
export function planRow(
  plan: Plan,
  resolver: Resolver,
  source: SheetRow,
  t: Translate,
  ahead?: Ahead,
): { ok: true; planned: PlannedRow; read: ReadRow } | { ok: false; problems: RowProblem[] } {
  // Read on the import's thread ahead of it (ahead.ts), when it was.
  const read = ahead?.read ?? readRow(plan.fields, plan.headers, source.cells, source.row, t);
  for (const cp of source.cellProblems ?? []) {
    // Only cells the import reads count (a formula in a column left out does not).
    if (plan.fields[cp.column])
      read.problems.push({ row: source.row, column: plan.headers[cp.column] ?? null, message: t(`import.problems.${cp.problem.key}`, cp.problem.params) });
  }
  if (read.problems.length > 0) return { ok: false, problems: read.problems };
  const headerOf = (field: string): string | null => {
    const i = plan.fields.findIndex((f) => f?.field === field || (field === 'accountId' && f?.field === 'account'));
    return i >= 0 ? (plan.headers[i] ?? null) : null;
  };
  const problems: RowProblem[] = [];
  const input: Record<string, unknown> = { ...read.values };
  let account: PlannedRow['account'] = null;
  if (plan.kind !== 'accounts') {
    const name = String(read.names.account ?? '').trim();
    if (!name) problems.push({ row: source.row, column: headerOf('account'), message: t('import.problems.noAccount') });
    else {
      const id = resolver.account(name);
      account = id ? { id } : { name };
      // A stand-in id for the check: the real one is known once the account is added.
      input.accountId = id ?? STAND_IN;
    }
  }
  const accountId = account && 'id' in account ? account.id : null;
  const personByName = (name: string, column: string): string | null => {
    const id = accountId ? resolver.person(accountId, name) : null;
    if (!id) problems.push({ row: source.row, column: headerOf(column), message: t('import.problems.noPerson', { name }) });
    return id;
  };
  if (typeof read.names.owner === 'string') {
    const id = resolver.member(read.names.owner);
    if (id) input.ownerId = id;
    else problems.push({ row: source.row, column: headerOf('owner'), message: t('import.problems.noMember', { name: read.names.owner }) });
  }
  if (typeof read.names.person === 'string') {
    const id = personByName(read.names.person, 'person');
    if (id) input.personId = id;
  }
  if (Array.isArray(read.names.participants)) {
    const ids = read.names.participants.map((n) => personByName(n, 'participants')).filter((id): id is string => id !== null);
    input.theirParticipants = [...new Set(ids)];
  }
  if (problems.length > 0) return { ok: false, problems };
  const checked = ahead?.checked ? { ok: true as const, input: withIds(ahead.checked, input) } : checkInput(plan.kind, input, source.row, headerOf, t);
  if (!checked.ok) return { ok: false, problems: checked.problems };
  const key = accountId || plan.kind === 'accounts' || plan.keyField ? resolver.keyOf(checked.input) : null;
  const matchId = resolver.matchKey(key);
  return {
    ok: true,
    read,
    planned: {
      row: source.row,
      account,
      input: checked.input,
      given: Object.keys(input).filter((k) => k !== 'accountId'),
      matchId,
      key: accountId || plan.kind === 'accounts' ? key : null,
      reportsTo: typeof read.names.reportsTo === 'string' ? read.names.reportsTo : null,
    },
  };
}

/** A record checked ahead with stand-ins (ahead.ts), with the ids of the records the row names here. */
function withIds(checked: Record<string, unknown>, input: Record<string, unknown>): Record<string, unknown> {
  const out = { ...checked };
  for (const field of ID_FIELDS) if (field in input) out[field] = input[field];
  return out;
}

export const planOf = (kind: ImportKind, sheet: Sheet, mapping: readonly (string | null)[], keyField: string | null): Plan => ({
  kind,
  fields: mappedFields(kind, mapping),
  headers: sheet.headers,
  keyField,
});
