/**
 * Compare: the map as of an earlier date (rebuilt from the stored history) beside today's, with
 * who was added, removed or changed marked on the maps and listed below them. A date before
 * anyone was recorded at the account has nothing to compare: that is said instead of judging an
 * empty chain (whose every role is vacant: a red status that meant nothing).
 */
import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flagsByPerson } from '../../shared/map/flags';
import { compareMaps } from '../../shared/map/history';
import type { MapView } from '../../shared/map/schemas';
import { isApiError } from '../api/client';
import { parseIsoDate, todayIso, useFormat } from '../format';
import { StatusBadge } from './FlagsPanel';
import { useMapView } from './mapQueries';
import { StakeholderMap, type DiffMark, type MapHandle } from './StakeholderMap';
import { useMapText } from './words';

/** The last instant of a local calendar day, as the service's `asOf`. */
export function endOfLocalDay(isoDate: string): string | null {
  const day = parseIsoDate(isoDate);
  if (!day) return null;
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1, 0, 0, 0, -1).toISOString();
}

function daysAgo(days: number): string {
  const now = new Date();
  return todayIso(new Date(now.getFullYear(), now.getMonth(), now.getDate() - days));
}

export function CompareTab({ today, windowDays, onOpen }: { today: MapView; windowDays: number; onOpen: (personId: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [date, setDate] = useState(() => daysAgo(90));
  const dateId = useId();
  const earlierMap = useRef<MapHandle>(null);
  const todayMap = useRef<MapHandle>(null);
  const valid = !!parseIsoDate(date) && date < todayIso();
  const asOf = valid ? endOfLocalDay(date) : null;
  const earlier = useMapView(today.accountId, { asOf, decisionWindowDays: windowDays, enabled: !!asOf });
  const then = earlier.data;
  const nothingThen = then?.people.length === 0;
  const diff = useMemo(() => (then && then.people.length > 0 ? compareMaps(then, today) : null), [then, today]);
  const earlierText = useMapText(then);
  const todayText = useMapText(today);
  const earlierFlags = useMemo(() => flagsByPerson(then?.flags ?? []), [then]);
  const todayFlags = useMemo(() => flagsByPerson(today.flags), [today]);
  const day = format.date(date);

  const todayMarks = useMemo(() => {
    const marks = new Map<string, DiffMark>();
    for (const id of diff?.added ?? []) marks.set(id, { kind: 'added' });
    for (const change of diff?.changed ?? []) marks.set(change.id, { kind: 'changed', stance: change.stance, fields: change.fields });
    return marks;
  }, [diff]);
  const earlierMarks = useMemo(() => new Map<string, DiffMark>((diff?.removed ?? []).map((id) => [id, { kind: 'removed' }])), [diff]);

  return (
    <div className="section-stack map-compare">
      <div className="map-compare-controls">
        <h2 className="map-card-title">{t('map.compare.title')}</h2>
        <label htmlFor={dateId}>{t('map.compare.date')}</label>
        <input
          id={dateId}
          className="input input-compact"
          type="date"
          value={date}
          max={daysAgo(1)}
          onChange={(event) => setDate(event.target.value)}
          aria-invalid={!valid}
          aria-describedby={!valid ? `${dateId}-error` : undefined}
        />
        {!valid && (
          <p id={`${dateId}-error`} className="form-error" role="alert">
            {t('map.compare.futureDate')}
          </p>
        )}
      </div>
      {earlier.isError && (
        <p className="form-error" role="alert">
          {isApiError(earlier.error) ? earlier.error.message : t('map.loadFailed', { detail: String(earlier.error) })}
        </p>
      )}
      <div className="map-compare-panes">
        <section className="map-compare-pane" aria-labelledby={`${dateId}-then`}>
          <div className="map-compare-head">
            <h3 id={`${dateId}-then`}>{t('map.compare.earlier', { date: day })}</h3>
            {then && !nothingThen && <StatusBadge status={then.status} />}
          </div>
          <div className="map-canvas map-canvas-compare">
            {!valid ? null : !then ? (
              <p className="list-note">{t('app.loading')}</p>
            ) : nothingThen ? (
              <p className="list-note" role="status">
                {t('map.compare.nothing', { date: day })}
              </p>
            ) : (
              <StakeholderMap
                ref={earlierMap}
                people={then.people}
                links={then.links}
                members={then.members}
                personFlags={earlierFlags}
                words={earlierText}
                label={`${t('map.compare.earlier', { date: day })}: ${t('map.canvas', { account: then.accountName, count: then.people.length })}`}
                layoutKind="tree"
                coverage={false}
                showLinks
                marks={earlierMarks}
                onOpen={onOpen}
              />
            )}
          </div>
        </section>
        <section className="map-compare-pane" aria-labelledby={`${dateId}-now`}>
          <div className="map-compare-head">
            <h3 id={`${dateId}-now`}>{t('map.compare.today')}</h3>
            <StatusBadge status={today.status} />
          </div>
          <div className="map-canvas map-canvas-compare">
            <StakeholderMap
              ref={todayMap}
              people={today.people}
              links={today.links}
              members={today.members}
              personFlags={todayFlags}
              words={todayText}
              label={`${t('map.compare.today')}: ${t('map.canvas', { account: today.accountName, count: today.people.length })}`}
              layoutKind="tree"
              coverage={false}
              showLinks
              marks={todayMarks}
              onOpen={onOpen}
            />
          </div>
        </section>
      </div>
      {diff && (
        <section className="map-card map-diff" aria-labelledby={`${dateId}-diff`}>
          <h3 id={`${dateId}-diff`} className="map-card-title">
            {t('map.compare.changes', { date: day })}
          </h3>
          <p>
            {diff.added.length + diff.removed.length + diff.changed.length === 0
              ? t('map.compare.none', { date: day })
              : t('map.compare.summary', { date: day, added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length })}
          </p>
          {(diff.links.added.length > 0 || diff.links.removed.length > 0) && (
            <p className="muted">{t('map.compare.linksChanged', { added: diff.links.added.length, removed: diff.links.removed.length })}</p>
          )}
          <dl className="map-diff-list">
            {diff.added.length > 0 && (
              <>
                <dt data-kind="added">{t('map.compare.added')}</dt>
                <dd>
                  <ul>
                    {diff.added.map((id) => (
                      <li key={id} data-kind="added">
                        {todayText.nameOf(id)}
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            {diff.removed.length > 0 && (
              <>
                <dt data-kind="removed">{t('map.compare.removed')}</dt>
                <dd>
                  <ul>
                    {diff.removed.map((id) => (
                      <li key={id} data-kind="removed">
                        {earlierText.nameOf(id)}
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            {diff.changed.length > 0 && (
              <>
                <dt data-kind="changed">{t('map.compare.changed')}</dt>
                <dd>
                  <ul>
                    {diff.changed.map((change) => (
                      <li key={change.id} data-kind="changed">
                        <strong>{todayText.nameOf(change.id)}</strong>
                        {': '}
                        {change.stance
                          ? t('map.compare.stance', { from: todayText.stanceWord(change.stance.from), to: todayText.stanceWord(change.stance.to) })
                          : t('map.compare.fields', { fields: change.fields.map(todayText.fieldName).join(t('common.listSeparator')) })}
                        {change.stance && change.fields.length > 1 && (
                          <span className="muted">
                            {' · '}
                            {t('map.compare.fields', {
                              fields: change.fields
                                .filter((f) => f !== 'stance')
                                .map(todayText.fieldName)
                                .join(t('common.listSeparator')),
                            })}
                          </span>
                        )}
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
        </section>
      )}
    </div>
  );
}
