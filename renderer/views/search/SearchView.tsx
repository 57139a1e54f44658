/**
 * Every hit of a search (#/search?q=…): what the header's popup shows the first few of. Each kind
 * has its own list with its total (exact up to 1,000) and "show more", page by page.
 */
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { SearchResult } from '../../../shared/domain';
import { useApi } from '../../api/context';
import { useFormat } from '../../format';
import { hitPath, searchTotal } from '../../components/GlobalSearch';

const PAGE = 50;
const KINDS = [
  { kind: 'account', group: 'accounts' },
  { kind: 'person', group: 'people' },
  { kind: 'touchpoint', group: 'touchpoints' },
] as const;
type Kind = (typeof KINDS)[number];

export function SearchView() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const query = (params.get('q') ?? '').trim();

  return (
    <main className="page" aria-labelledby="search-title">
      <div className="page-heading">
        <h1 id="search-title">{t('search.pageTitle')}</h1>
      </div>
      {/* Keyed by the query: a new search from the header starts the box over. */}
      <SearchForm key={query} query={query} />
      {query ? KINDS.map((k) => <KindResults key={k.kind} query={query} {...k} />) : <p className="section-empty">{t('search.typeSomething')}</p>}
    </main>
  );
}

function SearchForm({ query }: { query: string }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const [text, setText] = useState(query);
  return (
    <form
      className="filter-bar filter-bar-plain"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        setParams(text.trim() ? { q: text.trim() } : {});
      }}
    >
      <input type="search" className="input" aria-label={t('search.label')} value={text} maxLength={200} onChange={(event) => setText(event.target.value)} />
      <button type="submit" className="button">
        {t('search.submit')}
      </button>
    </form>
  );
}

function KindResults({ query, kind, group }: { query: string } & Kind) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const results = useInfiniteQuery({
    queryKey: ['search', query, kind],
    queryFn: ({ pageParam }) => api['search.query']({ text: query, limit: PAGE, offset: pageParam, kinds: [kind] }),
    initialPageParam: 0,
    // Offsets past 1,000 are not served: the total says "1,000+" and the user narrows the search.
    getNextPageParam: (last: SearchResult, pages) => {
      const shown = pages.length * PAGE;
      return last[group].length === PAGE && shown < last.totals[group].count && shown <= 1000 - PAGE ? shown : undefined;
    },
    placeholderData: keepPreviousData,
  });
  const pages = results.data?.pages ?? [];
  const hits = pages.flatMap((page) => page[group]);
  const total = pages[0]?.totals[group];
  const headingId = `search-${group}`;
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {t(`search.groups.${group}`)} {total && <span className="section-count">{searchTotal(t, hits.length, total, (n) => format.number(n))}</span>}
      </h2>
      {results.isError && <p className="form-error">{t('search.failed', { detail: (results.error as Error).message })}</p>}
      {results.isSuccess && hits.length === 0 && <p className="section-empty">{t('search.nothingOfKind', { text: query })}</p>}
      <ul className="plain-list search-page-list">
        {hits.map((hit) => (
          <li key={hit.id} className="plain-row">
            <Link to={hitPath(hit)} className="search-title">
              {hit.title}
            </Link>
            {hit.kind !== 'account' && <span className="search-account">{hit.accountName}</span>}
            {hit.snippet && hit.snippet !== hit.title && <span className="search-snippet">{hit.snippet}</span>}
          </li>
        ))}
      </ul>
      {results.hasNextPage && (
        <button type="button" className="button" disabled={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()}>
          {results.isFetchingNextPage ? t('search.loadingMore') : t('search.showMore')}
        </button>
      )}
    </section>
  );
}
