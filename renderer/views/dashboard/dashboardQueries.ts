/** The `health.dashboard` query (refreshed by READ_MODELS in ../queries.ts on any record or health change). */
import { useQuery } from '@tanstack/react-query';
import type { CallOutput } from '../../../shared/contract';
import { useApi } from '../../api/context';

export type Dashboard = CallOutput<'health.dashboard'>;
export type PortfolioDashboard = NonNullable<Dashboard['portfolio']>;
export type AccountDashboard = NonNullable<Dashboard['account']>;

export function useDashboard(accountId?: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['health.dashboard', accountId ?? null],
    queryFn: () => api['health.dashboard'](accountId ? { accountId } : {}),
  });
}
