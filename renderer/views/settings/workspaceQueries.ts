/**
 * The encrypted share's workspace (`workspace.*`): its status (asked again when the share folder
 * changes and after each round), and the calls that change it. A recovery key or an invitation code is in a
 * call's answer only: kept in the component that shows it, never in a cache.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallOutput } from '../../../shared/contract';
import { useApi } from '../../api/context';

export type WorkspaceStatus = CallOutput<'workspace.status'>;
export const WORKSPACE_KEY = ['workspace'] as const;

/** Asked again after every round (`lastSyncAt`): a round is when other devices' keys and new key epochs arrive. */
export function useWorkspace(shareDir: string | null | undefined, lastSyncAt: string | null | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...WORKSPACE_KEY, shareDir ?? null, lastSyncAt ?? null],
    queryFn: () => api['workspace.status']({}),
    enabled: shareDir !== undefined,
    placeholderData: (previous) => previous,
  });
}

/** Each change answers with the new status; sync's status follows (a device that joins syncs at once). */
export function useWorkspaceCalls() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'workspace' || q.queryKey[0] === 'sync' });
  return {
    create: useMutation({ mutationFn: () => api['workspace.create']({}), onSuccess: refresh }),
    invite: useMutation({ mutationFn: () => api['workspace.invite']({}) }),
    join: useMutation({
      // A recovery key is 32 bytes (52 characters), an invitation code 16 (26): told apart by length.
      mutationFn: (text: string) => api['workspace.join'](text.replace(/[\s-]/g, '').length > 30 ? { recoveryKey: text } : { code: text }),
      onSuccess: refresh,
    }),
    remove: useMutation({ mutationFn: (device: string) => api['workspace.removeDevice']({ device }), onSuccess: refresh }),
  };
}
