import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../api/client';
import { useToast } from '../components/Toasts';
import { useLocale } from '../i18n';
import { AccountCreateForm } from './AccountCreateForm';
import { AccountRow } from './AccountRow';
import { ACCOUNT_LIST_STATES, useAccountChanges, useAccountList, type Account, type AccountListState } from './accountQueries';

function listStateOf(value: string | null): AccountListState {
  return ACCOUNT_LIST_STATES.find((state) => state === value) ?? 'active';
}

export function AccountsView() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const state = listStateOf(params.get('show'));
  const list = useAccountList(state, locale);
  const { remove, restore } = useAccountChanges();
  const tabs = useRef(new Map<AccountListState, HTMLButtonElement>());

  const show = (next: AccountListState, focus = false) => {
    setParams(next === 'active' ? {} : { show: next }, { replace: true });
    if (focus) tabs.current.get(next)?.focus();
  };

  const onTabKey = (event: KeyboardEvent) => {
    const index = ACCOUNT_LIST_STATES.indexOf(state);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = ACCOUNT_LIST_STATES[(index + step + ACCOUNT_LIST_STATES.length) % ACCOUNT_LIST_STATES.length];
    if (next) show(next, true);
  };

  const reportFailure = (account: Account, error: unknown) =>
    toast(isApiError(error) ? error.message : t('errors.internal', { detail: String(error) }), { tone: 'error', subject: account.id });

  // These run here, not in the row: the row is gone once the list refreshes, and Undo outlives it.
  const restoreAccount = async (account: Account) => {
    try {
      const restored = await restore.mutateAsync(account);
      toast(t('accounts.restored', { name: restored.name }), { subject: restored.id });
    } catch (error) {
      reportFailure(account, error);
    }
  };
  const deleteAccount = async (account: Account) => {
    try {
      const deleted = await remove.mutateAsync(account);
      toast(t('accounts.deleted', { name: deleted.name }), {
        subject: deleted.id,
        action: { label: t('accounts.undo'), run: () => void restoreAccount(deleted) },
      });
    } catch (error) {
      reportFailure(account, error);
    }
  };
  const busyId = remove.isPending ? remove.variables?.id : restore.isPending ? restore.variables?.id : undefined;

  const accounts = list.data ?? [];

  return (
    <main className="page" aria-labelledby="accounts-title">
      <div className="page-heading">
        <h1 id="accounts-title">{t('accounts.title')}</h1>
      </div>

      <section className="card">
        <AccountCreateForm onCreated={() => state === 'deleted' && show('active')} />
      </section>

      <section className="card list-card">
        <div className="list-toolbar">
          <div className="tabs" role="tablist" aria-label={t('fields.state')} onKeyDown={onTabKey}>
            {ACCOUNT_LIST_STATES.map((option) => (
              <button
                key={option}
                ref={(element) => {
                  if (element) tabs.current.set(option, element);
                  else tabs.current.delete(option);
                }}
                id={`accounts-tab-${option}`}
                type="button"
                role="tab"
                className="tab"
                aria-selected={option === state}
                aria-controls="accounts-panel"
                tabIndex={option === state ? 0 : -1}
                onClick={() => show(option)}
              >
                {t(`accounts.show.${option}`)}
              </button>
            ))}
          </div>
          {list.data && <span className="list-count">{t('accounts.count', { count: accounts.length })}</span>}
        </div>

        <div id="accounts-panel" role="tabpanel" aria-labelledby={`accounts-tab-${state}`} aria-busy={list.isFetching}>
          {list.isError && (
            <div className="list-note" role="alert">
              <p>{isApiError(list.error) ? list.error.message : t('errors.internal', { detail: String(list.error) })}</p>
              <button type="button" className="button" onClick={() => void list.refetch()}>
                {t('app.retry')}
              </button>
            </div>
          )}
          {list.data === undefined ? (
            !list.isError && <p className="list-note">{t('app.loading')}</p>
          ) : accounts.length === 0 ? (
            <p className="list-note">{state === 'deleted' ? t('accounts.emptyBin') : t('accounts.empty')}</p>
          ) : (
            <ul className="account-list">
              {accounts.map((account) => (
                <AccountRow
                  key={account.id}
                  account={account}
                  markDeleted={state === 'all'}
                  busy={busyId === account.id}
                  onDelete={(target) => void deleteAccount(target)}
                  onRestore={(target) => void restoreAccount(target)}
                />
              ))}
            </ul>
          )}
        </div>
      </section>
    </main>
  );
}
