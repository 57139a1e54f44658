/**
 * The sync line at the bottom of every page: when the last round ran, what waits to be shared,
 * a round's progress, the long jobs running, and what needs a look (conflicts, unreadable files,
 * a skewed clock). It follows the app's events (syncQueries.ts), never a poll. An unreachable
 * share is a plain state, not an error: work goes on and is saved on this computer.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { catalogs } from '../../../shared/i18n';
import { isApiError } from '../../api/client';
import { useLocale, useTranslate } from '../../i18n';
import { useNow } from '../../components/useNow';
import { formatDateTime, formatDuration, relativeTime, SKEW_WARNING_MS } from './format';
import { RunningJobs } from './RunningJobs';
import { useSyncNow, useSyncStatus, type SyncStatus } from './syncQueries';

export function SyncStatusBar() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const { run, running } = useSyncNow();
  const data = status.data;

  if (!data) {
    return (
      <footer className="sync-bar" aria-label={t('syncUi.bar.label')}>
        {status.isError && (
          <p className="sync-bar-state" data-tone="muted">
            {isApiError(status.error) ? status.error.message : t('errors.internal', { detail: String(status.error) })}
          </p>
        )}
      </footer>
    );
  }

  // A round started here shows as running at once, before its first event says so.
  const state = running && data.state !== 'off' ? 'syncing' : data.state;
  return (
    <footer className="sync-bar" aria-label={t('syncUi.bar.label')} data-state={state}>
      {/* One short word per state for screen readers; the visible line changes too often to announce. */}
      <span className="visually-hidden" aria-live="polite">
        {t(`syncUi.state.${state}`)}
      </span>
      <StateLine status={data} state={state} />
      <div className="sync-bar-items">
        <RunningJobs />
        <Attention status={data} />
        {state !== 'off' && (
          <button type="button" className="button sync-now" disabled={state === 'syncing'} onClick={run}>
            {t('syncUi.bar.syncNow')}
          </button>
        )}
      </div>
    </footer>
  );
}

function StateLine({ status, state }: { status: SyncStatus; state: SyncStatus['state'] }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { locale } = useLocale();
  const now = useNow(30_000);
  const hintId = useId();

  switch (state) {
    case 'off':
      return (
        <p className="sync-bar-state" data-tone="muted">
          <span className="sync-dot" aria-hidden="true" />
          <span>{t('syncUi.bar.off')}</span>
          <Link to="/settings" className="sync-link">
            {t('syncUi.bar.setUp')}
          </Link>
        </p>
      );
    case 'syncing': {
      const progress = status.progress;
      const phase = progress && Object.hasOwn(catalogs.en.sync.phase, progress.phase) ? translate(`sync.phase.${progress.phase}`) : progress?.phase;
      return (
        <p className="sync-bar-state" data-tone="active">
          <span className="sync-dot" aria-hidden="true" />
          <span>{t('syncUi.bar.syncing')}</span>
          <progress
            className="sync-progress"
            aria-label={t('syncUi.bar.progress')}
            max={progress && progress.total > 0 ? progress.total : undefined}
            value={progress && progress.total > 0 ? progress.done : undefined}
          />
          {progress && progress.total > 1 && (
            <span className="sync-bar-detail">{t('syncUi.bar.phase', { phase, done: progress.done, total: progress.total })}</span>
          )}
        </p>
      );
    }
    case 'unreachable':
      return (
        <p className="sync-bar-state" data-tone="calm" title={t('syncUi.bar.unreachableHint')} aria-describedby={hintId}>
          <span className="sync-dot" aria-hidden="true" />
          <span>{t('syncUi.bar.unreachable')}</span>
          <span id={hintId} className="visually-hidden">
            {t('syncUi.bar.unreachableHint')}
          </span>
          <LastSync status={status} />
        </p>
      );
    case 'error': {
      const detail = t('syncUi.bar.errorDetail', { detail: status.lastError ?? '' });
      return (
        <p className="sync-bar-state" data-tone="warning" title={detail}>
          <span className="sync-dot" aria-hidden="true" />
          <span>{t('syncUi.bar.error')}</span>
          <span className="visually-hidden">{detail}</span>
          <LastSync status={status} />
        </p>
      );
    }
    case 'idle':
      return (
        <p className="sync-bar-state" data-tone="ok">
          <span className="sync-dot" aria-hidden="true" />
          {status.lastSyncAt ? (
            <time dateTime={status.lastSyncAt} title={formatDateTime(status.lastSyncAt, locale)}>
              {t('syncUi.bar.synced', { when: relativeTime(status.lastSyncAt, now, locale, translate) })}
            </time>
          ) : (
            <span>{t('syncUi.bar.never')}</span>
          )}
        </p>
      );
  }
}

