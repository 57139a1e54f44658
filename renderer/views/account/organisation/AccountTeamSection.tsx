/** Our account team: which of our members work on this account, and in what role. */
import { useTranslation } from 'react-i18next';
import { RecordsSection } from '../../../components/RecordsSection';
import { RowActions } from '../../../components/RowActions';
import { SelectField, TextField } from '../../../forms/Fields';
import { FormDialog } from '../../../forms/FormDialog';
import type { Account } from '../../accountQueries';
import { useMembers, useMoveToBin, useRecordChanges, useRecordList } from '../../queries';
import { TeamForm, teamDefaults } from './orgForms';

export function AccountTeamSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const members = useMembers();
  const team = useRecordList('team', { accountId: account.id });
  const { create } = useRecordChanges('team');
  const moveToBin = useMoveToBin();

  return (
    <RecordsSection
      title={t('org.team.title')}
      addLabel={t('org.team.add')}
      query={team}
      empty={t('org.team.empty')}
      dialog={(_record, close) => (
        <FormDialog
          title={t('org.team.add')}
          schema={TeamForm}
          defaults={teamDefaults}
          size="small"
          onClose={close}
          save={async (values) => {
            await create.mutateAsync({ accountId: account.id, ...values });
            return t('common.saved');
          }}
          render={(form) => (
            <>
              <SelectField form={form} name="memberId" label={t('fields.memberId')} required blank={t('common.choose')} options={members.options} />
              <TextField form={form} name="role" label={t('fields.role')} placeholder={t('org.team.rolePlaceholder')} />
            </>
          )}
        />
      )}
    >
      <ul className="plain-list">
        {(team.data ?? []).map((entry) => {
          const name = members.displayName(entry.memberId);
          return (
            <li key={entry.id} className="plain-row">
              <span>
                {name}
                {entry.role && <span className="muted"> · {entry.role}</span>}
              </span>
              <RowActions label={name} onDelete={() => void moveToBin('team', entry, name)} />
            </li>
          );
        })}
      </ul>
    </RecordsSection>
  );
}
