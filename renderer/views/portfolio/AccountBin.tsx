/**
 * Accounts in the bin, each with Restore and the date after which it can no longer be restored.
 * A restore the store refuses (past that date) shows the store's own words.
 */
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { BinExpiry, BinNotice } from '../../components/BinNotice';
import { useToast } from '../../components/Toasts';
import { useFormat } from '../../format';
import { useLocale } from '../../i18n';
import { useAccountChanges, useAccountList, type Account } from '../accountQueries';

export function AccountBin() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const format = useFormat();
  const toast = useToast();
  const list = useAccountList('deleted', locale);
  const { restore } = useAccountChanges();

  const restoreAccount = async (account: Account) => {
    try {
      const restored = await restore.mutateAsync(account);
      toast(t('accounts.restored', { name: restored.name }), { subject: restored.id });
    } catch (error) {
      toast(isApiError(error) ? error.message : t('errors.internal', { detail: String(error) }), { tone: 'error', subject: account.id });
    }
  };

  if (list.isError) {
    return (
      <div className="list-note" role="alert">
        <p>{isApiError(list.error) ? list.error.message : t('errors.internal', { detail: String(list.error) })}</p>
        <button type="button" className="button" onClick={() => void list.refetch()}>
          {t('app.retry')}
        </button>
      </div>
    );
  }
  if (!list.data) return <p className="list-note">{t('app.loading')}</p>;
  const notice = <BinNotice className="bin-notice account-bin-notice" />;
  if (list.data.length === 0)
    return (
      <>
        {notice}
        <p className="list-note">{t('accounts.emptyBin')}</p>
      </>
    );

  const busyId = restore.isPending ? restore.variables?.id : undefined;
  const now = Date.now();
  return (
    <>
      {notice}
      <ul className="account-list" aria-label={t('portfolio.tabs.bin')}>
        {list.data.map((account) => (
          <li key={account.id} className="account-row" data-deleted>
            <div className="account-main">
              <span className="account-name">{account.name}</span>
              <span className="account-meta">
                <time dateTime={account.deletedAt ?? undefined}>{t('accounts.deletedOn', { date: format.dateTime(account.deletedAt) })}</time>
                {' · '}
                <BinExpiry updatedAt={account.updatedAt} now={now} />
              </span>
            </div>
            <div className="account-actions">
              <button type="button" className="button" disabled={busyId === account.id} onClick={() => void restoreAccount(account)}>
                {t('accounts.restore')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
