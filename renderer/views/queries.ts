/**
 * Queries and changes for every record kind of the three-layer model, in one place that knows the
 * cache keys and what to refresh. A change refreshes every data query: the local store answers in
 * milliseconds, and one person's edit shows in the portfolio's head count, the search, the
 * follow-ups… so narrower invalidation would only buy stale screens.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput, CallOutput, Method } from '../../shared/contract';
import { isApiError } from '../api/client';
import { useApi } from '../api/context';
import { useToast } from '../components/Toasts';

export const AREAS = [
  'members',
  'accounts',
  'levels',
  'team',
  'initiatives',
  'sponsors',
  'agreements',
  'people',
  'notes',
  'links',
  'touchpoints',
  'followups',
] as const;
export type Area = (typeof AREAS)[number];

export type RecordIn<A extends Area> = CallOutput<`${A}.get`>;
export type ListInput<A extends Area> = CallInput<`${A}.list`>;
export type CreateInput<A extends Area> = CallInput<`${A}.create`>;
export type UpdateInput<A extends Area> = CallInput<`${A}.update`>;

export type Member = RecordIn<'members'>;
export type AccountRecord = RecordIn<'accounts'>;
export type PersonRecord = RecordIn<'people'>;
export type TouchpointRecord = RecordIn<'touchpoints'>;
export type FollowUpRecord = RecordIn<'followups'>;

/** The first element of every data query's key; the sync views' own queries are not among them. */
const DATA_ROOTS = new Set<string>([...AREAS, 'portfolio', 'search', 'followups.due', 'people.history', 'strategies']);

export const recordKeys = {
  list: <A extends Area>(area: A, input: ListInput<A>) => [area, 'list', input] as const,
  get: (area: Area, id: string) => [area, 'get', id] as const,
};

type Call<M extends Method> = (input: CallInput<M>) => Promise<CallOutput<M>>;

/** Refetches the data queries on screen (and marks the rest stale); resolves when they are back. */
export function useRefreshData(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ predicate: (query) => DATA_ROOTS.has(String(query.queryKey[0])) }), [queryClient]);
}

export function useRecordList<A extends Area>(area: A, input: ListInput<A>, options: { enabled?: boolean } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.list(area, input),
    queryFn: () => (api[`${area}.list`] as unknown as Call<`${A}.list`>)(input) as Promise<RecordIn<A>[]>,
    enabled: options.enabled ?? true,
  });
}

export function useRecord<A extends Area>(area: A, id: string | null | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.get(area, id ?? ''),
    queryFn: () => (api[`${area}.get`] as unknown as (input: { id: string }) => Promise<RecordIn<A>>)({ id: id ?? '' }),
    enabled: !!id,
  });
}

/**
 * Create and update of one kind. A success waits for the refetch, so what follows (a toast, a
 * closed dialog) appears with the screen already showing the change; a failure does not wait.
 */
export function useRecordChanges<A extends Area>(area: A) {
  const api = useApi();
  const refresh = useRefreshData();
  const afterChange = { onSuccess: refresh, onError: () => void refresh() };
  return {
    create: useMutation({
      mutationFn: (input: CreateInput<A>) => (api[`${area}.create`] as unknown as Call<`${A}.create`>)(input) as Promise<RecordIn<A>>,
      ...afterChange,
    }),
    update: useMutation({
      mutationFn: (input: UpdateInput<A>) => (api[`${area}.update`] as unknown as Call<`${A}.update`>)(input) as Promise<RecordIn<A>>,
      ...afterChange,
    }),
  };
}

/**
 * Moves a record to the bin and offers Undo in the toast, like accounts do. The message names
 * the record as the user knows it (a person's name, a touchpoint's summary…).
 */
export function useMoveToBin() {
  const api = useApi();
  const refresh = useRefreshData();
  const toast = useToast();
  const { t } = useTranslation();
  // Mutations (not bare calls), so whoever watches the mutation cache — the sync bar's
  // "not yet shared" count — sees these changes too.
  const binCall =
    (verb: 'delete' | 'restore') =>
    ({ area, id }: { area: Area; id: string }) =>
      (api[`${area}.${verb}`] as unknown as (input: { id: string }) => Promise<unknown>)({ id });
  const { mutateAsync: remove } = useMutation({ mutationFn: binCall('delete'), onSuccess: refresh, onError: () => void refresh() });
  const { mutateAsync: restore } = useMutation({ mutationFn: binCall('restore'), onSuccess: refresh, onError: () => void refresh() });
  return useCallback(
    async (area: Area, record: { id: string }, label: string): Promise<boolean> => {
      const failed = (error: unknown) =>
        toast(isApiError(error) ? error.message : t('errors.internal', { detail: String(error) }), { tone: 'error', subject: record.id });
      try {
        await remove({ area, id: record.id });
      } catch (error) {
        failed(error);
        return false;
      }
      toast(t('common.movedToBin', { name: label }), {
        subject: record.id,
        action: {
          label: t('common.undo'),
          run: () => {
            void restore({ area, id: record.id })
              .then(() => toast(t('common.restored', { name: label }), { subject: record.id }))
              .catch(failed);
          },
        },
      });
      return true;
    },
    [remove, restore, toast, t],
  );
}

/** Our team (active members), with a name lookup that tolerates ids of removed members. */
export function useMembers() {
  const list = useRecordList('members', { state: 'all' });
  const lookup = useMemo(() => {
    const all = list.data ?? [];
    const names = new Map(all.map((member) => [member.id, member.name]));
    return {
      active: all.filter((member) => member.deletedAt === null && member.active),
      nameOf: (id: string | null | undefined) => (id ? names.get(id) : undefined),
    };
  }, [list.data]);
  return { list, ...lookup };
}

/** The people of one account (active), with a name lookup. */
export function usePeopleOf(accountId: string | null | undefined) {
  const list = useRecordList('people', { accountId: accountId ?? '' }, { enabled: !!accountId });
  const lookup = useMemo(() => {
    const people = list.data ?? [];
    const names = new Map(people.map((person) => [person.id, person.name]));
    return { people, nameOf: (id: string | null | undefined) => (id ? names.get(id) : undefined) };
  }, [list.data]);
  return { list, ...lookup };
}
