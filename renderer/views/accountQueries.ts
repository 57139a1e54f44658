/** The accounts' own list (sorted in the reader's language) and creation; the bin and the rest are in queries.ts. */
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { z } from 'zod';
import { contract, type CallOutput } from '../../shared/contract';
import type { Locale } from '../../shared/i18n';
import { useApi } from '../api/context';
import { recordKeys, useDataChange } from './queries';

export type Account = CallOutput<'accounts.get'>;

/**
 * What the quick “add account” form edits: the name, checked by the contract's own schema for
 * `accounts.create`; the other fields keep their defaults until the account's page edits them.
 */
export const AccountNameInput = contract['accounts.create'].input.pick({ name: true });
export type AccountNameInput = z.output<typeof AccountNameInput>;

export type AccountListState = 'active' | 'deleted' | 'all';

/** Names in the reader's order: pinyin for zh-CN, alphabetical for en; numbers by value (“2” before “10”). */
export function byName(locale: Locale): (a: Account, b: Account) => number {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return (a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id);
}

export function useAccountList(state: AccountListState, locale: Locale) {
  const api = useApi();
  // Sorted here, where the reader's language is known, so a language switch re-sorts without a fetch.
  const select = useCallback((accounts: Account[]) => [...accounts].sort(byName(locale)), [locale]);
  return useQuery({ queryKey: recordKeys.list('accounts', { state }), queryFn: () => api['accounts.list']({ state }), select });
}

export function useCreateAccount() {
  const api = useApi();
  return useDataChange((input: AccountNameInput) => api['accounts.create'](input));
}
