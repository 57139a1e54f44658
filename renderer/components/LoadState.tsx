/**
 * What a screen shows while its data is not there: why it failed (the service's words) with
 * Retry or the way back, “Loading…”, or the line saying a list has nothing in it.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTranslate } from '../i18n';
import { callErrorText } from '../views/formErrors';

/** The part of a TanStack Query result these read. */
export interface LoadingQuery {
  data: unknown;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** A load that failed: the reason, and Retry. */
export function LoadError({ error, retry, className = 'list-note' }: { error: unknown; retry: () => void; className?: string }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  return (
    <div className={className} role="alert">
      <p>{callErrorText(error, translate)}</p>
      <button type="button" className="button" onClick={retry}>
        {t('app.retry')}
      </button>
    </div>
  );
}

/**
 * A list's place on screen: its failure with Retry, “Loading…” until the query has data, `empty`
 * when there is nothing to show (`count`, by default the length of the query's data), else the list.
 * Without `empty` the list shows even when empty (a list of fixed rows, like the seven roles).
 * Saying “loading” rather than `empty` before the data is there keeps a list from claiming to be
 * empty for a moment on every visit.
 */
export function ListState({
  query,
  count,
  empty,
  noteClassName = 'section-empty',
  errorClassName,
  children,
}: {
  query: LoadingQuery;
  count?: number;
  empty?: string;
  /** The class of the loading and empty lines: `section-empty` in a section card, `list-note` in a page's list. */
  noteClassName?: string;
  errorClassName?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isError) return <LoadError error={query.error} retry={() => void query.refetch()} className={errorClassName} />;
  if (query.data === undefined) return <p className={noteClassName}>{t('app.loading')}</p>;
  if (empty !== undefined && (count ?? (Array.isArray(query.data) ? query.data.length : 1)) === 0) return <p className={noteClassName}>{empty}</p>;
  return children;
}

/** A record's page (an account, a person) before it can show the record: “Loading…”, or why not with the way back. */
export function RecordPageState({ query }: { query: Pick<LoadingQuery, 'isError' | 'error'> }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  return (
    <main className="page">
      {query.isError ? (
        <div className="card list-note" role="alert">
          <p>{callErrorText(query.error, translate)}</p>
          <Link className="button" to="/">
            {t('account.backToPortfolio')}
          </Link>
        </div>
      ) : (
        <p className="list-note">{t('app.loading')}</p>
      )}
    </main>
  );
}
