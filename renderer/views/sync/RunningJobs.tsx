/**
 * The long jobs running now (loading sample data…), in the status bar: what, how far, and Stop.
 * Their progress comes by `job.progress` events (syncQueries.ts); a stopped job keeps what it did,
 * and the call that started it says so.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format';
import { useCancelJob, useJobs } from './syncQueries';

export function RunningJobs() {
  const { t } = useTranslation();
  const format = useFormat();
  const jobs = useJobs();
  const cancel = useCancelJob();
  // Asked to stop, until the job's last event takes it off the list (its chunk in progress ends first).
  const [stopping, setStopping] = useState<readonly string[]>([]);
  const running = jobs.data ?? [];
  if (running.length === 0) return null;
  return (
    <ul className="sync-jobs" aria-label={t('jobs.label')}>
      {running.map((job) => {
        const what = t(`jobs.kind.${job.kind}`);
        const asked = stopping.includes(job.id);
        return (
          <li key={job.id} className="sync-item" data-job={job.kind}>
            <span>{what}</span>
            <progress className="sync-progress" aria-label={what} max={job.total > 0 ? job.total : undefined} value={job.total > 0 ? job.done : undefined} />
            <span className="sync-bar-detail">{t('jobs.progress', { done: format.number(job.done), total: format.number(job.total) })}</span>
            <button
              type="button"
              className="button sync-job-stop"
              disabled={asked}
              aria-label={t('jobs.stopLabel', { what })}
              onClick={() => {
                setStopping((ids) => [...ids, job.id]);
                cancel.mutate(job.id, { onError: () => setStopping((ids) => ids.filter((id) => id !== job.id)) });
              }}
            >
              {asked ? t('jobs.stopping') : t('jobs.stop')}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
