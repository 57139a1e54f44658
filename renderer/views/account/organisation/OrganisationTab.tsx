/**
 * The organisation layer: the relationship between the two companies — the account's own facts,
 * its relationship level over time, joint initiatives, executive sponsor pairs, agreements with
 * their renewal dates, our account team and the group it belongs to. One file per section.
 */
import type { Account } from '../../accountQueries';
import { AccountTeamSection } from './AccountTeamSection';
import { AgreementsSection } from './AgreementsSection';
import { DetailsSection } from './DetailsSection';
import { GroupSection } from './GroupSection';
import { InitiativesSection } from './InitiativesSection';
import { LevelsSection } from './LevelsSection';
import { SponsorsSection } from './SponsorsSection';
import { AccountSinglePointSection } from '../../team/SinglePointSection';

export function OrganisationTab({ account }: { account: Account }) {
  return (
    <div className="section-grid">
      <DetailsSection account={account} />
      <div className="section-column">
        <LevelsSection account={account} />
        <GroupSection account={account} />
      </div>
      <InitiativesSection account={account} />
      <div className="section-column">
        <SponsorsSection account={account} />
        <AccountTeamSection account={account} />
      </div>
      <AgreementsSection account={account} />
      <AccountSinglePointSection accountId={account.id} />
    </div>
  );
}
