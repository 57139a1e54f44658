/**
 * My follow-ups: open tasks across all accounts that are overdue or due soon, by owner. The owner
 * is the device's user (`me.get`) unless the address names another (`?owner=<id>`, or `all`).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/context';
import { ExportMenu } from '../components/ExportMenu';
import { FilterSelect } from '../components/FilterSelect';
import { ListState } from '../components/LoadState';
import { Section } from '../components/Section';
import { useToday } from '../components/useNow';
import { useMembers, type FollowUpRecord } from './queries';
import { useMe } from './settings/meQueries';
import { FollowUpCheck } from './touchpoints/FollowUpCheck';

/** `followups.due` adds the account's name and whether the task is overdue to each follow-up. */
type DueFollowUp = FollowUpRecord & { accountName?: string; overdue?: boolean };

const WINDOWS = [7, 14, 30, 90] as const;

export function FollowUpsView() {
  const { t } = useTranslation();
  const api = useApi();
  const members = useMembers();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const ownerParam = params.get('owner');
  // Everyone is `all` in the address, so that no owner at all can still mean "me".
  const ownerId = ownerParam === 'all' ? null : ownerParam || (me.data?.memberId ?? null);
  const withinDays = WINDOWS.find((w) => String(w) === params.get('within')) ?? 14;
  // In the query's key: past midnight the lists are asked for again.
  const today = useToday();
  const due = useQuery({
    queryKey: ['followups.due', ownerId, withinDays, today],
    queryFn: () => api['followups.due']({ ownerId, withinDays, today }) as Promise<DueFollowUp[]>,
    // Not before "me" is known (asked for once; a failure falls back to everyone).
    enabled: !!ownerParam || !me.isPending,
  });

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const list = due.data ?? [];
  const overdue = list.filter((f) => f.overdue ?? (!!f.dueDate && f.dueDate < today));
  const upcoming = list.filter((f) => !overdue.includes(f));

  const group = (title: string, items: DueFollowUp[], tone: 'overdue' | 'upcoming') => (
    <Section
      title={title}
      className={tone === 'overdue' ? 'followups-overdue' : undefined}
      note={<span className="section-count">{t('followups.count', { count: items.length })}</span>}
    >
      {items.length === 0 ? (
        <p className="section-empty">{tone === 'overdue' ? t('followups.noneOverdue') : t('followups.noneUpcoming')}</p>
      ) : (
        <ul className="plain-list">
          {items.map((f) => (
            <li key={f.id} className="plain-row followup-row">
              <FollowUpCheck followUp={f} ownerName={members.nameOf(f.ownerId)} overdue={tone === 'overdue'} />
              <Link className="followup-account" to={`/accounts/${f.accountId}/touchpoints${f.touchpointId ? `?touchpoint=${f.touchpointId}` : ''}`}>
                {f.accountName ?? t('common.unknown')}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );

  return (
    <main className="page" aria-labelledby="followups-title">
      <div className="page-heading page-heading-row">
        <h1 id="followups-title">{t('followups.title')}</h1>
        <div className="filter-bar filter-bar-plain">
          <FilterSelect
            label={t('fields.ownerId')}
            value={ownerId ?? ''}
            onChange={(value) => set('owner', value === '' ? 'all' : value === me.data?.memberId ? '' : value)}
            blank={t('followups.everyone')}
            options={members.options}
          />
          <FilterSelect
            label={t('followups.within')}
            value={String(withinDays)}
            onChange={(value) => set('within', value === '14' ? '' : value)}
            options={WINDOWS.map((w) => ({ value: String(w), label: t('followups.days', { count: w }) }))}
          />
          <ExportMenu
            what={t('followups.title')}
            choices={[
              { kind: 'csv', run: () => api['exports.list']({ list: 'followups', format: 'csv', ownerId, withinDays }) },
              { kind: 'xlsx', run: () => api['exports.list']({ list: 'followups', format: 'xlsx', ownerId, withinDays }) },
              { kind: 'calendar', run: () => api['exports.calendar']({ ownerId }) },
            ]}
          />
        </div>
      </div>
      <ListState query={due} noteClassName="list-note" errorClassName="card list-note">
        {group(t('followups.overdue'), overdue, 'overdue')}
        {group(t('followups.upcoming', { count: withinDays }), upcoming, 'upcoming')}
      </ListState>
    </main>
  );
}
