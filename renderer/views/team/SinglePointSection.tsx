/**
 * Single points of failure (handover.risk): on the team page, the members the team hangs on (key
 * people only they know, accounts where they hold most of the touchpoints); on the account page,
 * that account's score and why, with its handover pack.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListState } from '../../components/LoadState';
import { Section } from '../../components/Section';
import { useMembers } from '../queries';
import { riskLevel, useSinglePointRisk } from './handoverQueries';
import './handover.css';

function RiskBadge({ score }: { score: number }) {
  const { t } = useTranslation();
  const level = riskLevel(score);
  return (
    <span className="risk-badge" data-level={level} title={t('handover.risk.accountScore', { score })}>
      {t(`handover.risk.levels.${level}`)} · {score}
    </span>
  );
}

export function SinglePointSection() {
  const { t } = useTranslation();
  const risk = useSinglePointRisk();
  const members = risk.data?.members ?? [];
  return (
    <Section title={t('handover.risk.title')} className="risk-section">
      <p className="sync-intro">{t('handover.risk.intro')}</p>
      <ListState query={risk} count={members.length} empty={t('handover.risk.empty')}>
        <table className="data-table" aria-label={t('handover.risk.title')}>
          <thead>
            <tr>
              <th scope="col">{t('handover.risk.member')}</th>
              <th scope="col">{t('handover.risk.score')}</th>
              <th scope="col" className="numeric">
                {t('handover.risk.accounts')}
              </th>
              <th scope="col" className="numeric">
                {t('handover.risk.soleKeyPeople')}
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.memberId}>
                <th scope="row">{m.name}</th>
                <td>
                  <RiskBadge score={m.score} />
                </td>
                <td className="numeric">{m.accounts}</td>
                <td className="numeric">{m.soleKeyPeople}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListState>
    </Section>
  );
}

export function AccountSinglePointSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const risk = useSinglePointRisk(accountId);
  const members = useMembers();
  const account = risk.data?.accounts[0];
  return (
    <Section
      title={t('handover.risk.accountTitle')}
      className="risk-section"
      actions={
        <Link className="button button-small" to={`/accounts/${accountId}/handover`}>
          {t('handover.dialog.pack')}
        </Link>
      }
    >
      <ListState query={risk}>
        {account && account.score > 0 ? (
          <>
            <p>
              <RiskBadge score={account.score} />
            </p>
            <ul className="plain-list">
              {account.soleCovered.map((s) => (
                <li key={s.personId}>{t('handover.risk.soleCovered', { person: s.name, member: members.displayName(s.memberId) })}</li>
              ))}
              {account.topMemberId && account.topShare > 0.5 && account.touchpoints >= 3 && (
                <li>{t('handover.risk.topShare', { member: members.displayName(account.topMemberId), share: Math.round(account.topShare * 100) })}</li>
              )}
            </ul>
          </>
        ) : (
          <p className="muted">{t('handover.risk.accountOk')}</p>
        )}
      </ListState>
    </Section>
  );
}
