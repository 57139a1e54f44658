/**
 * One account, one tab per layer of the three-layer model (DOMAIN.md): organisation, key people,
 * touchpoints. The tab is part of the address (`#/accounts/<id>/people`), so a link or Back
 * lands on the same layer.
 */
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useToast } from '../../components/Toasts';
import { useEnumLabel } from '../../enums';
import { useAccountChanges, type Account } from '../accountQueries';
import { useMembers, useRecord } from '../queries';
import { useQuickLog } from '../touchpoints/QuickLog';
import { OrganisationTab } from './OrganisationTab';
import { PeopleTab } from './PeopleTab';
import { TouchpointsTab } from './TouchpointsTab';

export const LAYERS = ['organisation', 'people', 'touchpoints'] as const;
export type Layer = (typeof LAYERS)[number];

export function AccountView() {
  const { t } = useTranslation();
  const { accountId = '', layer } = useParams();
  const account = useRecord('accounts', accountId);
  const tabs = useRef(new Map<Layer, HTMLAnchorElement>());
  const navigate = useNavigate();

  const current = LAYERS.find((l) => l === layer);
  if (!current) return <Navigate to={`/accounts/${accountId}/organisation`} replace />;

  const onTabKey = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = LAYERS[(LAYERS.indexOf(current) + step + LAYERS.length) % LAYERS.length];
    if (!next) return;
    navigate(`/accounts/${accountId}/${next}`, { replace: true });
    tabs.current.get(next)?.focus();
  };

  if (account.isError) {
    return (
      <main className="page">
        <div className="card list-note" role="alert">
          <p>{isApiError(account.error) ? account.error.message : t('errors.internal', { detail: String(account.error) })}</p>
          <Link className="button" to="/">
            {t('account.backToPortfolio')}
          </Link>
        </div>
      </main>
    );
  }
  if (!account.data) {
    return (
      <main className="page">
        <p className="list-note">{t('app.loading')}</p>
      </main>
    );
  }

  return (
    <main className="page page-wide" aria-labelledby="account-title">
      <AccountHeader account={account.data} />
      {account.data.deletedAt !== null ? (
        <DeletedNotice account={account.data} />
      ) : (
        <>
          <div className="tabs layer-tabs" role="tablist" aria-label={t('account.layersLabel')} onKeyDown={onTabKey}>
            {LAYERS.map((option) => (
              <Link
                key={option}
                ref={(element) => {
                  if (element) tabs.current.set(option, element);
                  else tabs.current.delete(option);
                }}
                id={`layer-tab-${option}`}
                to={`/accounts/${accountId}/${option}`}
                replace
                role="tab"
                className="tab"
                aria-selected={option === current}
                aria-controls="layer-panel"
                tabIndex={option === current ? 0 : -1}
              >
                {t(`account.layers.${option}`)}
              </Link>
            ))}
          </div>
          <div id="layer-panel" role="tabpanel" className="layer-panel" aria-labelledby={`layer-tab-${current}`}>
            {current === 'organisation' && <OrganisationTab account={account.data} />}
            {current === 'people' && <PeopleTab account={account.data} />}
            {current === 'touchpoints' && <TouchpointsTab account={account.data} />}
          </div>
        </>
      )}
    </main>
  );
}

function AccountHeader({ account }: { account: Account }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const members = useMembers();
  const quickLog = useQuickLog();
  const toast = useToast();
  const navigate = useNavigate();
  const { remove, restore } = useAccountChanges();
  const owner = members.nameOf(account.ownerId);

  const deleteAccount = async () => {
    try {
      const deleted = await remove.mutateAsync(account);
      navigate('/');
      toast(t('accounts.deleted', { name: deleted.name }), {
        subject: deleted.id,
        action: {
          label: t('common.undo'),
          run: () =>
            void restore
              .mutateAsync(deleted)
              .then((restored) => toast(t('accounts.restored', { name: restored.name }), { subject: restored.id }))
              .catch((error: unknown) => toast(isApiError(error) ? error.message : String(error), { tone: 'error', subject: deleted.id })),
        },
      });
    } catch (error) {
      toast(isApiError(error) ? error.message : t('errors.internal', { detail: String(error) }), { tone: 'error', subject: account.id });
    }
  };

  return (
    <div className="record-header">
      <nav className="breadcrumb" aria-label={t('account.breadcrumb')}>
        <Link to="/">{t('nav.portfolio')}</Link>
        <span aria-hidden="true"> / </span>
      </nav>
      <div className="record-title-row">
        <div className="record-title">
          <h1 id="account-title">{account.name}</h1>
          <div className="record-facts">
            <span className="tier-badge" data-tier={account.tier}>
              {enumLabel('tier', account.tier)}
            </span>
            <span className="badge">{enumLabel('stage', account.stage)}</span>
            <span className="badge">{enumLabel('level', account.level)}</span>
            {owner && <span className="fact">{t('account.ownedBy', { name: owner })}</span>}
            {account.aliases.length > 0 && <span className="fact">{t('account.aka', { aliases: account.aliases.join(' · ') })}</span>}
          </div>
        </div>
        {account.deletedAt === null && (
          <div className="record-actions">
            <Link className="button" to={`/accounts/${account.id}/map`}>
              {t('map.title')}
            </Link>
            <button type="button" className="button button-primary" onClick={() => quickLog({ accountId: account.id })}>
              {t('quickLog.open')}
            </button>
            <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => void deleteAccount()}>
              {t('account.delete')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function DeletedNotice({ account }: { account: Account }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { restore } = useAccountChanges();
  return (
    <div className="card list-note">
      <p>{t('account.inBin')}</p>
      <button
        type="button"
        className="button"
        disabled={restore.isPending}
        onClick={() =>
          void restore
            .mutateAsync(account)
            .then((restored) => toast(t('accounts.restored', { name: restored.name }), { subject: restored.id }))
            .catch((error: unknown) => toast(isApiError(error) ? error.message : String(error), { tone: 'error', subject: account.id }))
        }
      >
        {t('accounts.restore')}
      </button>
    </div>
  );
}
