/**
 * Settings › Workspace: the encrypted share (docs/security.md). On a share in clear: create the
 * workspace (the recovery key is shown once, here, until the user says it is written down). On an
 * encrypted share this device has not joined: join with an invitation code or the recovery key.
 * Enrolled: make an invitation code, see the member devices, remove one (a new key).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Section } from '../../components/Section';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useLocale } from '../../i18n';
import { formatDateTime } from '../sync/format';
import { useSyncStatus } from '../sync/syncQueries';
import { useWorkspace, useWorkspaceCalls, type WorkspaceStatus } from './workspaceQueries';

export function WorkspaceSection() {
  const { t } = useTranslation();
  const sync = useSyncStatus().data;
  const shareDir = sync?.shareDir;
  const status = useWorkspace(shareDir, sync?.lastSyncAt);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const data = status.data;
  useEncryptNewShare(shareDir, data, setRecoveryKey);

  return (
    <Section title={t('workspace.title')} className="workspace-section">
      <p className="settings-intro">{t('workspace.intro')}</p>
      {recoveryKey && <RecoveryKey value={recoveryKey} onDone={() => setRecoveryKey(null)} />}
      {!data ? null : data.shareDir === null ? (
        <p className="section-empty">{t('workspace.noShare')}</p>
      ) : data.enrolled ? (
        <Enrolled status={data} />
      ) : data.shareEncrypted ? (
        <>
          <p className="workspace-state" data-state="not-enrolled">
            {t('workspace.notEnrolled')}
          </p>
          <JoinForm />
        </>
      ) : (
        <>
          <p className="workspace-state" data-state="plain">
            {t('workspace.plain')}
          </p>
          <CreateButton onCreated={setRecoveryKey} />
        </>
      )}
    </Section>
  );
}

/**
 * A new share is encrypted by default in the app: when the folder is changed here to one nothing
 * was written to yet, the workspace is created at once and its recovery key shown. Only on a
 * change made while Settings is open (an explicit choice of folder), never on opening the page.
 */
function useEncryptNewShare(shareDir: string | null | undefined, data: WorkspaceStatus | undefined, onCreated: (key: string) => void) {
  const failed = useErrorToast();
  const { create } = useWorkspaceCalls();
  const first = useRef<string | null | undefined>(undefined);
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (shareDir === undefined) return;
    if (first.current === undefined) first.current = shareDir; // the folder Settings opened with
    if (shareDir === first.current || !data || data.shareDir !== shareDir || done.current === shareDir) return;
    if (!data.shareNew || data.enrolled || data.shareEncrypted) return;
    done.current = shareDir;
    create.mutateAsync().then(
      (created) => onCreated(created.recoveryKey),
      (error: unknown) => failed(error, 'workspace'),
    );
  }, [shareDir, data, create, failed, onCreated]);
}

function CreateButton({ onCreated }: { onCreated: (key: string) => void }) {
  const { t } = useTranslation();
  const failed = useErrorToast();
  const { create } = useWorkspaceCalls();
  return (
    <button
      type="button"
      className="button button-primary"
      disabled={create.isPending}
      onClick={() =>
        void create.mutateAsync().then(
          (created) => onCreated(created.recoveryKey),
          (error: unknown) => failed(error, 'workspace'),
        )
      }
    >
      {create.isPending ? t('workspace.creating') : t('workspace.create')}
    </button>
  );
}

function RecoveryKey({ value, onDone }: { value: string; onDone: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section className="workspace-secret" aria-labelledby={titleId}>
      <h3 id={titleId} className="sync-subtitle">
        {t('workspace.recoveryTitle')}
      </h3>
      <code className="workspace-code" data-testid="recovery-key">
        {value}
      </code>
      <p className="sync-help">{t('workspace.recoveryText')}</p>
      <button type="button" className="button" onClick={onDone}>
        {t('workspace.recoveryDone')}
      </button>
    </section>
  );
}

function JoinForm() {
  const { t } = useTranslation();
  const toast = useToast();
  const failed = useErrorToast();
  const { join } = useWorkspaceCalls();
  const [text, setText] = useState('');
  const inputId = useId();
  return (
    <form
      className="field-row workspace-join"
      onSubmit={(event) => {
        event.preventDefault();
        if (!text.trim()) return;
        void join.mutateAsync(text.trim()).then(
          () => {
            setText('');
            toast(t('workspace.joined'), { subject: 'workspace' });
          },
          (error: unknown) => failed(error, 'workspace'),
        );
      }}
    >
      <label className="field-label" htmlFor={inputId}>
        {t('workspace.joinLabel')}
      </label>
      <input
        id={inputId}
        className="input workspace-code-input"
        type="text"
        autoComplete="off"
        spellCheck={false}
        dir="ltr"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button button-primary" disabled={join.isPending || !text.trim()}>
        {t('workspace.join')}
      </button>
    </form>
  );
}

function Enrolled({ status }: { status: WorkspaceStatus }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const toast = useToast();
  const failed = useErrorToast();
  const { invite, remove } = useWorkspaceCalls();
  const [code, setCode] = useState<{ code: string; expires: string } | null>(null);
  return (
    <>
      <p className="workspace-state" data-state="enrolled">
        {t('workspace.enrolled', { workspace: status.workspace })}
      </p>
      <div className="sync-actions">
        <button
          type="button"
          className="button"
          disabled={invite.isPending}
          onClick={() => void invite.mutateAsync().then(setCode, (error: unknown) => failed(error, 'workspace'))}
        >
          {t('workspace.invite')}
        </button>
      </div>
      {code && (
        <div className="workspace-secret">
          <code className="workspace-code" data-testid="invite-code">
            {code.code}
          </code>
          <p className="sync-help">{t('workspace.inviteText', { expires: formatDateTime(code.expires, locale) })}</p>
        </div>
      )}
      <h3 className="sync-subtitle">{t('workspace.devices')}</h3>
      <ul className="workspace-devices">
        {status.devices.map((d) => (
          <li key={d.device} data-removed={d.removed || undefined}>
            {/* One text with "(this device)": the device's id alone is what the device card above shows. */}
            <span className="workspace-device">{d.me ? `${d.device} ${t('workspace.thisDevice')}` : d.device}</span>
            {d.removed && <span className="workspace-removed">{t('workspace.removed')}</span>}
            {!d.me && !d.removed && (
              <button
                type="button"
                className="button button-small button-danger"
                disabled={remove.isPending}
                onClick={() => {
                  if (!window.confirm(t('workspace.removeConfirm', { device: d.device }))) return;
                  void remove.mutateAsync(d.device).then(
                    () => toast(t('workspace.removedDone', { device: d.device }), { subject: 'workspace' }),
                    (error: unknown) => failed(error, 'workspace'),
                  );
                }}
              >
                {t('workspace.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
