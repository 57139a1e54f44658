/**
 * The health signals of an account (issue 11): what the health model watches, recorded by hand —
 * purchases by month, service requests and complaints, satisfaction answers, competitor activity
 * and the account's estimated value over time. One file per section.
 */
import type { Account } from '../../accountQueries';
import { AccountHealthCharts } from '../../dashboard/AccountHealthCharts';
import { CompetitorsSection } from './CompetitorsSection';
import { PurchasesSection } from './PurchasesSection';
import { RequestsSection } from './RequestsSection';
import { SurveysSection } from './SurveysSection';
import { ValuesSection } from './ValuesSection';

export function SignalsTab({ account }: { account: Account }) {
  return (
    <div className="section-grid">
      <AccountHealthCharts accountId={account.id} />
      <PurchasesSection account={account} />
      <RequestsSection account={account} />
      <SurveysSection account={account} />
      <CompetitorsSection account={account} />
      <ValuesSection account={account} />
    </div>
  );
}
