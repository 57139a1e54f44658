/**
 * Settings → Backups: this laptop's verified backups (`backup.list`), one now (`backup.create`, a
 * job whose progress shows here and in the running jobs), and restoring one after a confirmation
 * (`backup.restoreFrom`). A restore replaces every table: every query is fetched again.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../../shared/backup';
import { useApi } from '../../api/context';
import { Dialog } from '../../components/Dialog';
import { ListState } from '../../components/LoadState';
import { Section } from '../../components/Section';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useLocale } from '../../i18n';
import { formatDateTime } from '../sync/format';
import { useJobs } from '../sync/syncQueries';

export const BACKUPS_KEY = ['backup.list'] as const;

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`);

export function BackupsSection() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const backups = useQuery({ queryKey: BACKUPS_KEY, queryFn: () => api['backup.list']({}) });
  const jobs = useJobs();
  const running = jobs.data?.find((job) => job.kind === 'backup');
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);
  const when = (backup: BackupInfo) => formatDateTime(backup.createdAt, locale);
  const errorToast = useErrorToast();
  const failed = (error: unknown) => errorToast(error, 'backups');

  const create = useMutation({
    mutationFn: () => api['backup.create']({}),
    onSuccess: (made) => {
      toast(t('backup.created', { when: when(made) }), { subject: 'backups' });
      void queryClient.invalidateQueries({ queryKey: BACKUPS_KEY });
    },
    onError: failed,
  });
  const restore = useMutation({
    mutationFn: (backup: BackupInfo) => api['backup.restoreFrom']({ id: backup.id }),
    onSuccess: (_result, backup) => {
      setRestoring(null);
      toast(t('backup.restored', { when: when(backup) }), { subject: 'backups' });
      // Every table was replaced: everything on screen is fetched again.
      void queryClient.invalidateQueries();
    },
    onError: (error) => {
      setRestoring(null);
      failed(error);
    },
  });

  return (
    <Section
      title={t('backup.title')}
      className="backups-section"
      actions={
        <button type="button" className="button" disabled={create.isPending || running !== undefined} onClick={() => create.mutate()}>
          {t('backup.create')}
        </button>
      }
    >
      <p className="settings-intro">{t('backup.intro')}</p>
      {running && (
        <p className="settings-intro" role="status">
          {t('backup.creating', { done: running.done, total: running.total })}
        </p>
      )}
      <ListState query={backups} noteClassName="list-note" errorClassName="list-note">
        {backups.data && backups.data.length === 0 && <p className="list-note">{t('backup.none')}</p>}
        {backups.data && backups.data.length > 0 && (
          <table className="backups-table">
            <thead>
              <tr>
                <th scope="col">{t('backup.columns.when')}</th>
                <th scope="col">{t('backup.columns.reason')}</th>
                <th scope="col">{t('backup.columns.size')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('backup.restore')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {backups.data.map((backup) => (
                <tr key={backup.id} data-backup-id={backup.id}>
                  <td>
                    <time dateTime={backup.createdAt}>{when(backup)}</time>
                  </td>
                  <td>{t(`backup.reason.${backup.reason}`)}</td>
                  <td>{size(backup.bytes)}</td>
                  <td>
                    <button type="button" className="button" disabled={restore.isPending} onClick={() => setRestoring(backup)}>
                      {t('backup.restore')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListState>
      {restoring && (
        <Dialog
          title={t('backup.confirmTitle', { when: when(restoring) })}
          size="small"
          description={t('backup.confirmText')}
          onClose={() => setRestoring(null)}
        >
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setRestoring(null)} data-autofocus>
              {t('backup.cancel')}
            </button>
            <button type="button" className="button button-danger" disabled={restore.isPending} onClick={() => restore.mutate(restoring)}>
              {t('backup.confirm')}
            </button>
          </div>
        </Dialog>
      )}
    </Section>
  );
}
