/** The attention inbox's query and the alert state changes (keys refreshed by READ_MODELS in ../queries.ts). */
import { useQuery } from '@tanstack/react-query';
import type { CallOutput } from '../../../shared/contract';
import type { AlertState } from '../../../shared/domain';
import { useApi } from '../../api/context';
import { useDataChange } from '../queries';

export type InboxItem = CallOutput<'alerts.inbox'>['items'][number];

export const inboxKey = (mine: boolean) => ['alerts.inbox', { mine }] as const;

export function useInbox(mine: boolean) {
  const api = useApi();
  return useQuery({ queryKey: inboxKey(mine), queryFn: () => api['alerts.inbox']({ mine, limit: 500 }) });
}

/** The open alerts' count for the header's badge (the inbox's own answer, so both agree). */
export function useOpenAlertCount(): number | undefined {
  return useInbox(false).data?.openCount;
}

export type AlertChange = {
  id: string;
  state: Exclude<AlertState, 'open'>;
  stateReason?: string;
  /** Starting an executive intervention: who of ours, whom of theirs, by when. */
  ourExecutiveId?: string;
  theirExecutiveId?: string;
  interveneBy?: string;
};

export function useAlertChange() {
  const api = useApi();
  return useDataChange(({ id, state, stateReason, ourExecutiveId, theirExecutiveId, interveneBy }: AlertChange) =>
    api['alerts.update']({
      id,
      state,
      ...(stateReason ? { stateReason } : {}),
      ...(ourExecutiveId ? { ourExecutiveId, theirExecutiveId, interveneBy } : {}),
    }),
  );
}
