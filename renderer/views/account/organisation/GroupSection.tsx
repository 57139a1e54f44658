/** The group the account belongs to: its parent and its subsidiaries. */
import { useTranslation } from 'react-i18next';
import { Section } from '../../../components/Section';
import type { Account } from '../../accountQueries';
import { useRecord, useRecordList } from '../../queries';
import { AccountLink, Facts } from './Facts';

export function GroupSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const parent = useRecord('accounts', account.parentId);
  const children = useRecordList('accounts', { state: 'active', parentId: account.id });
  return (
    <Section title={t('org.group.title')}>
      <Facts
        rows={[
          [t('org.group.parent'), parent.data ? <AccountLink account={parent.data} /> : null],
          [
            t('org.group.children'),
            (children.data ?? []).length === 0 ? null : (
              <ul className="inline-list">
                {(children.data ?? []).map((child) => (
                  <li key={child.id}>
                    <AccountLink account={child} />
                  </li>
                ))}
              </ul>
            ),
          ],
        ]}
      />
    </Section>
  );
}
