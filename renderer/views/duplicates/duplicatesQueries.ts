/** The calls of duplicates and merge (shared/dedupe/schemas.ts), keyed under `duplicates` (a read model of accounts and people). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CallInput, CallOutput } from '../../../shared/contract';
import type { MergeKind } from '../../../shared/dedupe/schemas';
import { useApi } from '../../api/context';

export type DuplicateList = CallOutput<'duplicates.list'>;
export type DuplicatePair = DuplicateList['pairs'][number];
export type DuplicateMatches = CallOutput<'duplicates.check'>;
export type MergePreview = CallOutput<'merge.preview'>;

export function useDuplicates(kind: MergeKind) {
  const api = useApi();
  return useQuery({ queryKey: ['duplicates', 'list', kind], queryFn: () => api['duplicates.list']({ kind }) });
}

/** A value that follows `value` once it has stopped changing for `ms` (typing pauses). */
function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The existing records a draft looks like, checked as the user types (null while there is nothing to check). */
export function useDuplicateCheck(input: CallInput<'duplicates.check'> | null) {
  const api = useApi();
  const settled = useSettled(input ? JSON.stringify(input) : null);
  return useQuery({
    queryKey: ['duplicates', 'check', settled],
    queryFn: () => api['duplicates.check'](JSON.parse(settled!) as CallInput<'duplicates.check'>),
    enabled: settled !== null,
    staleTime: 5_000,
  });
}

export function useDismissDuplicate() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'duplicates.dismiss'>) => api['duplicates.dismiss'](input),
    // "Not a duplicate" is its own synced table, of no record area: the list is refreshed here.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['duplicates'] }),
  });
}

export function useMergePreview(input: CallInput<'merge.preview'>) {
  const api = useApi();
  return useQuery({ queryKey: ['duplicates', 'merge', input.kind, input.fromId, input.intoId], queryFn: () => api['merge.preview'](input), staleTime: 0 });
}

export function useApplyMerge() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'merge.apply'>) => api['merge.apply'](input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['duplicates'] }),
  });
}
