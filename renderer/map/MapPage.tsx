/**
 * The stakeholder map page of one account (`#/accounts/<id>/map[/grid|/list|/compare]`): the
 * map with its tools, flags and legend; the influence × stance grid; the list alternative; and
 * the compare with an earlier date. The view is part of the address, like the account's layers.
 */
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { flagsByPerson } from '../../shared/map/flags';
import { isApiError } from '../api/client';
import { useEnumLabel } from '../enums';
import { CompareTab } from './CompareTab';
import { StatusBadge } from './FlagsPanel';
import { MapTab } from './MapTab';
import { useDecisionWindow, useMapChanges, useMapView } from './mapQueries';
import { PeopleList } from './PeopleList';
import { StanceGrid } from './StanceGrid';
import { useMapText } from './words';

export const MAP_VIEWS = ['map', 'grid', 'list', 'compare'] as const;
export type MapViewName = (typeof MAP_VIEWS)[number];

export function MapPage() {
  const { t } = useTranslation();
  const { accountId = '', view: viewParam } = useParams();
  const navigate = useNavigate();
  const current: MapViewName = MAP_VIEWS.find((v) => v === viewParam) ?? 'map';
  const [windowDays, setWindowDays] = useDecisionWindow();
  const query = useMapView(accountId, { decisionWindowDays: windowDays });
  const view = query.data;
  const text = useMapText(view);
  const changes = useMapChanges(view);
  const enumLabel = useEnumLabel();
  const tabs = useRef(new Map<MapViewName, HTMLAnchorElement>());
  const personFlags = useMemo(() => flagsByPerson(view?.flags ?? []), [view]);

  // Ctrl+Z (⌘Z) undoes the map's last change, in every view, unless a text field has focus.
  const undoLast = changes.undoLast;
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'z' || event.shiftKey) return;
      if ((event.target as HTMLElement | null)?.closest?.('input, textarea, select, [contenteditable="true"]')) return;
      event.preventDefault();
      undoLast();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undoLast]);

  const path = (name: MapViewName) => `/accounts/${accountId}/map${name === 'map' ? '' : `/${name}`}`;
  const onTabKey = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = MAP_VIEWS[(MAP_VIEWS.indexOf(current) + step + MAP_VIEWS.length) % MAP_VIEWS.length]!;
    navigate(path(next), { replace: true });
    tabs.current.get(next)?.focus();
  };
  const openPerson = (id: string) => navigate(`/people/${id}`);

  if (query.isError) {
    return (
      <main className="page">
        <div className="card list-note" role="alert">
          <p>{isApiError(query.error) ? query.error.message : t('map.loadFailed', { detail: String(query.error) })}</p>
          <button type="button" className="button" onClick={() => void query.refetch()}>
            {t('app.retry')}
          </button>
          <Link className="button" to="/">
            {t('account.backToPortfolio')}
          </Link>
        </div>
      </main>
    );
  }
  if (!view) {
    return (
      <main className="page">
        <p className="list-note">{t('app.loading')}</p>
      </main>
    );
  }

  return (
    <main className="page page-wide map-page" aria-labelledby="map-title">
      <div className="record-header map-header">
        <nav className="breadcrumb" aria-label={t('account.breadcrumb')}>
          <Link to="/">{t('nav.portfolio')}</Link>
          <span aria-hidden="true"> / </span>
          <Link to={`/accounts/${accountId}/people`}>{view.accountName}</Link>
          <span aria-hidden="true"> / </span>
        </nav>
        <div className="record-title-row">
          <h1 id="map-title">{t('map.title')}</h1>
          <StatusBadge status={view.status} />
        </div>
      </div>
      <div className="tabs layer-tabs" role="tablist" aria-label={t('map.views.label')} onKeyDown={onTabKey}>
        {MAP_VIEWS.map((name) => (
          <Link
            key={name}
            ref={(element) => {
              if (element) tabs.current.set(name, element);
              else tabs.current.delete(name);
            }}
            id={`map-tab-${name}`}
            to={path(name)}
            replace
            role="tab"
            className="tab"
            aria-selected={name === current}
            aria-controls="map-panel"
            tabIndex={name === current ? 0 : -1}
          >
            {t(`map.views.${name}`)}
          </Link>
        ))}
      </div>
      <div id="map-panel" role="tabpanel" className="map-panel" aria-labelledby={`map-tab-${current}`}>
        {view.people.length === 0 ? (
          <div className="card empty-state">
            <p>{t('map.empty')}</p>
            <Link className="button button-primary" to={`/accounts/${accountId}/people`}>
              {t('map.toKeyPeople')}
            </Link>
          </div>
        ) : current === 'map' ? (
          <MapTab
            view={view}
            text={text}
            changes={changes}
            personFlags={personFlags}
            windowDays={windowDays}
            onWindowDays={setWindowDays}
            onOpen={openPerson}
          />
        ) : current === 'grid' ? (
          <StanceGrid
            people={view.people}
            text={text}
            personFlags={personFlags}
            onOpen={openPerson}
            onPlace={(id, stance, influence) => changes.placeOnGrid(id, stance, influence, (code) => enumLabel('stance', code))}
          />
        ) : current === 'list' ? (
          <PeopleList people={view.people} links={view.links} flags={view.flags} text={text} onRemoveLink={(id) => void changes.removeLink(id)} />
        ) : (
          <CompareTab today={view} windowDays={windowDays} onOpen={openPerson} />
        )}
      </div>
    </main>
  );
}
