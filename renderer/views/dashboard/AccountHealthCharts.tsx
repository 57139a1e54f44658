/**
 * One account's health over time, on its signals tab: the score at each month's end over the
 * colour it had, purchases by month with their 3-month average, service requests (complaints
 * among them), NPS and CSAT by quarter, and the current indicators' points against their weight.
 */
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/LoadState';
import { Section } from '../../components/Section';
import { useFormat } from '../../format';
import { formatMoney, formatMonth } from '../account/signals/money';
import { BarChart, ChartFigure, LineChart, StackedRows } from './charts';
import { useDashboard, type AccountDashboard } from './dashboardQueries';
import './dashboard.css';

export function AccountHealthCharts({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const dashboard = useDashboard(accountId);
  const data = dashboard.data?.account;
  return (
    <Section title={t('dashboard.account.title')} className="section-wide">
      {dashboard.isError ? (
        <LoadError error={dashboard.error} retry={() => void dashboard.refetch()} />
      ) : !data ? (
        <p className="list-note">{t('app.loading')}</p>
      ) : (
        <Charts data={data} />
      )}
    </Section>
  );
}

function Charts({ data }: { data: AccountDashboard }) {
  const { t } = useTranslation();
  const format = useFormat();
  const month = (m: string) => formatMonth(format.locale, m);
  const number = (value: number | null, digits = 0) => (value === null ? '—' : format.number(value, { maximumFractionDigits: digits }));
  const money = (value: number) => formatMoney(format.locale, value, data.purchases.currency);

  const healthTitle = t('dashboard.account.health.title');
  const currency = data.purchases.currency;
  const purchasesTitle = currency ? t('dashboard.account.purchases.title', { currency }) : t('dashboard.account.purchases.titleNone');
  const bought = data.purchases.months.some((m) => m.amount !== 0);
  const requestsTitle = t('dashboard.account.requests.title');
  const anyRequest = data.requests.some((r) => r.count > 0);
  const surveysTitle = t('dashboard.account.satisfaction.title');
  const anySurvey = data.satisfaction.some((s) => s.npsAnswers + s.csatAnswers > 0);
  const indicatorsTitle = t('dashboard.account.indicators.title');
  const indicators = data.health.indicators.filter((i) => i.applicable);

  return (
    <div className="dash-grid dash-grid-account">
      <ChartFigure
        title={healthTitle}
        head={[t('dashboard.account.health.month'), t('dashboard.account.health.score'), t('dashboard.account.health.colour')]}
        rows={data.healthOverTime.map((h) => [month(h.month), Math.round(h.score), t(`dashboard.colours.${h.colour}`)])}
      >
        <LineChart
          title={healthTitle}
          labels={data.healthOverTime.map((h) => h.month)}
          bands={data.healthOverTime.map((h) => h.colour)}
          domain={[0, 100]}
          series={[{ name: 'score', className: 'dash-series-score', values: data.healthOverTime.map((h) => h.score) }]}
        />
      </ChartFigure>
      <ChartFigure
        title={purchasesTitle}
        empty={bought ? null : t('dashboard.account.purchases.empty')}
        head={[t('dashboard.account.purchases.month'), t('dashboard.account.purchases.amount'), t('dashboard.account.purchases.trend')]}
        rows={data.purchases.months.map((p) => [month(p.month), money(p.amount), p.trend === null ? '—' : money(Math.round(p.trend))])}
      >
        <BarChart
          title={purchasesTitle}
          labels={data.purchases.months.map((p) => p.month)}
          bars={data.purchases.months.map((p) => p.amount)}
          trend={data.purchases.months.map((p) => p.trend)}
          format={(v) => format.number(v, { notation: 'compact' })}
        />
      </ChartFigure>
      <ChartFigure
        title={requestsTitle}
        empty={anyRequest ? null : t('dashboard.account.requests.empty')}
        head={[t('dashboard.account.requests.month'), t('dashboard.account.requests.count'), t('dashboard.account.requests.complaints')]}
        rows={data.requests.map((r) => [month(r.month), r.count, r.complaints])}
      >
        <BarChart
          title={requestsTitle}
          labels={data.requests.map((r) => r.month)}
          bars={data.requests.map((r) => r.count)}
          overlay={data.requests.map((r) => r.complaints)}
        />
      </ChartFigure>
      <ChartFigure
        title={surveysTitle}
        empty={anySurvey ? null : t('dashboard.account.satisfaction.empty')}
        head={[
          t('dashboard.account.satisfaction.quarter'),
          t('dashboard.account.satisfaction.nps'),
          t('dashboard.account.satisfaction.csat'),
          t('dashboard.account.satisfaction.answers'),
        ]}
        rows={data.satisfaction.map((s) => [s.quarter, number(s.nps), number(s.csat, 2), Math.max(s.npsAnswers, s.csatAnswers)])}
      >
        <LineChart
          title={surveysTitle}
          labels={data.satisfaction.map((s) => s.quarter)}
          domain={[-100, 100]}
          series={[
            { name: 'nps', className: 'dash-series-nps', values: data.satisfaction.map((s) => s.nps) },
            { name: 'csat', className: 'dash-series-csat', values: data.satisfaction.map((s) => s.csat), domain: [1, 5] },
          ]}
        />
        <ul className="dash-legend" aria-hidden="true">
          <li>
            <span className="dash-swatch dash-series-nps" /> {t('dashboard.account.satisfaction.nps')}
          </li>
          <li>
            <span className="dash-swatch dash-series-csat" /> {t('dashboard.account.satisfaction.csat')}
          </li>
        </ul>
      </ChartFigure>
      <ChartFigure
        title={indicatorsTitle}
        className="dash-chart-wide"
        empty={indicators.length > 0 ? null : t('dashboard.account.indicators.empty')}
        head={[
          t('dashboard.account.indicators.indicator'),
          t('dashboard.account.indicators.status'),
          t('dashboard.account.indicators.points'),
          t('dashboard.account.indicators.weight'),
        ]}
        rows={indicators.map((i) => [t(`health.indicators.${i.code}`), t(`health.statuses.${i.status}`), number(i.points, 1), number(i.weight, 1)])}
      >
        <StackedRows
          title={indicatorsTitle}
          labelWidth={200}
          rows={indicators.map((i) => ({
            label: t(`health.indicators.${i.code}`),
            counts: { green: i.status === 'ok' ? i.points : 0, yellow: i.status === 'watch' ? i.points : 0, red: 0, none: i.weight - i.points },
          }))}
        />
      </ChartFigure>
    </div>
  );
}
