/**
 * Accounts in the bin, each with Restore and the date after which it can no longer be restored.
 * A restore the store refuses (past that date) shows the store's own words.
 */
import { useTranslation } from 'react-i18next';
import { BinExpiry, BinNotice } from '../../components/BinNotice';
import { ListState } from '../../components/LoadState';
import { useNow } from '../../components/useNow';
import { useFormat } from '../../format';
import { useLocale } from '../../i18n';
import { useAccountList } from '../accountQueries';
import { useRestoreFromBin } from '../queries';

export function AccountBin() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const format = useFormat();
  const now = useNow();
  const list = useAccountList('deleted', locale);
  const { restore, restoringId } = useRestoreFromBin();

  return (
    <>
      <BinNotice className="bin-notice account-bin-notice" />
      <ListState query={list} empty={t('accounts.emptyBin')} noteClassName="list-note">
        <ul className="account-list" aria-label={t('portfolio.tabs.bin')}>
          {(list.data ?? []).map((account) => (
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
                <button type="button" className="button" disabled={restoringId === account.id} onClick={() => void restore('accounts', account, account.name)}>
                  {t('accounts.restore')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      </ListState>
    </>
  );
}
