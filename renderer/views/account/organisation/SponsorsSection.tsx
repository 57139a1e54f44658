/** Executive sponsor pairs: one of our executives paired with one of theirs. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RecordsSection } from '../../../components/RecordsSection';
import { RowActions } from '../../../components/RowActions';
import { SelectField, TextField } from '../../../forms/Fields';
import { FormDialog } from '../../../forms/FormDialog';
import type { Account } from '../../accountQueries';
import { useMembers, useMoveToBin, usePeopleOf, useRecordChanges, useRecordList } from '../../queries';
import { SponsorForm, sponsorDefaults } from './orgForms';

export function SponsorsSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const members = useMembers();
  const people = usePeopleOf(account.id);
  const sponsors = useRecordList('sponsors', { accountId: account.id });
  const { create } = useRecordChanges('sponsors');
  const moveToBin = useMoveToBin();

  return (
    <RecordsSection
      title={t('org.sponsors.title')}
      addLabel={t('org.sponsors.add')}
      query={sponsors}
      empty={t('org.sponsors.empty')}
      dialog={(_record, close) => (
        <FormDialog
          title={t('org.sponsors.add')}
          schema={SponsorForm}
          defaults={sponsorDefaults}
          size="small"
          onClose={close}
          save={async (values) => {
            await create.mutateAsync({ accountId: account.id, ...values });
            return t('common.saved');
          }}
          render={(form) => (
            <>
              <SelectField form={form} name="memberId" label={t('org.sponsors.ours')} required blank={t('common.choose')} options={members.options} />
              <SelectField form={form} name="personId" label={t('org.sponsors.theirs')} required blank={t('common.choose')} options={people.options} />
              <TextField form={form} name="note" label={t('fields.note')} wide />
            </>
          )}
        />
      )}
    >
      <ul className="plain-list">
        {(sponsors.data ?? []).map((pair) => {
          const ours = members.displayName(pair.memberId);
          const theirs = people.displayName(pair.personId);
          const label = t('org.sponsors.pair', { ours, theirs });
          return (
            <li key={pair.id} className="plain-row">
              <span>
                {ours}
                <span className="pair-arrow" aria-hidden="true">
                  {' ↔ '}
                </span>
                <span className="visually-hidden"> – </span>
                <Link to={`/people/${pair.personId}`}>{theirs}</Link>
                {pair.note && <span className="muted"> · {pair.note}</span>}
              </span>
              <RowActions label={label} onDelete={() => void moveToBin('sponsors', pair, label)} />
            </li>
          );
        })}
      </ul>
    </RecordsSection>
  );
}
