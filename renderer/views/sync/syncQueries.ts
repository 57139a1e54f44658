/**
 * Sync's queries and changes: the status (kept current by the app's events, never polled), the
 * conflicts, the running jobs, and the calls that change them. One place knows their cache keys.
 * The data a round or a resolution changed is refreshed by its `data.changed` (views/queries.ts).
 */
import { useIsMutating, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CallInput, CallOutput } from '../../../shared/contract';
import type { JobProgress } from '../../../shared/events';
import { isApiError } from '../../api/client';
import { useApi, useAppEvents } from '../../api/context';
import { useToast } from '../../components/Toasts';
import { useRefreshData } from '../queries';

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
  jobs: ['jobs'] as const,
};

/** Fetched once; from then on the status comes with every `sync.status` and `sync.progress` event. */
export function useSyncStatus() {
  const api = useApi();
  return useQuery({ queryKey: syncKeys.status, queryFn: () => api['sync.status']({}), staleTime: Infinity });
}

/** The jobs running now: listed once, then kept by their `job.progress` events. */
export function useJobs() {
  const api = useApi();
  return useQuery({ queryKey: syncKeys.jobs, queryFn: () => api['jobs.list']({}), staleTime: Infinity });
}

/** A job's event applied to the list: a running job is added or moved on, an ended one leaves. */
export function withJob(jobs: JobProgress[] | undefined, job: JobProgress): JobProgress[] {
  const others = (jobs ?? []).filter((j) => j.id !== job.id);
  return job.state === 'running' ? [...others, job] : others;
}

/**
 * Keeps the status and the jobs current from the app's events: the whole status when it may have
 * changed, a round's progress in between, each job's progress. After the event stream reconnected
 * (events may have been missed) both are fetched again. Mounted once, by the app's shell.
 */
export function useSyncEvents(): void {
  const queryClient = useQueryClient();
  useAppEvents((event) => {
    switch (event.type) {
      case 'sync.status':
        queryClient.setQueryData<SyncStatus>(syncKeys.status, event.status);
        break;
      case 'sync.progress':
        queryClient.setQueryData<SyncStatus>(syncKeys.status, (status) => (status ? { ...status, state: 'syncing', progress: event.progress } : status));
        break;
      case 'job.progress':
        queryClient.setQueryData<JobProgress[]>(syncKeys.jobs, (jobs) => withJob(jobs, event.job));
        break;
      case 'resync':
        void queryClient.invalidateQueries({ queryKey: syncKeys.status });
        void queryClient.invalidateQueries({ queryKey: syncKeys.jobs });
        break;
    }
  });
}

/** Stops a running job after its chunk in progress; the job's own call then fails as `cancelled`. */
export function useCancelJob() {
  const api = useApi();
  return useMutation({ mutationKey: ['jobs', 'cancel'], mutationFn: (id: string) => api['jobs.cancel']({ id }) });
}

/**
 * "Sync now": one round, with its outcome as a toast. A share that cannot be reached is not an
 * error (work goes on locally; the status bar says so plainly), and a round already running is
 * simply waited for.
 */
export function useSyncNow() {
  const api = useApi();
  const toast = useToast();
  const { t } = useTranslation();
  const mutation = useMutation({
    mutationKey: syncKeys.run,
    mutationFn: () => api['sync.run']({}),
    onSuccess: (summary) => {
      toast(t('syncUi.run.done', { published: summary.published, applied: summary.applied }), { subject: 'sync' });
      if (summary.conflicts > 0) toast(t('syncUi.run.newConflicts', { count: summary.conflicts }), { subject: 'sync-conflicts' });
      if ((summary.purged ?? 0) > 0) toast(t('syncUi.run.purged', { count: summary.purged }), { subject: 'sync-purged' });
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'conflict') return; // already running: the bar shows its progress
      const plain = isApiError(error) && error.code === 'unavailable';
      toast(isApiError(error) ? error.message : t('errors.internal', { detail: String(error) }), { tone: plain ? 'info' : 'error', subject: 'sync' });
    },
    // The round's end comes as a `sync.status` event, and what it changed as `data.changed`.
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
  const refreshed = useRefreshData();
  return useMutation({
    mutationKey: ['sync', 'resolve'],
    mutationFn: (input: ConflictResolveInput) => api['conflicts.resolve'](input),
    // The answer names what changed (the record's area and the conflicts): wait until the views show it.
    onSuccess: () => refreshed(),
  });
}
