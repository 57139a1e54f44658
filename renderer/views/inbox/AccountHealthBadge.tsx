/**
 * The account header's health: the colour and score as a button that opens every applicable
 * indicator with its status, value, threshold and reason (`health.account`).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../shared/contract';
import { useApi } from '../../api/context';
import { Dialog } from '../../components/Dialog';
import { LoadError } from '../../components/LoadState';
import { useFormat } from '../../format';
import { useLocale } from '../../i18n';
import { HealthDot, useReasonText } from './healthWords';

type AccountHealth = CallOutput<'health.account'>;

export function useAccountHealth(accountId: string) {
  const api = useApi();
  const { locale } = useLocale();
  return useQuery({ queryKey: ['health.account', accountId, locale], queryFn: () => api['health.account']({ accountId }) });
}

export function AccountHealthBadge({ accountId, accountName }: { accountId: string; accountName: string }) {
  const { t } = useTranslation();
  const health = useAccountHealth(accountId);
  const reasonText = useReasonText();
  const [open, setOpen] = useState(false);
  if (!health.data) return null;
  const { colour, score, topReason } = health.data;
  const colourWord = t(`health.colours.${colour}`);

  return (
    <>
      <button
        type="button"
        className="health-badge"
        data-colour={colour}
        aria-label={t('inbox.health.badge', { colour: colourWord, score: Math.round(score) })}
        title={reasonText(topReason)}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <span className="health-dot" data-colour={colour} aria-hidden="true" />
        <span aria-hidden="true">
          {colourWord} · {Math.round(score)}
        </span>
      </button>
      {open && (
        <Dialog
          title={t('inbox.health.panelTitle', { name: accountName })}
          description={`${t('health.score', { score: Math.round(score) })} · ${t(`health.plans.${health.data.plan}`)}`}
          size="large"
          onClose={() => setOpen(false)}
        >
          {health.isError ? <LoadError error={health.error} retry={() => void health.refetch()} /> : <IndicatorTable health={health.data} />}
        </Dialog>
      )}
    </>
  );
}

export function IndicatorTable({ health }: { health: AccountHealth }) {
  const { t } = useTranslation();
  const format = useFormat();
  const reasonText = useReasonText();
  const indicators = health.indicators.filter((indicator) => indicator.applicable);
  const number = (value: number | null) => (value === null ? t('health.notApplicable') : format.number(value, { maximumFractionDigits: 2 }));

  return (
    <>
      <p>
        <HealthDot colour={health.colour} score={health.score} reason={health.topReason} /> {t(`health.meaning.${health.colour}`)}
      </p>
      {indicators.length === 0 ? (
        <p className="muted">{t('inbox.health.noIndicators')}</p>
      ) : (
        <table className="health-table" aria-label={t('inbox.health.indicatorsLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('inbox.health.columns.indicator')}</th>
              <th scope="col">{t('inbox.health.columns.status')}</th>
              <th scope="col">{t('inbox.health.columns.value')}</th>
              <th scope="col">{t('inbox.health.columns.threshold')}</th>
              <th scope="col">{t('inbox.health.columns.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {indicators.map((indicator) => (
              <tr key={indicator.code}>
                <th scope="row">{t(`health.indicators.${indicator.code}`)}</th>
                <td data-status={indicator.status}>{t(`health.statuses.${indicator.status}`)}</td>
                <td>{number(indicator.value)}</td>
                <td>{number(indicator.threshold)}</td>
                <td>
                  {reasonText(indicator.reason)}
                  {indicator.details.length > 0 && (
                    <ul>
                      {indicator.details.map((detail, index) => (
                        <li key={index}>{reasonText(detail)}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
