/**
 * An account's stakeholder map as a still drawing, for the pages that are printed (the account
 * plan, the handover pack): the map's own layout, coverage and links, nothing to drag or click.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { flagsByPerson } from '../../shared/map/flags';
import { useDecisionWindow, useMapView } from './mapQueries';
import { StakeholderMap } from './StakeholderMap';
import { useMapText } from './words';

export function AccountMapDrawing({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const [windowDays] = useDecisionWindow();
  const map = useMapView(accountId, { decisionWindowDays: windowDays });
  const text = useMapText(map.data);
  const personFlags = useMemo(() => flagsByPerson(map.data?.flags ?? []), [map.data]);
  if (!map.data || map.data.people.length === 0) return null;
  return (
    <div className="map-drawing">
      <StakeholderMap
        people={map.data.people}
        links={map.data.links}
        members={map.data.members}
        personFlags={personFlags}
        words={text}
        label={t('map.canvas', { account: map.data.accountName, count: map.data.people.length })}
        layoutKind="tree"
        coverage
        showLinks
        onOpen={() => undefined}
      />
    </div>
  );
}
