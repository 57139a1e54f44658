/**
 * Sync's queries and changes: the status (polled), the conflicts, and the calls that change them.
 * One place knows the cache keys and what to refresh after a round, a setting or a resolution.
 */
import { useIsMutating, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput, CallOutput } from '../../../shared/contract';
import { isApiError } from '../../api/client';
import { useApi } from '../../api/context';
import { useToast } from '../../components/Toasts';

export type SyncStatus = CallOutput<'sync.status'>;
export type SyncSummary = CallOutput<'sync.run'>;
export type Conflict = CallOutput<'conflicts.list'>[number];
export type OrphanedChange = CallOutput<'conflicts.orphans'>[number];
export type ConflictResolveInput = CallInput<'conflicts.resolve'>;

export const syncKeys = {
  status: ['sync', 'status'] as const,
  run: ['sync', 'run'] as const,
  conflicts: ['conflicts'] as const,
  /** Under the conflicts' key, so whatever refreshes the conflicts refreshes these too. */
  orphans: ['conflicts', 'orphans'] as const,
};

/** While a round runs the bar shows its progress; otherwise a slow poll notices background rounds. */
export const POLL_SYNCING_MS = 1_000;
export const POLL_IDLE_MS = 15_000;

export function useSyncStatus() {
  const api = useApi();
  const running = useIsMutating({ mutationKey: syncKeys.run }) > 0;
  return useQuery({
    queryKey: syncKeys.status,
    queryFn: () => api['sync.status']({}),
    refetchInterval: (query) => (running || query.state.data?.state === 'syncing' ? POLL_SYNCING_MS : POLL_IDLE_MS),
  });
}

/** Everything cached except the status itself (which the caller has just fetched). */
const allButStatus = { predicate: (query: { queryKey: readonly unknown[] }) => !(query.queryKey[0] === 'sync' && query.queryKey[1] === 'status') };

/**
 * Keeps the views in step with the store: after a round that applied changes (started here or by
 * the background scheduler) every cached query is refetched; after any other change made in the
 * UI (a rename, a new record) the status is, so "not yet shared" counts up at once.
 * Mounted once, by the status bar.
 */
export function useRefreshAfterSync(status: SyncStatus | undefined): void {
  const queryClient = useQueryClient();
  const seen = useRef<string | null | undefined>(undefined);
  const lastSyncAt = status?.lastSyncAt;

  useEffect(() => {
    if (lastSyncAt === undefined) return;
    const before = seen.current;
    seen.current = lastSyncAt;
    // The first answer needs no refresh: the views fetched after the store already had it all.
    if (before === undefined || before === lastSyncAt) return;
    // Every finished round refreshes the views, whatever its own counts: a background round this
    // page never saw (the status is polled) may have brought the changes a later round did not.
    void queryClient.invalidateQueries(allButStatus);
  }, [lastSyncAt, queryClient]);

  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'success') return;
        const key = event.mutation.options.mutationKey;
        if (key?.[0] === 'sync') return; // the sync calls refresh the status themselves
        void queryClient.invalidateQueries({ queryKey: syncKeys.status });
      }),
    [queryClient],
  );
}

/**
 * "Sync now": one round, with its outcome as a toast. A share that cannot be reached is not an
 * error (work goes on locally; the status bar says so plainly), and a round already running is
 * simply waited for.
 */
export function useSyncNow() {
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { t } = useTranslation();
  const mutation = useMutation({
    mutationKey: syncKeys.run,
    mutationFn: () => api['sync.run']({}),
    onSuccess: (summary) => {
      toast(t('syncUi.run.done', { published: summary.published, applied: summary.applied }), { subject: 'sync' });
      if (summary.conflicts > 0) toast(t('syncUi.run.newConflicts', { count: summary.conflicts }), { subject: 'sync-conflicts' });
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'conflict') return; // already running: the bar shows its progress
      const plain = isApiError(error) && error.code === 'unavailable';
      toast(isApiError(error) ? error.message : t('errors.internal', { detail: String(error) }), { tone: plain ? 'info' : 'error', subject: 'sync' });
    },
    // The status carries the new last-sync time; useRefreshAfterSync refreshes the views from it.
    onSettled: () => queryClient.invalidateQueries({ queryKey: syncKeys.status }),
  });
  // Pending anywhere (the bar or the settings page), not only through this hook.
  const running = useIsMutating({ mutationKey: syncKeys.run }) > 0;
  return { run: () => mutation.mutate(), running };
}

export function useSyncSettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['sync', 'configure'],
    mutationFn: (shareDir: string | null) => api['sync.configure']({ shareDir }),
    onSuccess: (status) => queryClient.setQueryData(syncKeys.status, status),
    onSettled: () => queryClient.invalidateQueries({ queryKey: syncKeys.status }),
  });
}

export function useConflicts() {
  const api = useApi();
  return useQuery({ queryKey: syncKeys.conflicts, queryFn: () => api['conflicts.list']({}) });
}

/** Changes kept aside because their record had been emptied from the bin (see ConflictsView). */
export function useOrphans() {
  const api = useApi();
  return useQuery({ queryKey: syncKeys.orphans, queryFn: () => api['conflicts.orphans']({}) });
}

export function useResolveConflict() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['sync', 'resolve'],
    mutationFn: (input: ConflictResolveInput) => api['conflicts.resolve'](input),
    // The record changed too, so every view showing it refreshes, not only the conflicts.
    onSettled: () => queryClient.invalidateQueries(),
  });
}
