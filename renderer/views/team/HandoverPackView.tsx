/**
 * #/accounts/:id/handover: one account's handover pack as a printable page — organisation level,
 * decision chain with its map drawn, who on our side knows whom, the last 12 months of
 * touchpoints, open follow-ups, risks and alerts, agreements and renewals (handover.pack).
 */
import { SavePdfButton } from '../../components/SavePdfButton';
import { AccountMapDrawing } from '../../map/AccountMapDrawing';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { RecordPageState } from '../../components/LoadState';
import { Section } from '../../components/Section';
import { parseReason, useReasonText } from '../inbox/healthWords';
import { useEnumLabel } from '../../enums';
import { useFormat } from '../../format';
import { useHandoverPack } from './handoverQueries';
import './handover.css';

const str = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(str) : []);

export function HandoverPackView() {
  const { t } = useTranslation();
  const { accountId = '' } = useParams();
  const pack = useHandoverPack(accountId);
  const format = useFormat();
  const enumLabel = useEnumLabel();
  const reasonText = useReasonText();
  if (pack.isError || !pack.data) return <RecordPageState query={pack} />;
  const { account, people, touchpoints, followUps, alerts, agreements, levels, members, risk } = pack.data;
  const name = str(account.name);
  const nameOf = (id: string) => members[id] ?? t('common.unknown');
  const personName = (id: string) => str(people.find((p) => p.id === id)?.name) || t('common.unknown');
  const none = <p className="muted">{t('handover.pack.none')}</p>;

  return (
    <main className="page handover-pack" aria-labelledby="pack-title">
      <div className="page-heading page-heading-row">
        <div>
          <h1 id="pack-title">{t('handover.pack.title', { name })}</h1>
          <p className="muted">{t('handover.pack.asOf', { date: format.dateTime(pack.data.asOf) })}</p>
        </div>
        <div className="no-print form-actions">
          <Link className="button" to={`/accounts/${accountId}/organisation`}>
            {t('handover.pack.back')}
          </Link>
          <SavePdfButton title={t('handover.pack.title', { name })} />
        </div>
      </div>

      <Section title={t('handover.pack.summary')} className="pack-section">
        <dl className="pack-facts">
          <dt>{t('handover.pack.owner')}</dt>
          <dd>{pack.data.ownerName ?? t('common.unknown')}</dd>
          <dt>{t('fields.tier')}</dt>
          <dd>{enumLabel('tier', str(account.tier))}</dd>
          <dt>{t('fields.stage')}</dt>
          <dd>{enumLabel('stage', str(account.stage))}</dd>
          <dt>{t('handover.pack.level')}</dt>
          <dd>{enumLabel('level', str(account.level))}</dd>
          {str(account.industry) && (
            <>
              <dt>{t('fields.industry')}</dt>
              <dd>{str(account.industry)}</dd>
            </>
          )}
          {risk && (
            <>
              <dt>{t('handover.risk.accountTitle')}</dt>
              <dd>{t('handover.risk.accountScore', { score: risk.score })}</dd>
            </>
          )}
        </dl>
        {levels.length > 1 && (
          <>
            <h3 className="handover-heading">{t('handover.pack.levelHistory')}</h3>
            <ul className="plain-list">
              {levels.map((l) => (
                <li key={str(l.id)}>
                  {format.date(str(l.since))} · {enumLabel('level', str(l.level))}
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>

      <Section title={t('handover.pack.chain')} className="pack-section">
        <p className="no-print">
          <Link to={`/accounts/${accountId}/map`}>{t('handover.pack.map')}</Link>
        </p>
        <AccountMapDrawing accountId={accountId} />
        {people.length === 0 ? (
          none
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('fields.name')}</th>
                <th scope="col">{t('fields.roles')}</th>
                <th scope="col">{t('fields.stance')}</th>
                <th scope="col">{t('handover.pack.knownBy')}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.id as string}>
                  <th scope="row">
                    {str(p.name)}
                    {p.key && <span className="badge"> {t('handover.pack.key')}</span>}
                    <div className="muted">
                      {[str(p.title), p.reportsToName ? t('handover.pack.reportsTo', { name: p.reportsToName }) : ''].filter(Boolean).join(' · ')}
                    </div>
                  </th>
                  <td>
                    {list(p.roles)
                      .map((r) => enumLabel('role', r))
                      .join('、')}
                  </td>
                  <td>{enumLabel('stance', str(p.stance))}</td>
                  <td>
                    {p.knownBy.length === 0 ? (
                      <span className="uncovered">{t('handover.pack.nobody')}</span>
                    ) : (
                      p.knownBy
                        .map(
                          (k) =>
                            `${t('handover.pack.knownByEntry', { name: k.name, count: k.touchpoints })}${k.owner ? ` · ${t('handover.pack.ownerMark')}` : ''}`,
                        )
                        .join('；')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title={t('handover.pack.touchpoints')} className="pack-section">
        {touchpoints.length === 0 ? (
          none
        ) : (
          <table className="data-table">
            <tbody>
              {touchpoints.map((tp) => (
                <tr key={str(tp.id)}>
                  <td>{format.date(str(tp.at).slice(0, 10))}</td>
                  <td>{enumLabel('touchpointKind', str(tp.kind))}</td>
                  <td>
                    {str(tp.summary)}
                    <div className="muted">
                      {[list(tp.ourParticipants).map(nameOf).join('、'), list(tp.theirParticipants).map(personName).join('、')].filter(Boolean).join(' ↔ ')}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title={t('handover.pack.followUps')} className="pack-section">
        {followUps.length === 0 ? (
          none
        ) : (
          <ul className="plain-list">
            {followUps.map((f) => (
              <li key={str(f.id)}>
                {str(f.task)}
                <span className="muted">
                  {f.dueDate ? ` · ${format.date(str(f.dueDate))}` : ''}
                  {f.ownerId ? ` · ${nameOf(str(f.ownerId))}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t('handover.pack.alerts')} className="pack-section">
        {alerts.length === 0 && (!risk || risk.soleCovered.length === 0) ? (
          none
        ) : (
          <ul className="plain-list">
            {alerts.map((a) => (
              <li key={str(a.id)}>
                {reasonText(parseReason(str(a.evidence)))}
                <span className="muted"> · {format.date(str(a.raisedAt).slice(0, 10))}</span>
              </li>
            ))}
            {risk?.soleCovered.map((s) => (
              <li key={s.personId}>{t('handover.risk.soleCovered', { person: s.name, member: nameOf(s.memberId) })}</li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t('handover.pack.agreements')} className="pack-section">
        {agreements.length === 0 ? (
          none
        ) : (
          <ul className="plain-list">
            {agreements.map((a) => (
              <li key={str(a.id)}>
                {str(a.title)} <span className="muted">· {enumLabel('agreementKind', str(a.kind))}</span>
                {a.renewalDate ? <span> · {t('handover.pack.renewal', { date: format.date(str(a.renewalDate)) })}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </main>
  );
}
