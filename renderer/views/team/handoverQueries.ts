/** The handover calls (shared/handover.ts), keyed under `handover` (a read model of every area: views/queries.ts). */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { CallInput, CallOutput } from '../../../shared/contract';
import { useApi } from '../../api/context';

export type HandoverPreview = CallOutput<'handover.preview'>;
export type RiskView = CallOutput<'handover.risk'>;
export type HandoverPack = CallOutput<'handover.pack'>;

export function useHandoverPreview(input: CallInput<'handover.preview'> | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['handover', 'preview', input],
    queryFn: () => api['handover.preview'](input!),
    enabled: input !== null && input.to.length > 0,
  });
}

export function useApplyHandover() {
  const api = useApi();
  return useMutation({ mutationFn: (input: CallInput<'handover.apply'>) => api['handover.apply'](input) });
}

export function useSinglePointRisk(accountId?: string) {
  const api = useApi();
  return useQuery({ queryKey: ['handover', 'risk', accountId ?? null], queryFn: () => api['handover.risk'](accountId ? { accountId } : {}) });
}

export function useHandoverPack(accountId: string) {
  const api = useApi();
  return useQuery({ queryKey: ['handover', 'pack', accountId], queryFn: () => api['handover.pack']({ accountId }) });
}

/** A score's band: the words and the colour of its badge. */
export const riskLevel = (score: number): 'high' | 'medium' | 'low' => (score >= 50 ? 'high' : score >= 25 ? 'medium' : 'low');
