/**
 * The map view: tools (zoom, layout, overlays, link drawing, undo, export, print), filters and
 * search above the drawing; the status, red flags, legend and the keyboard way to add a link
 * beside it.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUYING_ROLES, STANCES } from '../../shared/domain';
import { stanceOf, type MapView, type Severity } from '../../shared/map/schemas';
import { useToast } from '../components/Toasts';
import { useEnumLabel } from '../enums';
import { todayIso, useFormat } from '../format';
import { saveFile } from '../components/saveFile';
import { exportFileName, mapSvgDocument, svgToPng } from './exportMap';
import { FlagsList, StatusCard } from './FlagsPanel';
import type { LayoutKind } from './layout';
import { Legend } from './Legend';
import type { useMapChanges } from './mapQueries';
import { AddLinkForm } from './PeopleList';
import { StakeholderMap, type MapHandle } from './StakeholderMap';
import type { MapText } from './words';

interface Filters {
  role: string;
  department: string;
  stance: string;
}
const NO_FILTERS: Filters = { role: '', department: '', stance: '' };

export function MapTab({
  view,
  text,
  changes,
  personFlags,
  windowDays,
  onWindowDays,
  onOpen,
}: {
  view: MapView;
  text: MapText;
  changes: ReturnType<typeof useMapChanges>;
  personFlags: ReadonlyMap<string, { severity: Severity; count: number }>;
  windowDays: number;
  onWindowDays: (days: number) => void;
  onOpen: (personId: string) => void;
}) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const format = useFormat();
  const toast = useToast();
  const map = useRef<MapHandle>(null);
  const [layoutKind, setLayoutKind] = useState<LayoutKind>('tree');
  const [coverage, setCoverage] = useState(true);
  const [showLinks, setShowLinks] = useState(true);
  const [linkMode, setLinkMode] = useState(false);
  const [linkStrength, setLinkStrength] = useState(3);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [find, setFind] = useState('');
  const [findMessage, setFindMessage] = useState<string | null>(null);
  const ids = { find: useId(), names: useId(), role: useId(), department: useId(), stance: useId(), strength: useId() };

  const departments = useMemo(
    () => [...new Set(view.people.map((p) => p.department).filter((d): d is string => !!d))].sort((a, b) => a.localeCompare(b, format.locale)),
    [view.people, format.locale],
  );
  const dimmed = useMemo(() => {
    if (!filters.role && !filters.department && !filters.stance) return undefined;
    return new Set(
      view.people
        .filter(
          (p) =>
            (filters.role && !p.roles.includes(filters.role)) ||
            (filters.department && p.department !== filters.department) ||
            (filters.stance && stanceOf(p.stance) !== filters.stance),
        )
        .map((p) => p.id),
    );
  }, [view.people, filters]);
  const shown = view.people.length - (dimmed?.size ?? 0);
  const accountFlags = view.flags.filter((f) => !f.personId);

  const findPerson = () => {
    const wanted = find.trim().toLocaleLowerCase(format.locale);
    if (!wanted) return;
    const match =
      view.people.find((p) => p.name.toLocaleLowerCase(format.locale) === wanted) ??
      view.people.find((p) => p.name.toLocaleLowerCase(format.locale).includes(wanted)) ??
      view.people.find((p) => (p.title ?? '').toLocaleLowerCase(format.locale).includes(wanted));
    if (match && map.current?.focusPerson(match.id)) setFindMessage(null);
    else setFindMessage(t('map.toolbar.notFound', { text: find.trim() }));
  };

  const heading = useCallback(
    () => ({
      title: t('map.export.heading', { account: view.accountName, date: format.date(todayIso()) }),
      lines: [t('map.status.heading', { colour: t(`map.status.${view.status.colour}`) }), ...view.status.reasons.map(text.reason)],
    }),
    [t, view, format, text],
  );

  const exportAs = async (kind: 'svg' | 'png') => {
    const svg = map.current?.svg();
    if (!svg) return;
    try {
      const document = mapSvgDocument(svg, heading());
      const file = exportFileName(view.accountName, todayIso(), kind);
      saveFile(kind === 'svg' ? new Blob([document.text], { type: 'image/svg+xml' }) : await svgToPng(document), file);
      toast(t('map.export.done', { file }), { subject: 'map-export' });
    } catch (error) {
      toast(t('map.export.failed', { detail: error instanceof Error ? error.message : String(error) }), { tone: 'error', subject: 'map-export' });
    }
  };

  // Printing shows the whole map: fit it first (the print stylesheet hides the tools).
  useEffect(() => {
    const before = () => map.current?.fit();
    window.addEventListener('beforeprint', before);
    return () => window.removeEventListener('beforeprint', before);
  }, []);

  const setFilter = (key: keyof Filters, value: string) => setFilters((current) => ({ ...current, [key]: value }));

  return (
    <div className="map-layout">
      <div className="map-main">
        <div className="map-toolbar" role="toolbar" aria-label={t('map.toolbar.label')}>
          <div className="map-tool-group">
            <button
              type="button"
              className="button button-small button-icon"
              aria-label={t('map.toolbar.zoomIn')}
              title={t('map.toolbar.zoomIn')}
              onClick={() => map.current?.zoomBy(1.25)}
            >
              +
            </button>
            <button
              type="button"
              className="button button-small button-icon"
              aria-label={t('map.toolbar.zoomOut')}
              title={t('map.toolbar.zoomOut')}
              onClick={() => map.current?.zoomBy(0.8)}
            >
              −
            </button>
            <button type="button" className="button button-small" onClick={() => map.current?.fit()}>
              {t('map.toolbar.fit')}
            </button>
          </div>
          <div className="segmented map-tool-group" role="group" aria-label={t('map.toolbar.layout')}>
            {(['tree', 'force'] as const).map((kind) => (
              <button key={kind} type="button" className="segment" aria-pressed={layoutKind === kind} onClick={() => setLayoutKind(kind)}>
                {t(`map.toolbar.${kind}`)}
              </button>
            ))}
          </div>
          <div className="map-tool-group">
            <button type="button" className="button button-small map-toggle" aria-pressed={coverage} onClick={() => setCoverage((on) => !on)}>
              {t('map.toolbar.coverage')}
            </button>
            <button type="button" className="button button-small map-toggle" aria-pressed={showLinks} onClick={() => setShowLinks((on) => !on)}>
              {t('map.toolbar.links')}
            </button>
          </div>
          <div className="map-tool-group">
            <button
              type="button"
              className="button button-small map-toggle"
              aria-pressed={linkMode}
              onClick={() => {
                setLinkMode((on) => !on);
                setShowLinks(true);
              }}
            >
              {t('map.toolbar.drawLink')}
            </button>
            <label className="visually-hidden" htmlFor={ids.strength}>
              {t('map.toolbar.linkStrength')}
            </label>
            <select
              id={ids.strength}
              className="input input-compact select map-strength"
              value={linkStrength}
              onChange={(e) => setLinkStrength(Number(e.target.value))}
              title={t('map.toolbar.linkStrength')}
            >
              {[1, 2, 3, 4, 5].map((s) => (
                <option key={s} value={s}>
                  {t('map.link.strength')} {s}
                </option>
              ))}
            </select>
          </div>
          <div className="map-tool-group">
            <button
              type="button"
              className="button button-small"
              disabled={!changes.lastUndo}
              aria-label={changes.lastUndo ? t('map.toolbar.undoWhat', { what: changes.lastUndo.label }) : t('map.toolbar.undo')}
              title={changes.lastUndo ? t('map.toolbar.undoWhat', { what: changes.lastUndo.label }) : t('map.toolbar.undo')}
              onClick={changes.undoLast}
            >
              {t('map.toolbar.undo')}
            </button>
          </div>
          <div className="map-tool-group" role="group" aria-label={t('map.toolbar.moreTools')}>
            <button type="button" className="button button-small" onClick={() => void exportAs('svg')}>
              {t('map.toolbar.exportSvg')}
            </button>
            <button type="button" className="button button-small" onClick={() => void exportAs('png')}>
              {t('map.toolbar.exportPng')}
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                map.current?.fit();
                window.print();
              }}
            >
              {t('map.toolbar.print')}
            </button>
          </div>
        </div>
        <div className="map-filters filter-bar" role="search">
          <form
            className="map-find"
            onSubmit={(event) => {
              event.preventDefault();
              findPerson();
            }}
          >
            <label className="visually-hidden" htmlFor={ids.find}>
              {t('map.toolbar.find')}
            </label>
            <input
              id={ids.find}
              className="input input-compact"
              type="search"
              list={ids.names}
              placeholder={t('map.toolbar.findPlaceholder')}
              value={find}
              onChange={(event) => {
                setFind(event.target.value);
                setFindMessage(null);
                const exact = view.people.find((p) => p.name === event.target.value);
                if (exact) map.current?.focusPerson(exact.id);
              }}
            />
            <datalist id={ids.names}>
              {view.people.map((p) => (
                <option key={p.id} value={p.name} />
              ))}
            </datalist>
            <button type="submit" className="button button-small">
              {t('map.toolbar.find')}
            </button>
          </form>
          <span className="filter">
            <label className="filter-label" htmlFor={ids.role}>
              {t('map.filters.role')}
            </label>
            <select id={ids.role} className="input input-compact select" value={filters.role} onChange={(e) => setFilter('role', e.target.value)}>
              <option value="">{t('map.filters.all')}</option>
              {BUYING_ROLES.map((role) => (
                <option key={role} value={role}>
                  {enumLabel('role', role)}
                </option>
              ))}
            </select>
          </span>
          <span className="filter">
            <label className="filter-label" htmlFor={ids.department}>
              {t('map.filters.department')}
            </label>
            <select
              id={ids.department}
              className="input input-compact select"
              value={filters.department}
              onChange={(e) => setFilter('department', e.target.value)}
            >
              <option value="">{t('map.filters.all')}</option>
              {departments.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </span>
          <span className="filter">
            <label className="filter-label" htmlFor={ids.stance}>
              {t('map.filters.stance')}
            </label>
            <select id={ids.stance} className="input input-compact select" value={filters.stance} onChange={(e) => setFilter('stance', e.target.value)}>
              <option value="">{t('map.filters.all')}</option>
              {STANCES.map((stance) => (
                <option key={stance} value={stance}>
                  {enumLabel('stance', stance)}
                </option>
              ))}
            </select>
          </span>
          {dimmed && (
            <>
              <span className="muted" aria-live="polite">
                {t('map.filters.shown', { shown, count: view.people.length })}
              </span>
              <button type="button" className="button button-small button-quiet" onClick={() => setFilters(NO_FILTERS)}>
                {t('map.filters.clear')}
              </button>
            </>
          )}
        </div>
        {findMessage && (
          <p className="form-error" role="alert">
            {findMessage}
          </p>
        )}
        {linkMode && (
          <p className="map-mode-note" role="status">
            {t('map.toolbar.drawLinkOn')}
          </p>
        )}
        <div className="map-canvas">
          <StakeholderMap
            ref={map}
            people={view.people}
            links={view.links}
            members={view.members}
            personFlags={personFlags}
            words={text}
            label={t('map.canvas', { account: view.accountName, count: view.people.length })}
            layoutKind={layoutKind}
            coverage={coverage}
            showLinks={showLinks}
            dimmed={dimmed}
            interactive
            linkMode={linkMode}
            onOpen={onOpen}
            onReparent={(id, manager) => void changes.reportTo(id, manager)}
            onLink={(from, to) => void changes.addLink(from, to, linkStrength)}
            onEscape={() => setLinkMode(false)}
            measure
          />
          {accountFlags.length > 0 && (
            <ul className="map-canvas-flags" aria-hidden="true">
              {accountFlags.map((flag) => (
                <li key={`${flag.kind}-${flag.role ?? flag.memberId}`} data-severity={flag.severity}>
                  <span className="map-flag-mark">!</span> {text.flag(flag)}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <aside className="map-side" aria-label={t('map.flags.title')}>
        <StatusCard status={view.status} text={text} />
        <FlagsList flags={view.flags} text={text} onShow={(id) => map.current?.focusPerson(id)} windowDays={windowDays} onWindowDays={onWindowDays} />
        <Legend members={view.members} coverage={coverage} />
        <AddLinkForm people={view.people} onAdd={(from, to, strength) => changes.addLink(from, to, strength)} />
      </aside>
    </div>
  );
}
