/**
 * The general-touchpoints layer: every contact with the account, newest first, filterable by the
 * client's department and the kind of contact; each with its follow-up tasks, ticked off here.
 */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { TOUCHPOINT_KINDS } from '../../../shared/domain';
import { useApi } from '../../api/context';
import { ExportMenu } from '../../components/ExportMenu';
import { FilterSelect } from '../../components/FilterSelect';
import { ListState } from '../../components/LoadState';
import { RowActions } from '../../components/RowActions';
import { Section } from '../../components/Section';
import { useToday } from '../../components/useNow';
import { useEnumLabel, useEnumOptions } from '../../enums';
import { useFormat } from '../../format';
import type { Account } from '../accountQueries';
import { useFollowUpsByTouchpoint, useMembers, useMoveToBin, usePeopleOf, useRecordList, type FollowUpRecord, type TouchpointRecord } from '../queries';
import { FollowUpCheck } from '../touchpoints/FollowUpCheck';
import { useQuickLog } from '../touchpoints/QuickLog';

export function TouchpointsTab({ account }: { account: Account }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const quickLog = useQuickLog();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const department = params.get('department') ?? '';
  const kind = params.get('kind') ?? '';
  const highlight = params.get('touchpoint');
  const touchpoints = useRecordList('touchpoints', { accountId: account.id });
  const followUpsOf = useFollowUpsByTouchpoint(account.id);

  const all = touchpoints.data ?? [];
  const departments = useMemo(
    () => [...new Set((touchpoints.data ?? []).flatMap((tp) => tp.departments))].sort((a, b) => a.localeCompare(b)).map((d) => ({ value: d, label: d })),
    [touchpoints.data],
  );
  const shown = all.filter((tp) => (!department || tp.departments.includes(department)) && (!kind || tp.kind === kind));

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
    <Section
      title={t('touchpoints.title')}
      note={touchpoints.data && <span className="section-count">{t('touchpoints.count', { count: shown.length })}</span>}
      actions={
        <>
          <FilterSelect
            label={t('fields.department')}
            value={department}
            onChange={(value) => setFilter('department', value)}
            blank={t('touchpoints.allDepartments')}
            options={departments}
          />
          <FilterSelect
            label={t('fields.kind')}
            value={kind}
            onChange={(value) => setFilter('kind', value)}
            blank={t('touchpoints.allKinds')}
            options={enumOptions('touchpointKind', TOUCHPOINT_KINDS)}
          />
          <ExportMenu
            what={t('touchpoints.title')}
            choices={(['csv', 'xlsx'] as const).map((format) => ({
              kind: format,
              run: () =>
                api['exports.list']({
                  list: 'touchpoints',
                  format,
                  accountId: account.id,
                  kind: (kind || null) as (typeof TOUCHPOINT_KINDS)[number] | null,
                  department: department || null,
                }),
            }))}
          />
          <button type="button" className="button button-small button-primary" onClick={() => quickLog({ accountId: account.id })}>
            {t('touchpoints.add')}
          </button>
        </>
      }
    >
      <ListState query={touchpoints} count={shown.length} empty={all.length === 0 ? t('touchpoints.empty') : t('touchpoints.noMatch')}>
        <TouchpointTimeline touchpoints={shown} accountId={account.id} followUpsOf={followUpsOf} highlight={highlight} />
      </ListState>
    </Section>
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
  const today = useToday();

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
                <RowActions
                  label={tp.summary.slice(0, 40)}
                  onEdit={() => quickLog({ touchpoint: tp })}
                  onDelete={() => void moveToBin('touchpoints', tp, tp.summary.slice(0, 40))}
                />
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
                      <Link to={`/people/${id}`}>{people.displayName(id)}</Link>
                    </span>
                  ))}
                  {tp.theirParticipants.length > 0 && tp.ourParticipants.length > 0 && <span className="muted"> ↔ </span>}
                  {tp.ourParticipants.length > 0 && <span className="muted">{members.displayNames(tp.ourParticipants)}</span>}
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
