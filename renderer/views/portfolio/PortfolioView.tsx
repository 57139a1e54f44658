/**
 * The home screen: every account with its tier, stage, relationship level, owner, last touchpoint
 * and head count; filters, sortable columns and a name search; the bin; and, on a first run, a
 * way to start (sample data, or the first account).
 */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { LEVELS, STAGES, TIERS } from '../../../shared/domain';
import { isApiError } from '../../api/client';
import { useApi } from '../../api/context';
import { Dialog } from '../../components/Dialog';
import { useToast } from '../../components/Toasts';
import { useEnumOptions, type EnumKind } from '../../enums';
import { AccountCreateForm } from '../AccountCreateForm';
import { useMembers, useRefreshData } from '../queries';
import { AccountBin } from './AccountBin';
import { filterFromParams, isFiltered, nextSort, paramsFromFilter, type PortfolioFilter } from './portfolioFilter';
import { PortfolioTable, usePortfolioTotal } from './PortfolioTable';

const VIEWS = ['active', 'bin'] as const;
type View = (typeof VIEWS)[number];

export function PortfolioView() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('show') === 'bin' ? 'bin' : 'active';
  const filter = filterFromParams(params);
  const [creating, setCreating] = useState(false);
  const tabs = useRef(new Map<View, HTMLButtonElement>());
  const totalQuery = usePortfolioTotal(filter);
  const total = totalQuery.data?.total;

  const setFilter = (next: Partial<PortfolioFilter>) => setParams(paramsFromFilter({ ...filter, ...next }, params), { replace: true });
  const show = (next: View, focus = false) => {
    const nextParams = new URLSearchParams(params);
    if (next === 'bin') nextParams.set('show', 'bin');
    else nextParams.delete('show');
    setParams(nextParams, { replace: true });
    if (focus) tabs.current.get(next)?.focus();
  };
  const onTabKey = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = VIEWS[(VIEWS.indexOf(view) + step + VIEWS.length) % VIEWS.length];
    if (next) show(next, true);
  };

  const firstRun = view === 'active' && total === 0 && !isFiltered(filter) && !totalQuery.isPlaceholderData;

  return (
    <main className="page page-wide" aria-labelledby="portfolio-title">
      <div className="page-heading page-heading-row">
        <h1 id="portfolio-title">{t('portfolio.title')}</h1>
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          {t('portfolio.addAccount')}
        </button>
      </div>

      <section className="card list-card">
        <div className="list-toolbar">
          <div className="tabs" role="tablist" aria-label={t('portfolio.viewsLabel')} onKeyDown={onTabKey}>
            {VIEWS.map((option) => (
              <button
                key={option}
                ref={(element) => {
                  if (element) tabs.current.set(option, element);
                  else tabs.current.delete(option);
                }}
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
                <div className="list-note" role="alert">
                  <p>{isApiError(totalQuery.error) ? totalQuery.error.message : t('errors.internal', { detail: String(totalQuery.error) })}</p>
                  <button type="button" className="button" onClick={() => void totalQuery.refetch()}>
                    {t('app.retry')}
                  </button>
                </div>
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

  // The address follows the typing after a pause, so each key does not refetch.
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => {
    if (text.trim() === filter.text) return;
    const timer = window.setTimeout(() => onChangeRef.current({ text: text.trim() }), 250);
    return () => window.clearTimeout(timer);
  }, [text, filter.text]);

  const select = (kind: EnumKind & ('tier' | 'stage' | 'level'), codes: readonly string[]) => (
    <label className="filter">
      <span className="filter-label">{t(`fields.${kind}`)}</span>
      <select className="input select input-compact" value={filter[kind] ?? ''} onChange={(event) => onChange({ [kind]: event.target.value || null })}>
        <option value="">{t('portfolio.any')}</option>
        {enumOptions(kind, codes).map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
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
      <label className="filter">
        <span className="filter-label">{t('fields.ownerId')}</span>
        <select className="input select input-compact" value={filter.ownerId ?? ''} onChange={(event) => onChange({ ownerId: event.target.value || null })}>
          <option value="">{t('portfolio.any')}</option>
          {members.active.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </select>
      </label>
      {isFiltered(filter) && (
        <button
          type="button"
          className="button button-quiet input-compact"
          onClick={() => {
            setText('');
            onChange({ text: '', tier: null, stage: null, level: null, ownerId: null });
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
  const refresh = useRefreshData();
  const load = useMutation({ mutationFn: () => api['demo.load']({}), onSuccess: refresh });

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
            load.mutate(undefined, {
              onSuccess: (counts) => toast(t('portfolio.demoLoaded', counts)),
              onError: (error) => toast(isApiError(error) ? error.message : t('errors.internal', { detail: String(error) }), { tone: 'error' }),
            })
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
