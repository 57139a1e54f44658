/** The portfolio's filter and sort, kept in the address (`#/?tier=key&sort=owner`) so Back returns to the same view. */
import { LEVELS, PORTFOLIO_SORTS, STAGES, TIERS, type PortfolioInput } from '../../../shared/domain';
import type { z } from 'zod';
import { HEALTH_COLOURS } from '../../../shared/health/schemas';

export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];
export type PortfolioFilter = Omit<z.output<typeof PortfolioInput>, 'offset' | 'limit'>;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null => values.find((v) => v === value) ?? null;

export function filterFromParams(params: URLSearchParams): PortfolioFilter {
  return {
    text: (params.get('q') ?? '').trim(),
    tier: oneOf(TIERS, params.get('tier')),
    stage: oneOf(STAGES, params.get('stage')),
    level: oneOf(LEVELS, params.get('level')),
    ownerId: params.get('owner') || null,
    colour: oneOf(HEALTH_COLOURS, params.get('health')),
    sort: oneOf(PORTFOLIO_SORTS, params.get('sort')) ?? 'name',
    descending: params.get('desc') === '1',
  };
}

/** The address parameters for a filter: defaults are left out, so the plain portfolio is `#/`. */
export function paramsFromFilter(filter: PortfolioFilter, base = new URLSearchParams()): URLSearchParams {
  const params = new URLSearchParams(base);
  const set = (key: string, value: string | null | undefined) => (value ? params.set(key, value) : params.delete(key));
  set('q', filter.text);
  set('tier', filter.tier);
  set('stage', filter.stage);
  set('level', filter.level);
  set('owner', filter.ownerId);
  set('health', filter.colour);
  set('sort', filter.sort === 'name' ? null : filter.sort);
  set('desc', filter.descending ? '1' : null);
  return params;
}

export function isFiltered(filter: PortfolioFilter): boolean {
  return !!(filter.text || filter.tier || filter.stage || filter.level || filter.ownerId || filter.colour);
}

/**
 * The sort after a click on a column header: the same column flips direction; a new one starts
 * ascending, except the last touchpoint, which starts with the most recent.
 */
export function nextSort(filter: PortfolioFilter, column: PortfolioSort): Pick<PortfolioFilter, 'sort' | 'descending'> {
  if (filter.sort === column) return { sort: column, descending: !filter.descending };
  return { sort: column, descending: column === 'lastTouchpoint' };
}
