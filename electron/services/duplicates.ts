/**
 * Likely duplicates (shared/dedupe): the create forms' check of a new account or person against
 * the store, the duplicates view's candidate pairs, and "not a duplicate", remembered as a synced
 * `distinct_pairs` record whose id is derived from the pair (both laptops saying so make one row).
 */
import type { z } from 'zod';
import {
  AccountIndex,
  accountPairs,
  emailKey,
  matchAccount,
  matchPerson,
  PeopleIndex,
  peoplePairs,
  phoneKey,
  type AccountLike,
  type Candidate,
  type DuplicateKind,
  type Match,
  type PersonLike,
} from '../../shared/dedupe';
import type { DuplicateCheckInput, DuplicateDismissInput, DuplicateList, DuplicateListInput, DuplicateMatch } from '../../shared/dedupe/schemas';
import { fnv1a64 } from '../../shared/health/hash';
import { accountNames, distinctPairKeys, namesOf, peopleByContact, personKeyRows, type AccountNameRow, type NamedRow } from '../store/merge';
import { findRow, liveRecord } from '../store/records';
import { CallFailure, type ServiceContext } from './context';

const aliasesOf = (row: AccountNameRow): string[] => {
  try {
    const parsed = JSON.parse(row.aliases) as unknown;
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

const MAX_MATCHES = 5;
/** Below this a match is not worth a warning on the form. */
const MIN_SCORE = 0.6;

function named(ctx: ServiceContext, kind: DuplicateKind, ids: string[]) {
  return new Map(namesOf(ctx.store.sqlite, kind, ids).map((r) => [r.id, r]));
}

/** The records a draft looks like, best first: those worth a warning, with their names. */
export function checkDuplicates(ctx: ServiceContext, input: z.infer<typeof DuplicateCheckInput>): z.infer<typeof DuplicateMatch>[] {
  const sqlite = ctx.store.sqlite;
  if (input.kind === 'accounts') {
    const existing = accountNames(sqlite)
      .filter((r) => r.id !== input.excludeId)
      .map((r) => ({ id: r.id, name: r.name, aliases: aliasesOf(r) }));
    return worthTelling(ctx, 'accounts', matchAccount(input.name, existing));
  }
  // The account's people, and anyone anywhere with the same phone or e-mail: never all people.
  const phone = phoneKey(input.phone);
  const email = emailKey(input.email);
  const pool = new Map(personKeyRows(sqlite, input.accountId).map((p) => [p.id, p]));
  if (phone || email) for (const p of peopleByContact(sqlite, phone ? phone.slice(-7) : null, email)) pool.set(p.id, p);
  pool.delete(input.excludeId ?? '');
  return worthTelling(ctx, 'people', matchPerson({ accountId: input.accountId, name: input.name, phone: input.phone, email: input.email }, [...pool.values()]));
}

/**
 * The check of an import, row after row: each person against the people of their account, those
 * there when the import first reached it and those it added since (`added`). The phone and e-mail
 * lookup across all people is left to the create form: it scans the table.
 */
export function peopleChecker(ctx: ServiceContext) {
  const byAccount = new Map<string, PeopleIndex>();
  const indexOf = (accountId: string) => {
    let index = byAccount.get(accountId);
    if (!index) {
      byAccount.set(accountId, (index = new PeopleIndex()));
      for (const person of personKeyRows(ctx.store.sqlite, accountId)) index.add(person);
    }
    return index;
  };
  // Named from here until the store has them: an import writes the people it adds in groups (import/run.ts).
  const added = new Map<string, NamedRow>();
  return {
    check: (draft: Omit<PersonLike, 'id'>) => worthTelling(ctx, 'people', indexOf(draft.accountId).match(draft), added),
    added: (person: PersonLike) => {
      indexOf(person.accountId).add(person);
      added.set(person.id, { id: person.id, name: person.name, accountId: person.accountId, accountName: null });
    },
  };
}

/** The same for accounts: each against all accounts there when the import began and those it added since. */
export function accountsChecker(ctx: ServiceContext) {
  let index: AccountIndex | null = null;
  const indexed = () => {
    if (!index) {
      index = new AccountIndex();
      for (const row of accountNames(ctx.store.sqlite)) index.add({ id: row.id, name: row.name, aliases: aliasesOf(row) });
    }
    return index;
  };
  const added = new Map<string, NamedRow>();
  return {
    check: (name: string) => worthTelling(ctx, 'accounts', indexed().match(name), added),
    added: (account: AccountLike) => {
      indexed().add(account);
      added.set(account.id, { id: account.id, name: account.name, accountId: null, accountName: null });
    },
  };
}

/** `added`: records a caller added that the store may not hold yet, by id. */
function worthTelling(ctx: ServiceContext, kind: DuplicateKind, matches: Match[], added?: ReadonlyMap<string, NamedRow>): z.infer<typeof DuplicateMatch>[] {
  const top = matches.filter((m) => m.score >= MIN_SCORE).slice(0, MAX_MATCHES);
  if (top.length === 0) return [];
  const names = named(
    ctx,
    kind,
    top.map((m) => m.id),
  );
  return top.flatMap((m) => {
    const n = names.get(m.id) ?? added?.get(m.id);
    return n ? [{ ...n, score: m.score, reasons: m.reasons }] : [];
  });
}

/** Every candidate pair of a kind, the dismissed ones left out, best first. */
export function candidatePairs(ctx: ServiceContext, kind: DuplicateKind): Candidate[] {
  const sqlite = ctx.store.sqlite;
  const found =
    kind === 'accounts'
      ? accountPairs(accountNames(sqlite).map((r) => ({ id: r.id, name: r.name, aliases: aliasesOf(r) })))
      : peoplePairs(personKeyRows(sqlite));
  const dismissed = distinctPairKeys(sqlite, kind);
  return found.filter((c) => !dismissed.has(`${c.a}\u0000${c.b}`));
}

export function listDuplicates(ctx: ServiceContext, input: z.infer<typeof DuplicateListInput>): z.infer<typeof DuplicateList> {
  const all = candidatePairs(ctx, input.kind);
  const shown = all.slice(0, input.limit);
  const names = named(ctx, input.kind, [...new Set(shown.flatMap((c) => [c.a, c.b]))]);
  const pairs = shown.flatMap((c) => {
    const a = names.get(c.a);
    const b = names.get(c.b);
    return a && b ? [{ kind: c.kind, a, b, score: c.score, reasons: c.reasons }] : [];
  });
  return { pairs, total: all.length };
}

/** The id every device derives for "these two are not duplicates". */
export const distinctPairId = (kind: string, a: string, b: string): string => `nd-${fnv1a64(`${kind}\u0000${a < b ? a : b}\u0000${a < b ? b : a}`)}`;

export function dismissDuplicate(ctx: ServiceContext, input: z.infer<typeof DuplicateDismissInput>): { dismissed: boolean } {
  if (input.aId === input.bId) throw new CallFailure('validation', {}, 'merge_same');
  for (const id of [input.aId, input.bId]) if (!liveRecord(ctx.store.sqlite, input.kind, id)) throw new CallFailure('not_found');
  const [a, b] = input.aId < input.bId ? [input.aId, input.bId] : [input.bId, input.aId];
  const id = distinctPairId(input.kind, a, b);
  return ctx.changes.inTransaction(() => {
    const existing = findRow(ctx.store.sqlite, 'distinct_pairs', id);
    if (existing) ctx.changes.update('distinct_pairs', id, { deleted_at: null, by_id: ctx.me });
    else ctx.changes.insert('distinct_pairs', { kind: input.kind, a_id: a, b_id: b, by_id: ctx.me }, id);
    return { dismissed: true };
  });
}
