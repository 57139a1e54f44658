import { and, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Account, ParsedInputs } from './types';
import { CallFailure, type ServiceContext } from './context';
import { accounts } from '../store/schema';
import { newId } from '../store/ids';

export function listAccounts(ctx: ServiceContext, input: ParsedInputs['accounts.list']): Account[] {
  const where: SQL | undefined =
    input.state === 'active' ? isNull(accounts.deletedAt) : input.state === 'deleted' ? isNotNull(accounts.deletedAt) : undefined;
  const rows = ctx.store.db.select().from(accounts).where(where).all();
  // Sorted in the caller's language: pinyin order for zh-CN, alphabetical for en.
  const collator = new Intl.Collator(ctx.locale, { sensitivity: 'base', numeric: true });
  return rows.sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
}

export function getAccount(ctx: ServiceContext, input: { id: string }): Account {
  const row = ctx.store.db.select().from(accounts).where(eq(accounts.id, input.id)).get();
  if (!row) throw new CallFailure('not_found');
  return row;
}

export function createAccount(ctx: ServiceContext, input: ParsedInputs['accounts.create']): Account {
  const now = ctx.now();
  const row: Account = { id: newId(), name: input.name, createdAt: now, updatedAt: now, deletedAt: null };
  ctx.store.db.insert(accounts).values(row).run();
  return row;
}

function updateAccount(ctx: ServiceContext, id: string, patch: Partial<Omit<Account, 'id' | 'createdAt'>>, onlyIf?: SQL): Account {
  const result = ctx.store.db
    .update(accounts)
    .set({ ...patch, updatedAt: ctx.now() })
    .where(onlyIf ? and(eq(accounts.id, id), onlyIf) : eq(accounts.id, id))
    .run();
  // No row changed: either the id is unknown (an error) or the state already holds (idempotent).
  if (result.changes === 0) getAccount(ctx, { id });
  return getAccount(ctx, { id });
}

export const renameAccount = (ctx: ServiceContext, input: ParsedInputs['accounts.rename']) =>
  updateAccount(ctx, input.id, { name: input.name });

export const deleteAccount = (ctx: ServiceContext, input: { id: string }) =>
  updateAccount(ctx, input.id, { deletedAt: ctx.now() }, isNull(accounts.deletedAt));

export const restoreAccount = (ctx: ServiceContext, input: { id: string }) =>
  updateAccount(ctx, input.id, { deletedAt: null }, isNotNull(accounts.deletedAt));
