/**
 * Settings: the share folder this device syncs through (checked by the service: a full path to a
 * folder that exists and can be written), turning sync off, a round now, and this device's id.
 * There is no folder picker in browser mode, so the folder is typed as a full path.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { SyncConfigureInput } from '../../../shared/sync';
import { localizedErrorMap } from '../../../shared/validation';
import { isApiError } from '../../api/client';
import { useToast } from '../../components/Toasts';
import { useLocale, useTranslate } from '../../i18n';
import { showCallError, useRevalidateOnLanguageChange } from '../formErrors';
import { BackupsSection, HealthSettingsSection, MeSection, PersonalKeySection, WorkspaceSection } from '../settings';
import { RoleStrategiesSection } from '../team/RoleStrategiesSection';
import { TeamSection } from '../team/TeamSection';
import { formatDateTime } from './format';
import { useSyncNow, useSyncSettings, useSyncStatus, type SyncStatus } from './syncQueries';

/** The form edits a folder; "off" is its own button, so here the contract's field without null. */
const ShareFolderInput = z.object({ shareDir: SyncConfigureInput.shape.shareDir.unwrap() });

export function SettingsView() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const data = status.data;

  return (
    <main className="page" aria-labelledby="settings-title">
      <div className="page-heading">
        <h1 id="settings-title">{t('syncUi.settings.title')}</h1>
      </div>

      <section className="card sync-card" aria-labelledby="sync-settings-title">
        <h2 id="sync-settings-title" className="sync-card-title">
          {t('syncUi.settings.syncTitle')}
        </h2>
        <p className="sync-intro">{t('syncUi.settings.intro')}</p>
        {data ? (
          <>
            {/* A new folder (saved here or elsewhere) starts a fresh form showing it. */}
            <ShareFolderForm key={data.shareDir ?? ''} shareDir={data.shareDir} />
            <SyncFacts status={data} />
          </>
        ) : status.isError ? (
          <div className="list-note" role="alert">
            <p>{isApiError(status.error) ? status.error.message : t('errors.internal', { detail: String(status.error) })}</p>
            <button type="button" className="button" onClick={() => void status.refetch()}>
              {t('app.retry')}
            </button>
          </div>
        ) : (
          <p className="list-note">{t('app.loading')}</p>
        )}
      </section>

      {data && (
        <section className="card sync-card" aria-labelledby="sync-device-title">
          <h2 id="sync-device-title" className="sync-card-title">
            {t('syncUi.settings.deviceTitle')}
          </h2>
          <dl className="sync-facts">
            <dt>{t('syncUi.settings.deviceId')}</dt>
            <dd>
              <code className="sync-device-id">{data.deviceId}</code>
            </dd>
          </dl>
          <p className="sync-help">{t('syncUi.settings.deviceHelp')}</p>
        </section>
      )}

      <WorkspaceSection />
      <MeSection />
      <PersonalKeySection />
      <TeamSection />
      <RoleStrategiesSection />
      <HealthSettingsSection />
      <BackupsSection />
    </main>
  );
}

function ShareFolderForm({ shareDir }: { shareDir: string | null }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const toast = useToast();
  const configure = useSyncSettings();
  const syncNow = useSyncNow();
  const form = useForm({
    resolver: zodResolver(ShareFolderInput, { error: localizedErrorMap(translate) }),
    defaultValues: { shareDir: shareDir ?? '' },
  });
  useRevalidateOnLanguageChange(form, translate);
  const { errors, isSubmitting } = form.formState;
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const status = await configure.mutateAsync(values.shareDir);
      toast(t('syncUi.settings.saved', { path: status.shareDir ?? values.shareDir }), { subject: 'sync-settings' });
      // The first round with the new folder starts now rather than at the next scheduled one.
      syncNow.run();
    } catch (error) {
      // The service's "does not exist / cannot be written" is about the folder: show it under the field.
      if (isApiError(error) && error.code === 'validation' && error.issues.length === 0) {
        form.setError('shareDir', { type: 'server', message: error.message }, { shouldFocus: true });
      } else {
        showCallError(form, error, ['shareDir'], translate);
      }
    }
  });

  const turnOff = async () => {
    try {
      await configure.mutateAsync(null);
      toast(t('syncUi.settings.turnedOff'), { subject: 'sync-settings' });
    } catch (error) {
      toast(isApiError(error) ? error.message : t('errors.internal', { detail: String(error) }), { tone: 'error', subject: 'sync-settings' });
    }
  };

  return (
    <form className="create-form sync-form" onSubmit={onSubmit} noValidate>
      <label className="field-label" htmlFor={inputId}>
        {t('syncUi.settings.folderLabel')}
      </label>
      <div className="field-row">
        <input
          id={inputId}
          className="input sync-path"
          type="text"
          autoComplete="off"
          spellCheck={false}
          dir="ltr"
          aria-invalid={errors.shareDir ? true : undefined}
          aria-describedby={errors.shareDir ? `${errorId} ${hintId}` : hintId}
          {...form.register('shareDir')}
        />
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          {t('syncUi.settings.use')}
        </button>
      </div>
      {errors.shareDir && (
        <p id={errorId} className="field-error">
          {errors.shareDir.message}
        </p>
      )}
      <p id={hintId} className="sync-help">
        {t('syncUi.settings.folderHint')}
      </p>
      {errors.root?.server && (
        <p role="alert" className="form-error">
          {errors.root.server.message}
        </p>
      )}
      {shareDir === null ? (
        <p className="sync-help">{t('syncUi.settings.offNote')}</p>
      ) : (
        <div className="sync-actions">
          <button type="button" className="button" disabled={syncNow.running} onClick={syncNow.run}>
            {t('syncUi.bar.syncNow')}
          </button>
          <button type="button" className="button button-danger" disabled={configure.isPending} onClick={() => void turnOff()}>
            {t('syncUi.settings.turnOff')}
          </button>
        </div>
      )}
    </form>
  );
}

function SyncFacts({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const summary = status.lastSummary;
  return (
    <section className="sync-status" aria-labelledby="sync-status-title">
      <h3 id="sync-status-title" className="sync-subtitle">
        {t('syncUi.settings.statusTitle')}
      </h3>
      <dl className="sync-facts">
        <dt>{t('syncUi.settings.state')}</dt>
        <dd data-state={status.state}>
          {t(`syncUi.state.${status.state}`)}
          {status.state === 'error' && status.lastError && <span className="sync-error-detail">{status.lastError}</span>}
        </dd>
        <dt>{t('syncUi.settings.lastSync')}</dt>
        <dd>{status.lastSyncAt ? <time dateTime={status.lastSyncAt}>{formatDateTime(status.lastSyncAt, locale)}</time> : t('syncUi.settings.never')}</dd>
        {summary && (
          <>
            <dt>{t('syncUi.settings.lastRound')}</dt>
            <dd>{t('syncUi.settings.lastRoundText', { published: summary.published, applied: summary.applied, conflicts: summary.conflicts })}</dd>
          </>
        )}
        {summary?.purged !== undefined && summary.purged > 0 && (
          <>
            <dt>{t('syncUi.settings.purged')}</dt>
            <dd>{summary.purged}</dd>
          </>
        )}
        {summary?.acknowledged && (
          <>
            <dt>{t('syncUi.settings.acknowledged')}</dt>
            <dd>{t('syncUi.settings.acknowledgedText')}</dd>
          </>
        )}
        <dt>{t('syncUi.settings.pending')}</dt>
        <dd>{status.pendingLocal}</dd>
      </dl>
    </section>
  );
}
