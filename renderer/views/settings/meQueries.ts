/**
 * "Who am I": the team member who uses this device (`me.get`, kept by the device, not synced),
 * and choosing them (`me.set`). The answer is the new choice, so the cache takes it as it is.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallOutput } from '../../../shared/contract';
import { useApi } from '../../api/context';

export type Me = CallOutput<'me.get'>;
export const ME_KEY = ['me'] as const;

export function useMe() {
  const api = useApi();
  return useQuery({ queryKey: ME_KEY, queryFn: () => api['me.get']({}) });
}

export function useSetMe() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (memberId: string | null) => api['me.set']({ memberId }),
    onSuccess: (me) => {
      queryClient.setQueryData(ME_KEY, me);
      // "Mine" in the inbox and the follow-ups follows the choice.
      void queryClient.invalidateQueries({ predicate: (query) => ['alerts.inbox', 'followups.due'].includes(String(query.queryKey[0])) });
    },
  });
}
