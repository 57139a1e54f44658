/**
 * The health dashboard (`#/dashboard`, issue 11 item 5): how many accounts are green, yellow and
 * red, the tier × colour matrix, the lifecycle funnel by colour, and the accounts whose score fell
 * most over 30 and 90 days (each a link to its account).
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { TIERS } from '../../../shared/domain';
import { LoadError } from '../../components/LoadState';
import { useEnumLabel } from '../../enums';
import { HealthDot } from '../inbox';
import { ChartFigure, COLOUR_KEYS, ColourDonut, HeatGrid, StackedRows } from './charts';
import { useDashboard, type PortfolioDashboard } from './dashboardQueries';
import './dashboard.css';

export function DashboardView() {
  const { t } = useTranslation();
  const dashboard = useDashboard();
  const portfolio = dashboard.data?.portfolio;
  return (
    <main className="page page-wide" aria-labelledby="dashboard-title" aria-busy={dashboard.isFetching}>
      <div className="page-heading">
        <h1 id="dashboard-title">{t('dashboard.title')}</h1>
        <p className="muted">{t('dashboard.intro')}</p>
      </div>
      {dashboard.isError ? (
        <LoadError error={dashboard.error} retry={() => void dashboard.refetch()} />
      ) : !portfolio ? (
        <p className="list-note">{t('app.loading')}</p>
      ) : portfolio.total === 0 ? (
        <p className="card list-note">{t('dashboard.noAccounts')}</p>
      ) : (
        <PortfolioCharts portfolio={portfolio} />
      )}
    </main>
  );
}

function PortfolioCharts({ portfolio }: { portfolio: PortfolioDashboard }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const colourWord = (key: (typeof COLOUR_KEYS)[number]) => t(`dashboard.colours.${key}`);
  // The "not computed" column only when some account has no health yet.
  const shown = COLOUR_KEYS.filter((key) => key !== 'none' || portfolio.colours.none > 0);
  const totalOf = (counts: PortfolioDashboard['colours']) => COLOUR_KEYS.reduce((sum, key) => sum + counts[key], 0);

  const distributionTitle = t('dashboard.distribution.title');
  const matrixTitle = t('dashboard.matrix.title');
  const funnelTitle = t('dashboard.funnel.title');
  return (
    <div className="dash-grid">
      <section className="card dash-card">
        <ChartFigure
          title={distributionTitle}
          head={[t('dashboard.distribution.colour'), t('dashboard.distribution.accounts')]}
          rows={shown.map((key) => [colourWord(key), portfolio.colours[key]])}
        >
          <div className="dash-donut">
            <ColourDonut title={distributionTitle} counts={portfolio.colours} totalText={String(portfolio.total)} />
            <ul className="dash-legend" aria-hidden="true">
              {shown.map((key) => (
                <li key={key}>
                  <span className={`dash-swatch dash-fill-${key}`} /> {colourWord(key)} · {portfolio.colours[key]}
                </li>
              ))}
            </ul>
          </div>
        </ChartFigure>
        <p className="muted">{t('dashboard.total', { count: portfolio.total })}</p>
      </section>
      <section className="card dash-card">
        <ChartFigure
          title={matrixTitle}
          head={[t('dashboard.matrix.tier'), ...shown.map(colourWord), t('dashboard.matrix.total')]}
          rows={portfolio.tiers.map((row) => [label('tier', row.tier), ...shown.map((key) => row.colours[key]), totalOf(row.colours)])}
        >
          <HeatGrid
            title={matrixTitle}
            columns={shown.map((key) => ({ label: colourWord(key), colour: key }))}
            rows={portfolio.tiers
              .filter((row) => TIERS.includes(row.tier))
              .map((row) => ({ label: label('tier', row.tier), cells: shown.map((key) => row.colours[key]) }))}
          />
        </ChartFigure>
      </section>
      <section className="card dash-card">
        <ChartFigure
          title={funnelTitle}
          head={[t('dashboard.funnel.stage'), t('dashboard.funnel.accounts'), ...shown.map(colourWord)]}
          rows={portfolio.funnel.map((row) => [label('stage', row.stage), totalOf(row.colours), ...shown.map((key) => row.colours[key])])}
        >
          <StackedRows title={funnelTitle} centred rows={portfolio.funnel.map((row) => ({ label: label('stage', row.stage), counts: row.colours }))} />
        </ChartFigure>
      </section>
      <FellList title={t('dashboard.fell.title30')} rows={portfolio.fell30} />
      <FellList title={t('dashboard.fell.title90')} rows={portfolio.fell90} />
    </div>
  );
}

function FellList({ title, rows }: { title: string; rows: PortfolioDashboard['fell30'] }) {
  const { t } = useTranslation();
  return (
    <section className="card dash-card" aria-label={title}>
      <h2 className="dash-chart-title">{title}</h2>
      {rows.length === 0 ? (
        <p className="list-note">{t('dashboard.fell.empty')}</p>
      ) : (
        <table className="health-table dash-fell">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.fell.account')}</th>
              <th scope="col">{t('dashboard.fell.then')}</th>
              <th scope="col">{t('dashboard.fell.now')}</th>
              <th scope="col">{t('dashboard.fell.change')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.accountId}>
                <th scope="row">
                  <Link to={`/accounts/${row.accountId}`}>{row.name}</Link>
                </th>
                <td>{Math.round(row.scoreThen)}</td>
                <td>
                  <HealthDot colour={row.colourNow} score={row.scoreNow} />
                </td>
                <td>{Math.round(row.scoreNow - row.scoreThen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
