/** My follow-ups: open tasks across all accounts that are overdue or due soon, by owner. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../api/client';
import { useApi } from '../api/context';
import { todayIso } from '../format';
import { useMembers, type FollowUpRecord } from './queries';
import { FollowUpCheck } from './touchpoints/FollowUpCheck';

/** `followups.due` adds the account's name and whether the task is overdue to each follow-up. */
type DueFollowUp = FollowUpRecord & { accountName?: string; overdue?: boolean };

const WINDOWS = [7, 14, 30, 90] as const;

export function FollowUpsView() {
  const { t } = useTranslation();
  const api = useApi();
  const members = useMembers();
  const [params, setParams] = useSearchParams();
  const ownerId = params.get('owner') || null;
  const withinDays = WINDOWS.find((w) => String(w) === params.get('within')) ?? 14;
  const today = todayIso();
  const due = useQuery({
    queryKey: ['followups.due', ownerId, withinDays, today],
    queryFn: () => api['followups.due']({ ownerId, withinDays, today }) as Promise<DueFollowUp[]>,
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
    <section className="card section" aria-label={title} data-tone={tone}>
      <div className="section-header">
        <h2 className="section-title">{title}</h2>
        <span className="section-count">{t('followups.count', { count: items.length })}</span>
      </div>
      <div className="section-body">
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
      </div>
    </section>
  );

  return (
    <main className="page" aria-labelledby="followups-title">
      <div className="page-heading page-heading-row">
        <h1 id="followups-title">{t('followups.title')}</h1>
        <div className="filter-bar filter-bar-plain">
          <label className="filter">
            <span className="filter-label">{t('fields.ownerId')}</span>
            <select className="input select input-compact" value={ownerId ?? ''} onChange={(event) => set('owner', event.target.value)}>
              <option value="">{t('followups.everyone')}</option>
              {members.active.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.name}
                </option>
              ))}
            </select>
          </label>
          <label className="filter">
            <span className="filter-label">{t('followups.within')}</span>
            <select
              className="input select input-compact"
              value={withinDays}
              onChange={(event) => set('within', event.target.value === '14' ? '' : event.target.value)}
            >
              {WINDOWS.map((w) => (
                <option key={w} value={w}>
                  {t('followups.days', { count: w })}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {due.isError ? (
        <div className="card list-note" role="alert">
          <p>{isApiError(due.error) ? due.error.message : t('errors.internal', { detail: String(due.error) })}</p>
          <button type="button" className="button" onClick={() => void due.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      ) : !due.data ? (
        <p className="list-note">{t('app.loading')}</p>
      ) : (
        <>
          {group(t('followups.overdue'), overdue, 'overdue')}
          {group(t('followups.upcoming', { count: withinDays }), upcoming, 'upcoming')}
        </>
      )}
    </main>
  );
}
