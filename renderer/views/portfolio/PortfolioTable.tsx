/**
 * Every account of the portfolio in one scrolling table. Only the rows on screen are in the DOM
 * (@tanstack/react-virtual), and rows are fetched a page at a time for the part of the list the
 * reader is looking at, so 10,000 accounts scroll like 30: dragging the scrollbar to the middle
 * fetches the middle page, not everything above it.
 */
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { PortfolioRow } from '../../../shared/domain';
import { useApi } from '../../api/context';
import { useEnumLabel } from '../../enums';
import { useFormat } from '../../format';
import { useLocale } from '../../i18n';
import { HealthDot, parseReason } from '../inbox/healthWords';
import type { PortfolioFilter, PortfolioSort } from './portfolioFilter';

export const PAGE_SIZE = 100;
const ROW_HEIGHT = 40;

type Column = { key: string; sort?: PortfolioSort; numeric?: boolean; labelKey?: 'inbox.health.column' };
const COLUMNS: Column[] = [
  { key: 'name', sort: 'name' },
  { key: 'health', sort: 'health', labelKey: 'inbox.health.column' },
  { key: 'tier', sort: 'tier' },
  { key: 'stage', sort: 'stage' },
  { key: 'level', sort: 'level' },
  { key: 'owner', sort: 'owner' },
  { key: 'lastTouchpoint', sort: 'lastTouchpoint' },
  { key: 'people', numeric: true },
];

export const portfolioKey = (filter: PortfolioFilter, locale: string, page: number) => ['portfolio', locale, filter, page] as const;

/** The total for a filter (from its first page): the view needs it for its count and empty states. */
export function usePortfolioTotal(filter: PortfolioFilter) {
  const api = useApi();
  const { locale } = useLocale();
  return useQuery({
    queryKey: portfolioKey(filter, locale, 0),
    queryFn: () => api['portfolio.list']({ ...filter, offset: 0, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
}

export function PortfolioTable({ filter, total, onSort }: { filter: PortfolioFilter; total: number; onSort: (column: PortfolioSort) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const enumLabel = useEnumLabel();
  const format = useFormat();
  const scrollRef = useRef<HTMLDivElement>(null);

  // The virtualizer is one mutable object whose methods answer differently after each scroll, so
  // nothing derived from it may be memoized: this component reads it afresh on every render (a
  // scroll re-renders it) and memoizes only plain values (the page numbers). That is what the
  // React Compiler's lint, react-hooks/incompatible-library, warns about for this call.
  // eslint-disable-next-line react-hooks/incompatible-library -- see the comment above
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();

  // A new filter or sort starts at the top.
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filterKey]);

  const pageIndexes = useMemo(() => [...new Set(items.map((item) => Math.floor(item.index / PAGE_SIZE)))], [items]);
  const pages = useQueries({
    queries: pageIndexes.map((page) => ({
      queryKey: portfolioKey(filter, locale, page),
      queryFn: () => api['portfolio.list']({ ...filter, offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
    })),
  });
  const rowAt = (index: number): PortfolioRow | undefined => {
    const slot = pageIndexes.indexOf(Math.floor(index / PAGE_SIZE));
    return pages[slot]?.data?.rows[index % PAGE_SIZE];
  };

  const open = (row: PortfolioRow) => navigate(`/accounts/${row.id}/organisation`);

  return (
    <div role="table" className="grid-table portfolio-table" aria-label={t('portfolio.tableLabel')} aria-rowcount={total + 1}>
      <div role="rowgroup" className="grid-head">
        <div role="row" className="grid-row" aria-rowindex={1}>
          {COLUMNS.map((column) => {
            const label = column.labelKey ? t(column.labelKey) : t(`portfolio.columns.${column.key}` as 'portfolio.columns.name');
            const sorted = column.sort && filter.sort === column.sort;
            return (
              <div
                key={column.key}
                role="columnheader"
                className="grid-cell"
                data-numeric={column.numeric || undefined}
                aria-sort={sorted ? (filter.descending ? 'descending' : 'ascending') : column.sort ? 'none' : undefined}
              >
                {column.sort ? (
                  <button type="button" className="sort-button" onClick={() => column.sort && onSort(column.sort)}>
                    {label}
                    <span className="sort-mark" aria-hidden="true">
                      {sorted ? (filter.descending ? '↓' : '↑') : ''}
                    </span>
                  </button>
                ) : (
                  label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} role="rowgroup" className="grid-scroll" tabIndex={0} aria-label={t('portfolio.rowsLabel')}>
        <div className="grid-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                role="row"
                className="grid-row grid-body-row"
                aria-rowindex={item.index + 2}
                data-loading={row ? undefined : true}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={row ? () => open(row) : undefined}
              >
                {row ? (
                  <>
                    <div role="cell" className="grid-cell cell-name">
                      <Link to={`/accounts/${row.id}/organisation`} onClick={(event) => event.stopPropagation()}>
                        {row.name}
                      </Link>
                    </div>
                    <div role="cell" className="grid-cell">
                      <HealthDot colour={row.healthColour} score={row.healthScore} reason={parseReason(row.healthReason)} />
                    </div>
                    <div role="cell" className="grid-cell">
                      <span className="tier-badge" data-tier={row.tier}>
                        {enumLabel('tier', row.tier)}
                      </span>
                    </div>
                    <div role="cell" className="grid-cell">
                      {enumLabel('stage', row.stage)}
                    </div>
                    <div role="cell" className="grid-cell">
                      {enumLabel('level', row.level)}
                    </div>
                    <div role="cell" className="grid-cell">
                      {row.ownerName ?? <span className="muted">{t('portfolio.noOwner')}</span>}
                    </div>
                    <div role="cell" className="grid-cell">
                      {row.lastTouchpointAt ? (
                        <time dateTime={row.lastTouchpointAt}>{format.day(row.lastTouchpointAt)}</time>
                      ) : (
                        <span className="muted">{t('portfolio.noTouchpoint')}</span>
                      )}
                    </div>
                    <div role="cell" className="grid-cell" data-numeric>
                      {format.number(row.people)}
                    </div>
                  </>
                ) : (
                  <div role="cell" className="grid-cell muted">
                    {t('app.loading')}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