/** "· synced 5 minutes ago" after a state that is not "up to date", when there was a last sync. */
function LastSync({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { locale } = useLocale();
  const now = useNow(30_000);
  if (!status.lastSyncAt) return null;
  return (
    <time className="sync-bar-detail" dateTime={status.lastSyncAt} title={formatDateTime(status.lastSyncAt, locale)}>
      {t('syncUi.bar.lastSynced', { when: relativeTime(status.lastSyncAt, now, locale, translate) })}
    </time>
  );
}

/**
 * Every way sync cannot go on (brief SYNC.md point 15), each with since when and what to do: what
 * a user at a client site can act on, or read out to whoever looks after the share.
 */
function StuckList({ stuck }: { stuck: SyncStatus['stuck'] }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { locale } = useLocale();
  const now = useNow(30_000);
  return (
    <details className="sync-details">
      <summary className="sync-item" data-tone="warning">
        {t('syncUi.bar.stuck', { count: stuck.length })}
      </summary>
      <div className="sync-popover" role="region" aria-label={t('sync.stuck.title')}>
        <ul className="sync-stuck">
          {stuck.map((item) => (
            <li key={`${item.code}:${JSON.stringify(item.params)}`} data-code={item.code}>
              <p>
                <strong>{translate(`sync.stuck.${item.code}`, item.params)}</strong>{' '}
                <time dateTime={item.since} title={formatDateTime(item.since, locale)}>
                  ({t('sync.stuck.since', { when: relativeTime(item.since, now, locale, translate) })})
                </time>
              </p>
              <p>{translate(`sync.stuck.${item.code}Remedy`, item.params)}</p>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

/** What waits or needs a look; each item only while it applies. */
function Attention({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const skewed = Math.abs(status.clockSkewMs) > SKEW_WARNING_MS;
  const amount = formatDuration(status.clockSkewMs, locale);

  return (
    <>
      {status.state !== 'off' && status.pendingLocal > 0 && (
        // The count is of field changes (one new record is several), so it is in the hint, not on show.
        <span className="sync-item" title={t('syncUi.bar.pendingHint', { count: status.pendingLocal })}>
          <span className="sync-pending-mark" aria-hidden="true" />
          {t('syncUi.bar.pending')}
        </span>
      )}
      {status.openConflicts > 0 && (
        <Link to="/conflicts" className="sync-item sync-link" data-tone="warning">
          {t('syncUi.bar.conflicts', { count: status.openConflicts })}
        </Link>
      )}
      {status.stuck.length > 0 && <StuckList stuck={status.stuck} />}
      {status.lastSummary?.formatRecreated && (
        <span className="sync-item" title={t('sync.formatRecreated')}>
          {t('syncUi.bar.formatRecreated')}
        </span>
      )}
      {skewed && (
        <details className="sync-details">
          <summary className="sync-item" data-tone="warning" title={t('syncUi.bar.skewHelp', { amount })}>
            {t('syncUi.bar.skew', { amount })}
          </summary>
          <div className="sync-popover">
            <p>{t('syncUi.bar.skewHelp', { amount })}</p>
          </div>
        </details>
      )}
    </>
  );
}
