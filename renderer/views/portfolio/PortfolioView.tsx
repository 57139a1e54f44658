/**
 * The home screen: every account with its tier, stage, relationship level, owner, last touchpoint
 * and head count; filters, sortable columns and a name search; the bin; and, on a first run, a
 * way to start (sample data, or the first account).
 */
import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { LEVELS, STAGES, TIERS } from '../../../shared/domain';
import { HEALTH_COLOURS } from '../../../shared/health/schemas';
import { useApi } from '../../api/context';
import { Dialog } from '../../components/Dialog';
import { ExportMenu } from '../../components/ExportMenu';
import { FilterSelect } from '../../components/FilterSelect';
import { LoadError } from '../../components/LoadState';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useTabKeys } from '../../components/useTabKeys';
import { useEnumOptions, type EnumKind } from '../../enums';
import { AccountCreateForm } from '../AccountCreateForm';
import { useDataChange, useMembers } from '../queries';
import { AccountBin } from './AccountBin';
import { filterFromParams, isFiltered, nextSort, paramsFromFilter, type PortfolioFilter } from './portfolioFilter';
import { PortfolioTable, usePortfolioTotal } from './PortfolioTable';

const VIEWS = ['active', 'bin'] as const;
type View = (typeof VIEWS)[number];

export function PortfolioView() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('show') === 'bin' ? 'bin' : 'active';
  const filter = filterFromParams(params);
  const [creating, setCreating] = useState(false);
  const totalQuery = usePortfolioTotal(filter);
  const total = totalQuery.data?.total;

  const setFilter = (next: Partial<PortfolioFilter>) => setParams(paramsFromFilter({ ...filter, ...next }, params), { replace: true });
  const show = (next: View) => {
    const nextParams = new URLSearchParams(params);
    if (next === 'bin') nextParams.set('show', 'bin');
    else nextParams.delete('show');
    setParams(nextParams, { replace: true });
  };
  const tabs = useTabKeys(VIEWS, view, show);

  const firstRun = view === 'active' && total === 0 && !isFiltered(filter) && !totalQuery.isPlaceholderData;

  return (
    <main className="page page-wide" aria-labelledby="portfolio-title">
      <div className="page-heading page-heading-row">
        <h1 id="portfolio-title">{t('portfolio.title')}</h1>
        <div className="page-actions">
          <Link className="button" to="/import?kind=accounts">
            {t('import.open')}
          </Link>
          {view === 'active' && !firstRun && (
            <ExportMenu
              what={t('portfolio.title')}
              choices={(['csv', 'xlsx'] as const).map((format) => ({ kind: format, run: () => api['exports.list']({ list: 'portfolio', format, filter }) }))}
            />
          )}
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('portfolio.addAccount')}
          </button>
        </div>
      </div>

      <section className="card list-card">
        <div className="list-toolbar">
          <div className="tabs" role="tablist" aria-label={t('portfolio.viewsLabel')} onKeyDown={tabs.onKeyDown}>
            {VIEWS.map((option) => (
              <button
                key={option}
                ref={tabs.tabRef(option)}
                id={`portfolio-tab-${option}`}
                type="button"
                role="tab"
                className="tab"
                aria-selected={option === view}
                aria-controls="portfolio-panel"
                tabIndex={option === view ? 0 : -1}
                onClick={() => show(option)}
              >
                {t(`portfolio.tabs.${option}`)}
              </button>
            ))}
          </div>
          {view === 'active' && total !== undefined && <span className="list-count">{t('portfolio.count', { count: total })}</span>}
        </div>

        <div id="portfolio-panel" role="tabpanel" aria-labelledby={`portfolio-tab-${view}`} aria-busy={totalQuery.isFetching}>
          {view === 'bin' ? (
            <AccountBin />
          ) : (
            <>
              {!firstRun && <PortfolioFilters filter={filter} onChange={setFilter} />}
              {totalQuery.isError ? (
                <LoadError error={totalQuery.error} retry={() => void totalQuery.refetch()} />
              ) : total === undefined ? (
                <p className="list-note">{t('app.loading')}</p>
              ) : firstRun ? (
                <FirstRun onAdd={() => setCreating(true)} />
              ) : total === 0 ? (
                <div className="list-note">
                  <p>{t('portfolio.noMatch')}</p>
                  <button
                    type="button"
                    className="button"
                    onClick={() => setParams(paramsFromFilter(filterFromParams(new URLSearchParams())), { replace: true })}
                  >
                    {t('portfolio.clearFilters')}
                  </button>
                </div>
              ) : (
                <PortfolioTable filter={filter} total={total} onSort={(column) => setFilter(nextSort(filter, column))} />
              )}
            </>
          )}
        </div>
      </section>

      {creating && (
        <Dialog title={t('portfolio.addAccount')} size="small" onClose={() => setCreating(false)}>
          <AccountCreateForm
            onCreated={(account) => {
              setCreating(false);
              navigate(`/accounts/${account.id}/organisation`);
            }}
          />
        </Dialog>
      )}
    </main>
  );
}

