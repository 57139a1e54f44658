/**
 * Queries and changes for every record kind of the three-layer model, in one place that knows the
 * cache keys and what to refresh. A change refreshes the queries of the areas it touched and the
 * read models built on them (`READ_MODELS`), whether the change was made here (the answer names
 * its areas) or elsewhere (a `data.changed` event: a sync round, a job, another window).
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput, CallOutput, Method } from '../../shared/contract';
import type { BuyingRole } from '../../shared/domain';
import { AREAS, type Area } from '../../shared/kinds';
import type { ChangeArea } from '../../shared/events';
import { useApi, useAppEvents } from '../api/context';
import { useErrorToast, useToast } from '../components/Toasts';
import type { Option } from '../forms/Fields';
import { useLocale, useTranslate } from '../i18n';

// The record kinds' contract areas, from the one declaration of kinds.
export { AREAS, type Area } from '../../shared/kinds';

export type RecordIn<A extends Area> = CallOutput<`${A}.get`>;
export type ListInput<A extends Area> = CallInput<`${A}.list`>;
export type CreateInput<A extends Area> = CallInput<`${A}.create`>;
export type UpdateInput<A extends Area> = CallInput<`${A}.update`>;

export type Member = RecordIn<'members'>;
export type AccountRecord = RecordIn<'accounts'>;
export type PersonRecord = RecordIn<'people'>;
export type TouchpointRecord = RecordIn<'touchpoints'>;
export type FollowUpRecord = RecordIn<'followups'>;

/**
 * The read models: queries across areas, by the start of their key, and the areas they show. A
 * record area's own queries are keyed by the area (`recordKeys`), the strategies' and conflicts'
 * by theirs, so those need no entry.
 */
const READ_MODELS: readonly { key: readonly string[]; shows: readonly ChangeArea[] }[] = [
  // The head count, the owner's name and the last touchpoint are columns of the portfolio (and of the account picker).
  // …and so are the health colour, score and top reason (recomputed: `health`; alerts raised or closed: `alerts`).
  { key: ['portfolio'], shows: ['accounts', 'people', 'touchpoints', 'members', 'health', 'alerts'] },
  // The attention inbox (renderer/views/inbox): alerts with their account, owner and open plan tasks.
  { key: ['alerts.inbox'], shows: ['alerts', 'health', 'accounts', 'members', 'followups'] },
  // An account's health is computed from all its records, so any record kind may change it.
  { key: ['health.account'], shows: [...AREAS, 'health'] },
  // The health dashboard (renderer/views/dashboard): colours, falls and one account's signals over time.
  { key: ['health.dashboard'], shows: [...AREAS, 'health'] },
  { key: ['search'], shows: ['accounts', 'people', 'touchpoints'] },
  { key: ['followups.due'], shows: ['followups', 'accounts', 'members'] },
  // Who uses this device (renderer/views/settings): local to it, but it names a member.
  { key: ['me'], shows: ['members'] },
  { key: ['people.history'], shows: ['people'] },
  // renderer/map/mapQueries.ts keys the map under `people`; it also draws links, touchpoints, members and the account.
  { key: ['people', 'map'], shows: ['links', 'touchpoints', 'members', 'accounts'] },
  // Likely duplicates and the merge preview (renderer/views/duplicates): names, phones and e-mail, and what names them.
  { key: ['duplicates'], shows: [...AREAS] },
  // Handover preview and pack, single-point-of-failure scores (renderer/views/team): owners, coverage, touchpoints, open work.
  { key: ['handover'], shows: [...AREAS] },
];

const startsWith = (key: readonly unknown[], prefix: readonly string[]) => prefix.every((part, i) => key[i] === part);

/** Whether a query's data may have changed with a change of these areas. */
function shows(key: readonly unknown[], areas: ReadonlySet<string>): boolean {
  return areas.has(String(key[0])) || READ_MODELS.some((model) => startsWith(key, model.key) && model.shows.some((area) => areas.has(area)));
}

