/**
 * The general-touchpoints layer: every contact with the account, newest first, filterable by the
 * client's department and the kind of contact; each with its follow-up tasks, ticked off here.
 */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { TOUCHPOINT_KINDS } from '../../../shared/domain';
import { useEnumLabel } from '../../enums';
import { todayIso, useFormat } from '../../format';
import type { Account } from '../accountQueries';
import { useMembers, useMoveToBin, usePeopleOf, useRecordList, type FollowUpRecord, type TouchpointRecord } from '../queries';
import { FollowUpCheck } from '../touchpoints/FollowUpCheck';
import { useQuickLog } from '../touchpoints/QuickLog';

export function TouchpointsTab({ account }: { account: Account }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const quickLog = useQuickLog();
  const [params, setParams] = useSearchParams();
  const department = params.get('department') ?? '';
  const kind = params.get('kind') ?? '';
  const highlight = params.get('touchpoint');
  const touchpoints = useRecordList('touchpoints', { accountId: account.id });
  const followUps = useRecordList('followups', { accountId: account.id });

  const all = touchpoints.data ?? [];
  const departments = useMemo(() => [...new Set(all.flatMap((tp) => tp.departments))].sort((a, b) => a.localeCompare(b)), [all]);
  const shown = all.filter((tp) => (!department || tp.departments.includes(department)) && (!kind || tp.kind === kind));
  const followUpsOf = useMemo(() => {
    const map = new Map<string, FollowUpRecord[]>();
    for (const f of followUps.data ?? []) {
      if (!f.touchpointId) continue;
      map.set(f.touchpointId, [...(map.get(f.touchpointId) ?? []), f]);
    }
    return map;
  }, [followUps.data]);

  const setFilter = (key: 'department' | 'kind', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('touchpoint');
    setParams(next, { replace: true });
  };

  // A search hit opens the timeline at its touchpoint.
  useEffect(() => {
    if (!highlight || !touchpoints.data) return;
    document.getElementById(`touchpoint-${highlight}`)?.scrollIntoView({ block: 'center' });
  }, [highlight, touchpoints.data]);

  return (
    <section className="card section" aria-labelledby="touchpoints-title">
      <div className="section-header">
        <h2 id="touchpoints-title" className="section-title">
          {t('touchpoints.title')}
        </h2>
        {touchpoints.data && <span className="section-count">{t('touchpoints.count', { count: shown.length })}</span>}
        <div className="section-actions">
          <label className="filter">
            <span className="filter-label">{t('fields.department')}</span>
            <select className="input select input-compact" value={department} onChange={(event) => setFilter('department', event.target.value)}>
              <option value="">{t('touchpoints.allDepartments')}</option>
              {departments.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <label className="filter">
            <span className="filter-label">{t('fields.kind')}</span>
            <select className="input select input-compact" value={kind} onChange={(event) => setFilter('kind', event.target.value)}>
              <option value="">{t('touchpoints.allKinds')}</option>
              {TOUCHPOINT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {enumLabel('touchpointKind', k)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button button-small button-primary" onClick={() => quickLog({ accountId: account.id })}>
            {t('touchpoints.add')}
          </button>
        </div>
      </div>
      <div className="section-body">
        {!touchpoints.data ? (
          <p className="section-empty">{t('app.loading')}</p>
        ) : shown.length === 0 ? (
          <p className="section-empty">{all.length === 0 ? t('touchpoints.empty') : t('touchpoints.noMatch')}</p>
        ) : (
          <TouchpointTimeline touchpoints={shown} accountId={account.id} followUpsOf={followUpsOf} highlight={highlight} />
        )}
      </div>
    </section>
  );
}

/** Touchpoints as a timeline; also used on a person's page for the touchpoints with them. */
export function TouchpointTimeline({
  touchpoints,
  accountId,
  followUpsOf,
  highlight,
  label,
}: {
  touchpoints: readonly TouchpointRecord[];
  accountId: string;
  followUpsOf?: Map<string, FollowUpRecord[]>;
  highlight?: string | null;
  label?: string;
}) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const format = useFormat();
  const members = useMembers();
  const people = usePeopleOf(accountId);
  const moveToBin = useMoveToBin();
  const quickLog = useQuickLog();
  const today = todayIso();

  return (
    <ol className="timeline" aria-label={label ?? t('touchpoints.title')}>
      {touchpoints.map((tp) => {
        const followUps = followUpsOf?.get(tp.id) ?? [];
        return (
          <li key={tp.id} id={`touchpoint-${tp.id}`} className="timeline-item" data-highlight={tp.id === highlight || undefined}>
            <article aria-label={`${format.dateTime(tp.at)} ${enumLabel('touchpointKind', tp.kind)}`}>
              <header className="timeline-head">
                <span className="kind-badge" data-kind={tp.kind}>
                  {enumLabel('touchpointKind', tp.kind)}
                </span>
                <time dateTime={tp.at}>{format.dateTime(tp.at)}</time>
                {tp.channel && <span className="muted">{enumLabel('channel', tp.channel)}</span>}
                {tp.departments.map((d) => (
                  <span key={d} className="badge">
                    {d}
                  </span>
                ))}
                {tp.sentiment !== null && (
                  <span className="sentiment" data-sentiment={tp.sentiment}>
                    {enumLabel('sentiment', tp.sentiment)}
                  </span>
                )}
                <span className="timeline-actions">
                  <button
                    type="button"
                    className="button button-small button-quiet timeline-edit"
                    aria-label={t('common.editNamed', { name: tp.summary.slice(0, 40) })}
                    onClick={() => quickLog({ touchpoint: tp })}
                  >
                    {t('common.edit')}
                  </button>
                  <button
                    type="button"
                    className="button button-small button-quiet button-danger timeline-delete"
                    aria-label={t('common.deleteNamed', { name: tp.summary.slice(0, 40) })}
                    onClick={() => void moveToBin('touchpoints', tp, tp.summary.slice(0, 40))}
                  >
                    {t('common.delete')}
                  </button>
                </span>
              </header>
              <p className="timeline-summary">{tp.summary}</p>
              {tp.needs && (
                <p className="timeline-needs">
                  <span className="label">{t('common.labelColon', { label: t('fields.needs') })}</span>
                  {tp.needs}
                </p>
              )}
              {(tp.theirParticipants.length > 0 || tp.ourParticipants.length > 0) && (
                <p className="timeline-people">
                  {tp.theirParticipants.map((id, index) => (
                    <span key={id}>
                      {index > 0 && '、'}
                      <Link to={`/people/${id}`}>{people.nameOf(id) ?? t('common.unknown')}</Link>
                    </span>
                  ))}
                  {tp.theirParticipants.length > 0 && tp.ourParticipants.length > 0 && <span className="muted"> ↔ </span>}
                  {tp.ourParticipants.length > 0 && (
                    <span className="muted">{tp.ourParticipants.map((id) => members.nameOf(id) ?? t('common.unknown')).join('、')}</span>
                  )}
                </p>
              )}
              {followUps.length > 0 && (
                <div className="timeline-followups" role="group" aria-label={t('touchpoints.followUps')}>
                  {followUps.map((f) => (
                    <FollowUpCheck key={f.id} followUp={f} ownerName={members.nameOf(f.ownerId)} overdue={!f.done && !!f.dueDate && f.dueDate < today} />
                  ))}
                </div>
              )}
            </article>
          </li>
        );
      })}
    </ol>
  );
}
