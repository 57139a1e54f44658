/**
 * One account, one tab per layer of the three-layer model (DOMAIN.md): organisation, key people,
 * touchpoints. The tab is part of the address (`#/accounts/<id>/people`), so a link or Back
 * lands on the same layer.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { RecordPageState } from '../../components/LoadState';
import { useTabKeys } from '../../components/useTabKeys';
import { useEnumLabel } from '../../enums';
import { AccountHealthBadge } from '../inbox';
import type { Account } from '../accountQueries';
import { useMembers, useMoveToBin, useRecord, useRestoreFromBin } from '../queries';
import { useQuickLog } from '../touchpoints/QuickLog';
import { OrganisationTab } from './organisation/OrganisationTab';
import { PeopleTab } from './PeopleTab';
import { SignalsTab } from './signals/SignalsTab';
import { TouchpointsTab } from './TouchpointsTab';

export const LAYERS = ['organisation', 'people', 'touchpoints', 'signals'] as const;
export type Layer = (typeof LAYERS)[number];

export function AccountView() {
  const { t } = useTranslation();
  const { accountId = '', layer } = useParams();
  const account = useRecord('accounts', accountId);
  const navigate = useNavigate();
  const current = LAYERS.find((l) => l === layer);
  const tabs = useTabKeys(LAYERS, current ?? 'organisation', (next) => navigate(`/accounts/${accountId}/${next}`, { replace: true }));

  if (!current) return <Navigate to={`/accounts/${accountId}/organisation`} replace />;
  if (account.isError || !account.data) return <RecordPageState query={account} />;

  return (
    <main className="page page-wide" aria-labelledby="account-title">
      <AccountHeader account={account.data} />
      {account.data.deletedAt !== null ? (
        <DeletedNotice account={account.data} />
      ) : (
        <>
          <div className="tabs layer-tabs" role="tablist" aria-label={t('account.layersLabel')} onKeyDown={tabs.onKeyDown}>
            {LAYERS.map((option) => (
              <Link
                key={option}
                ref={tabs.tabRef(option)}
                id={`layer-tab-${option}`}
                to={`/accounts/${accountId}/${option}`}
                replace
                role="tab"
                className="tab"
                aria-selected={option === current}
                aria-controls="layer-panel"
                tabIndex={option === current ? 0 : -1}
              >
                {option === 'signals' ? t('signals.tab') : t(`account.layers.${option}`)}
              </Link>
            ))}
          </div>
          <div id="layer-panel" role="tabpanel" className="layer-panel" aria-labelledby={`layer-tab-${current}`}>
            {current === 'organisation' && <OrganisationTab account={account.data} />}
            {current === 'people' && <PeopleTab account={account.data} />}
            {current === 'touchpoints' && <TouchpointsTab account={account.data} />}
            {current === 'signals' && <SignalsTab account={account.data} />}
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
  const moveToBin = useMoveToBin();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const owner = members.nameOf(account.ownerId);

  const deleteAccount = async () => {
    setDeleting(true);
    const moved = await moveToBin('accounts', account, account.name);
    setDeleting(false);
    if (moved) navigate('/');
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
            {account.deletedAt === null && <AccountHealthBadge accountId={account.id} accountName={account.name} />}
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
            <Link className="button" to={`/accounts/${account.id}/plan`}>
              {t('plan.open')}
            </Link>
            <button type="button" className="button button-primary" onClick={() => quickLog({ accountId: account.id })}>
              {t('quickLog.open')}
            </button>
            <button type="button" className="button button-danger" disabled={deleting} onClick={() => void deleteAccount()}>
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
  const { restore, restoringId } = useRestoreFromBin();
  return (
    <div className="card list-note">
      <p>{t('account.inBin')}</p>
      <button type="button" className="button" disabled={restoringId === account.id} onClick={() => void restore('accounts', account, account.name)}>
        {t('accounts.restore')}
      </button>
    </div>
  );
}