/** Refreshes under way, per cache, so a change can wait until the views show it. */
const refreshing = new WeakMap<QueryClient, Set<Promise<void>>>();

/** Refetches the queries on screen that show these areas (and marks the rest stale); resolves when they are back. */
export function refreshAreas(queryClient: QueryClient, areas: readonly ChangeArea[] | 'all'): Promise<void> {
  const changed = new Set<string>(areas === 'all' ? [] : areas);
  const promise = queryClient.invalidateQueries({
    predicate: (query) => (areas === 'all' ? DATA_ROOTS.has(String(query.queryKey[0])) : shows(query.queryKey, changed)),
  });
  let pending = refreshing.get(queryClient);
  if (!pending) refreshing.set(queryClient, (pending = new Set()));
  pending.add(promise);
  void promise.finally(() => pending.delete(promise));
  return promise;
}

/** Every data query's key root (`resync`: events may have been missed, so all of them refresh). */
const DATA_ROOTS = new Set<string>([...AREAS, 'strategies', 'conflicts', ...READ_MODELS.map((model) => model.key[0]!)]);

/**
 * Keeps the views in step with the store: each `data.changed` (from the app, or a call's answer
 * published by the api client) refreshes what shows its areas; a reconnected event stream
 * refreshes everything. Mounted once, by the app's shell.
 */
export function useLiveData(): void {
  const queryClient = useQueryClient();
  useAppEvents((event) => {
    if (event.type === 'data.changed') void refreshAreas(queryClient, event.areas);
    else if (event.type === 'resync') void refreshAreas(queryClient, 'all');
  });
}

export const recordKeys = {
  list: <A extends Area>(area: A, input: ListInput<A>) => [area, 'list', input] as const,
  get: (area: Area, id: string) => [area, 'get', id] as const,
};

type Call<M extends Method> = (input: CallInput<M>) => Promise<CallOutput<M>>;

/**
 * Resolves once the views show every change the page has heard of: after a write, the refresh its
 * answer started (the api client publishes the areas it changed before the caller hears back).
 */
export function useRefreshData(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all([...(refreshing.get(queryClient) ?? [])]);
  }, [queryClient]);
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
 * A change to the data. A success waits for the refresh of what it changed, so what follows (a
 * toast, a closed dialog) appears with the screen already showing the change; a failure does not
 * wait, so its message is not held up by a refetch that may itself be retrying.
 */
export function useDataChange<I, O>(mutationFn: (input: I) => Promise<O>) {
  const refreshed = useRefreshData();
  return useMutation({ mutationFn, onSuccess: () => refreshed() });
}

/** Create and update of one kind. */
export function useRecordChanges<A extends Area>(area: A) {
  const api = useApi();
  return {
    create: useDataChange((input: CreateInput<A>) => (api[`${area}.create`] as unknown as Call<`${A}.create`>)(input) as Promise<RecordIn<A>>),
    update: useDataChange((input: UpdateInput<A>) => (api[`${area}.update`] as unknown as Call<`${A}.update`>)(input) as Promise<RecordIn<A>>),
  };
}

/** A record in or out of the bin; mutations (not bare calls), so the sync bar's "not yet shared" count sees them. */
function useBinChange(verb: 'delete' | 'restore') {
  const api = useApi();
  return useDataChange(({ area, id }: { area: Area; id: string }) =>
    (api[`${area}.${verb}`] as unknown as (input: { id: string }) => Promise<unknown>)({ id }),
  );
}

/**
 * Takes a record out of the bin and confirms it by the name the user knows it by; a refusal (a
 * record past its time in the bin, say) shows the store's reason. `restoringId` is the record
 * on its way back, for disabling its button.
 */
export function useRestoreFromBin() {
  const toast = useToast();
  const failed = useErrorToast();
  const translate = useTranslate();
  const { mutateAsync, isPending, variables } = useBinChange('restore');
  const restore = useCallback(
    async (area: Area, record: { id: string }, label: string): Promise<boolean> => {
      try {
        await mutateAsync({ area, id: record.id });
      } catch (error) {
        failed(error, record.id);
        return false;
      }
      toast(translate('common.restored', { name: label }), { subject: record.id });
      return true;
    },
    [mutateAsync, toast, failed, translate],
  );
  return { restore, restoringId: isPending ? variables?.id : undefined };
}

