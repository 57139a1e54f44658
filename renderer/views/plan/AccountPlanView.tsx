/**
 * The account plan (#/accounts/<id>/plan): one printable page for a review or a handover — the
 * organisation level and agreements, the decision chain drawn as on the map with the key people's
 * roles and strategies, health and its reasons, and the plan: open alerts and next steps. The
 * desktop app saves it as a PDF (Chromium's printToPDF); a browser prints it (Save as PDF).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/context';
import { LoadError } from '../../components/LoadState';
import { SavePdfButton } from '../../components/SavePdfButton';
import { useEnumLabel } from '../../enums';
import { useFormat } from '../../format';
import { AccountMapDrawing } from '../../map/AccountMapDrawing';
import { IndicatorTable, useAccountHealth } from '../inbox/AccountHealthBadge';
import { useReasonText } from '../inbox/healthWords';
import { decisionChainOrder } from '../people/decisionChain';
import { useMembers, usePeopleOf, useRecord, useRecordList, useTeamStrategies, type RecordIn } from '../queries';
import './plan.css';

export function AccountPlanView() {
  const { accountId = '' } = useParams();
  const account = useRecord('accounts', accountId);
  if (account.isError) return <LoadError error={account.error} retry={() => void account.refetch()} />;
  if (!account.data) return <main className="page" aria-busy="true" />;
  return <Plan account={account.data} />;
}

type AccountRecord = RecordIn<'accounts'>;

function Plan({ account }: { account: AccountRecord }) {
  const { t } = useTranslation();
  const format = useFormat();
  const enumLabel = useEnumLabel();
  const members = useMembers();
  const title = t('plan.title', { account: account.name });

  return (
    <main className="page plan-page" aria-labelledby="plan-title">
      <div className="page-heading page-heading-row plan-tools">
        <Link to={`/accounts/${account.id}/organisation`}>{t('plan.back', { account: account.name })}</Link>
        <SavePdfButton title={title} />
      </div>
      <header className="plan-header">
        <h1 id="plan-title">{title}</h1>
        <p className="muted">
          {t('plan.asOf', { date: format.day(new Date().toISOString()) })}
          {account.ownerId && ` · ${t('fields.ownerId')}: ${members.displayName(account.ownerId)}`}
        </p>
        <dl className="plan-facts">
          {(['tier', 'stage', 'level'] as const).map((field) => (
            <div key={field}>
              <dt>{t(`fields.${field}` as 'fields.tier')}</dt>
              <dd>{enumLabel(field, account[field])}</dd>
            </div>
          ))}
          {account.industry && (
            <div>
              <dt>{t('fields.industry')}</dt>
              <dd>{account.industry}</dd>
            </div>
          )}
        </dl>
      </header>
      <OrganisationLevel accountId={account.id} />
      <DecisionChain accountId={account.id} />
      <Health accountId={account.id} />
      <NextSteps accountId={account.id} />
    </main>
  );
}

function PlanSection({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="plan-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function OrganisationLevel({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const format = useFormat();
  const levels = useRecordList('levels', { accountId });
  const agreements = useRecordList('agreements', { accountId });
  const history = [...(levels.data ?? [])].sort((a, b) => b.since.localeCompare(a.since));
  return (
    <PlanSection id="plan-organisation" title={t('plan.organisation')}>
      {history.length === 0 ? (
        <p className="muted">{t('org.levels.empty')}</p>
      ) : (
        <ol className="plan-list">
          {history.map((level) => (
            <li key={level.id}>
              {format.day(level.since)} · {enumLabel('level', level.level)}
              {level.note && ` — ${level.note}`}
            </li>
          ))}
        </ol>
      )}
      <h3>{t('plan.agreements')}</h3>
      {(agreements.data ?? []).length === 0 ? (
        <p className="muted">{t('plan.noAgreements')}</p>
      ) : (
        <ul className="plan-list">
          {agreements.data!.map((a) => (
            <li key={a.id}>
              {a.title} ({enumLabel('agreementKind', a.kind)}){a.renewalDate && ` · ${t('fields.renewalDate')}: ${format.day(a.renewalDate)}`}
            </li>
          ))}
        </ul>
      )}
    </PlanSection>
  );
}

function DecisionChain({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const members = useMembers();
  const people = usePeopleOf(accountId);
  const { strategyFor } = useTeamStrategies();
  const chain = decisionChainOrder(people.people);
  return (
    <PlanSection id="plan-chain" title={t('plan.decisionChain')}>
      <AccountMapDrawing accountId={accountId} />
      {chain.length === 0 ? (
        <p className="muted">{t('people.empty')}</p>
      ) : (
        <table className="plan-table" aria-label={t('plan.keyPeople')}>
          <thead>
            <tr>
              <th scope="col">{t('fields.name')}</th>
              <th scope="col">{t('fields.roles')}</th>
              <th scope="col">{t('fields.stance')}</th>
              <th scope="col">{t('fields.ownerIds')}</th>
              <th scope="col">{t('plan.strategy')}</th>
            </tr>
          </thead>
          <tbody>
            {chain.map(({ person }) => (
              <tr key={person.id}>
                <th scope="row">
                  {person.name}
                  {person.title && <div className="muted">{person.title}</div>}
                </th>
                <td>{person.roles.map((r) => enumLabel('role', r)).join(t('plan.listSeparator'))}</td>
                <td>{enumLabel('stance', person.stance)}</td>
                <td>{person.ownerIds.map((id) => members.displayName(id)).join(t('plan.listSeparator'))}</td>
                <td>
                  {person.roles.map((role) => (
                    <p key={role}>
                      <strong>{enumLabel('role', role)}:</strong> {person.strategies[role] ?? strategyFor(role)}
                    </p>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PlanSection>
  );
}

function Health({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const health = useAccountHealth(accountId);
  return (
    <PlanSection id="plan-health" title={t('plan.health')}>
      {health.data ? (
        <>
          <p>
            {t('health.score', { score: Math.round(health.data.score) })} · {t(`health.plans.${health.data.plan}`)}
          </p>
          <IndicatorTable health={health.data} />
        </>
      ) : (
        health.isError && <LoadError error={health.error} retry={() => void health.refetch()} />
      )}
    </PlanSection>
  );
}

function NextSteps({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const members = useMembers();
  const reasonText = useReasonText();
  const api = useApi();
  const followUps = useRecordList('followups', { accountId });
  const inbox = useQuery({ queryKey: ['alerts.inbox', accountId], queryFn: () => api['alerts.inbox']({ accountId, limit: 500 }) });
  const open = (followUps.data ?? []).filter((f) => !f.done).sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  const alerts = inbox.data?.items ?? [];
  return (
    <PlanSection id="plan-next" title={t('plan.nextSteps')}>
      {alerts.length > 0 && (
        <>
          <h3>{t('plan.risks')}</h3>
          <ul className="plan-list">
            {alerts.map((alert) => (
              <li key={alert.id} data-colour={alert.colour}>
                {t(`health.colours.${alert.colour}`)} · {reasonText(alert.evidence)}
              </li>
            ))}
          </ul>
        </>
      )}
      {open.length === 0 ? (
        <p className="muted">{t('plan.noFollowUps')}</p>
      ) : (
        <table className="plan-table" aria-label={t('plan.followUps')}>
          <thead>
            <tr>
              <th scope="col">{t('fields.dueDate')}</th>
              <th scope="col">{t('fields.task')}</th>
              <th scope="col">{t('fields.ownerId')}</th>
            </tr>
          </thead>
          <tbody>
            {open.map((f) => (
              <tr key={f.id}>
                <td>{f.dueDate ? format.day(f.dueDate) : '—'}</td>
                <td>{f.task}</td>
                <td>{f.ownerId ? members.displayName(f.ownerId) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PlanSection>
  );
}