function PortfolioFilters({ filter, onChange }: { filter: PortfolioFilter; onChange: (next: Partial<PortfolioFilter>) => void }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const members = useMembers();
  const [text, setText] = useState(filter.text);

  // The address follows the typing after a pause, so each key does not refetch. An effect event:
  // a new `onChange` (each render of the page makes one) must not restart the pause.
  const commitText = useEffectEvent((value: string) => onChange({ text: value }));
  useEffect(() => {
    if (text.trim() === filter.text) return;
    const timer = window.setTimeout(() => commitText(text.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [text, filter.text]);

  const select = (kind: EnumKind & ('tier' | 'stage' | 'level'), codes: readonly string[]) => (
    <FilterSelect
      label={t(`fields.${kind}`)}
      value={filter[kind] ?? ''}
      onChange={(value) => onChange({ [kind]: value || null })}
      blank={t('portfolio.any')}
      options={enumOptions(kind, codes)}
    />
  );

  return (
    <div className="filter-bar" role="search" aria-label={t('portfolio.filtersLabel')}>
      <label className="filter filter-text">
        <span className="visually-hidden">{t('portfolio.searchLabel')}</span>
        <input
          type="search"
          className="input input-compact"
          placeholder={t('portfolio.searchPlaceholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      {select('tier', TIERS)}
      {select('stage', STAGES)}
      {select('level', LEVELS)}
      <FilterSelect
        label={t('fields.ownerId')}
        value={filter.ownerId ?? ''}
        onChange={(value) => onChange({ ownerId: value || null })}
        blank={t('portfolio.any')}
        options={members.options}
      />
      <FilterSelect
        label={t('inbox.health.filter')}
        value={filter.colour ?? ''}
        onChange={(value) => onChange({ colour: HEALTH_COLOURS.find((colour) => colour === value) ?? null })}
        blank={t('portfolio.any')}
        options={HEALTH_COLOURS.map((colour) => ({ value: colour, label: t(`health.colours.${colour}`) }))}
      />
      {isFiltered(filter) && (
        <button
          type="button"
          className="button button-quiet input-compact"
          onClick={() => {
            setText('');
            onChange({ text: '', tier: null, stage: null, level: null, ownerId: null, colour: null });
          }}
        >
          {t('portfolio.clearFilters')}
        </button>
      )}
    </div>
  );
}

function FirstRun({ onAdd }: { onAdd: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const toast = useToast();
  const failed = useErrorToast();
  const load = useDataChange(() => api['demo.load']({}));

  return (
    <div className="empty-state">
      <h2>{t('portfolio.emptyTitle')}</h2>
      <p>{t('portfolio.emptyBody')}</p>
      <div className="empty-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={load.isPending}
          onClick={() =>
            // Awaited, not told through mutate's callbacks: the job shows its accounts while it runs,
            // the portfolio then replaces this panel, and mutate's callbacks die with their component.
            load.mutateAsync(undefined).then(
              (counts) => toast(t('portfolio.demoLoaded', counts)),
              (error: unknown) => failed(error),
            )
          }
        >
          {load.isPending ? t('portfolio.loadingDemo') : t('portfolio.loadDemo')}
        </button>
        <button type="button" className="button" onClick={onAdd}>
          {t('portfolio.addAccount')}
        </button>
      </div>
    </div>
  );
}