/**
 * Moves a record to the bin and offers Undo in the toast. The message names the record as the
 * user knows it (a person's name, a touchpoint's summary…).
 */
export function useMoveToBin() {
  const toast = useToast();
  const failed = useErrorToast();
  const translate = useTranslate();
  const { mutateAsync: remove } = useBinChange('delete');
  const { restore } = useRestoreFromBin();
  return useCallback(
    async (area: Area, record: { id: string }, label: string): Promise<boolean> => {
      try {
        await remove({ area, id: record.id });
      } catch (error) {
        failed(error, record.id);
        return false;
      }
      toast(translate('common.movedToBin', { name: label }), {
        subject: record.id,
        action: { label: translate('common.undo'), run: () => void restore(area, record, label) },
      });
      return true;
    },
    [remove, restore, toast, failed, translate],
  );
}

/** Names for ids, tolerating ids of records that are gone: `nameOf` undefined, `displayName` “Unknown”. */
function nameLookup(records: readonly { id: string; name: string }[], unknown: string) {
  const names = new Map(records.map((record) => [record.id, record.name]));
  const nameOf = (id: string | null | undefined) => (id ? names.get(id) : undefined);
  const displayName = (id: string | null | undefined) => nameOf(id) ?? unknown;
  return { nameOf, displayName, displayNames: (ids: readonly string[]) => ids.map(displayName).join('、') };
}

/** Our team: the active members (and as select options), with name lookups that tolerate removed members. */
export function useMembers() {
  const { t } = useTranslation();
  const list = useRecordList('members', { state: 'all' });
  const unknown = t('common.unknown');
  const lookup = useMemo(() => {
    const all = list.data ?? [];
    const active = all.filter((member) => member.deletedAt === null && member.active);
    return { active, options: active.map((member): Option => ({ value: member.id, label: member.name })), ...nameLookup(all, unknown) };
  }, [list.data, unknown]);
  return { list, ...lookup };
}

/** A client's person as a choice: the title tells two people of the same name apart. */
export const personOption = (person: PersonRecord): Option => ({ value: person.id, label: person.title ? `${person.name} · ${person.title}` : person.name });

/** The people of one account (active), as select options too, with name lookups. */
export function usePeopleOf(accountId: string | null | undefined) {
  const { t } = useTranslation();
  const list = useRecordList('people', { accountId: accountId ?? '' }, { enabled: !!accountId });
  const unknown = t('common.unknown');
  const lookup = useMemo(() => {
    const people = list.data ?? [];
    return { people, options: people.map(personOption), ...nameLookup(people, unknown) };
  }, [list.data, unknown]);
  return { list, ...lookup };
}

/** Each touchpoint's follow-up tasks, for the timelines. */
export function useFollowUpsByTouchpoint(accountId: string): Map<string, FollowUpRecord[]> {
  const followUps = useRecordList('followups', { accountId });
  return useMemo(() => {
    const byTouchpoint = new Map<string, FollowUpRecord[]>();
    for (const followUp of followUps.data ?? []) {
      if (followUp.touchpointId) byTouchpoint.set(followUp.touchpointId, [...(byTouchpoint.get(followUp.touchpointId) ?? []), followUp]);
    }
    return byTouchpoint;
  }, [followUps.data]);
}

/**
 * The team's communication strategy per buying-centre role, and `strategyFor(role)`. Keyed by
 * language: the templates nobody edited come in the caller's language.
 */
export function useTeamStrategies() {
  const api = useApi();
  const { locale } = useLocale();
  const query = useQuery({ queryKey: ['strategies', locale], queryFn: () => api['strategies.list']({}) });
  const { data } = query;
  const strategyFor = useCallback((role: BuyingRole) => data?.find((strategy) => strategy.id === role)?.strategy ?? '', [data]);
  return { query, strategyFor };
}
