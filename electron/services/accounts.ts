import { eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Account, ParsedInputs } from './types';
import { CallFailure, type ServiceContext } from './context';
import { accounts } from '../store/schema';

const accountColumns = {
  id: accounts.id,
  name: accounts.name,
  createdAt: accounts.createdAt,
  updatedAt: accounts.updatedAt,
  deletedAt: accounts.deletedAt,
};

export function listAccounts(ctx: ServiceContext, input: ParsedInputs['accounts.list']): Account[] {
  const where: SQL | undefined =
    input.state === 'active' ? isNull(accounts.deletedAt) : input.state === 'deleted' ? isNotNull(accounts.deletedAt) : undefined;
  const rows = ctx.store.db.select(accountColumns).from(accounts).where(where).all();
  // Sorted in the caller's language: pinyin order for zh-CN, alphabetical for en.
  const collator = new Intl.Collator(ctx.locale, { sensitivity: 'base', numeric: true });
  return rows.sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
}

export function getAccount(ctx: ServiceContext, input: { id: string }): Account {
  const row = ctx.store.db.select(accountColumns).from(accounts).where(eq(accounts.id, input.id)).get();
  if (!row) throw new CallFailure('not_found');
  return row;
}

export function createAccount(ctx: ServiceContext, input: ParsedInputs['accounts.create']): Account {
  const id = ctx.changes.insert('accounts', { name: input.name });
  return getAccount(ctx, { id });
}

function changeAccount(ctx: ServiceContext, id: string, patch: { name?: string; deleted_at?: string | null }): Account {
  if (!ctx.changes.update('accounts', id, patch)) throw new CallFailure('not_found');
  return getAccount(ctx, { id });
}

export const renameAccount = (ctx: ServiceContext, input: ParsedInputs['accounts.rename']) =>
  changeAccount(ctx, input.id, { name: input.name });

/** Moves the account to the bin; deleting one already there keeps its first deletion time. */
export function deleteAccount(ctx: ServiceContext, input: { id: string }): Account {
  const current = getAccount(ctx, input);
  return current.deletedAt ? current : changeAccount(ctx, input.id, { deleted_at: ctx.now() });
}

export const restoreAccount = (ctx: ServiceContext, input: { id: string }) => changeAccount(ctx, input.id, { deleted_at: null });
