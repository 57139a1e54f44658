/** The accounts' own queries and changes (create, bin, restore); other record kinds are in queries.ts. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { z } from 'zod';
import { contract, type CallOutput } from '../../shared/contract';
import type { Locale } from '../../shared/i18n';
import { useApi } from '../api/context';
import { recordKeys, useRefreshData } from './queries';

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

export function useAccountChanges() {
  const api = useApi();
  const refresh = useRefreshData();
  // After a change the lists are refetched. A success waits for that, so the confirmation appears
  // with the list already showing the change; a failure does not, so its message is not held up
  // by a refetch that may itself be retrying (a stopped service took ~3 s to report otherwise).
  const afterChange = { onSuccess: refresh, onError: () => void refresh() };
  return {
    create: useMutation({ mutationFn: (input: AccountNameInput) => api['accounts.create'](input), ...afterChange }),
    remove: useMutation({ mutationFn: (account: Account) => api['accounts.delete']({ id: account.id }), ...afterChange }),
    restore: useMutation({ mutationFn: (account: Account) => api['accounts.restore']({ id: account.id }), ...afterChange }),
  };
}
