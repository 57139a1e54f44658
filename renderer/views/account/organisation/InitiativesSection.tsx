/** Joint initiatives between the companies: joint labs, executive dialogue, advisory councils, technical exchanges, forums. */
import { useTranslation } from 'react-i18next';
import { INITIATIVE_KINDS, INITIATIVE_STATUSES } from '../../../../shared/domain';
import { DataTable } from '../../../components/DataTable';
import { RecordsSection } from '../../../components/RecordsSection';
import { RowActions } from '../../../components/RowActions';
import { useEnumLabel, useEnumOptions } from '../../../enums';
import { CheckboxGroupField, SelectField, TextareaField, TextField } from '../../../forms/Fields';
import { FormDialog } from '../../../forms/FormDialog';
import { useFormat } from '../../../format';
import type { Account } from '../../accountQueries';
import { useMembers, useMoveToBin, usePeopleOf, useRecordChanges, useRecordList, type RecordIn } from '../../queries';
import { InitiativeForm, initiativeFormValues } from './orgForms';

export function InitiativesSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const enumOptions = useEnumOptions();
  const format = useFormat();
  const members = useMembers();
  const people = usePeopleOf(account.id);
  const initiatives = useRecordList('initiatives', { accountId: account.id });
  const { create, update } = useRecordChanges('initiatives');
  const moveToBin = useMoveToBin();

  return (
    <RecordsSection<RecordIn<'initiatives'>>
      title={t('org.initiatives.title')}
      className="section-wide"
      addLabel={t('org.initiatives.add')}
      query={initiatives}
      empty={t('org.initiatives.empty')}
      dialog={(initiative, close) => (
        <FormDialog
          title={initiative ? t('org.initiatives.edit') : t('org.initiatives.add')}
          schema={InitiativeForm}
          defaults={initiativeFormValues(initiative)}
          size="large"
          onClose={close}
          save={async (values) => {
            const saved = initiative
              ? await update.mutateAsync({ id: initiative.id, ...values })
              : await create.mutateAsync({ accountId: account.id, ...values });
            return t('org.initiatives.saved', { name: saved.title });
          }}
          render={(form) => (
            <>
              <TextField form={form} name="title" label={t('org.name')} required wide />
              <SelectField
                form={form}
                name="kind"
                label={t('fields.kind')}
                required
                blank={t('common.choose')}
                options={enumOptions('initiativeKind', INITIATIVE_KINDS)}
              />
              <SelectField form={form} name="status" label={t('fields.status')} options={enumOptions('initiativeStatus', INITIATIVE_STATUSES)} />
              <TextField form={form} name="startDate" label={t('fields.startDate')} type="date" />
              <TextField form={form} name="endDate" label={t('fields.endDate')} type="date" />
              <CheckboxGroupField
                form={form}
                name="ourParticipants"
                label={t('fields.ourParticipants')}
                wide
                empty={t('common.noMembers')}
                options={members.options}
              />
              <CheckboxGroupField
                form={form}
                name="theirParticipants"
                label={t('fields.theirParticipants')}
                wide
                empty={t('people.none')}
                options={people.options}
              />
              <TextareaField form={form} name="notes" label={t('fields.notes')} wide />
            </>
          )}
        />
      )}
    >
      {(edit) => (
        <DataTable
          columns={[
            { label: t('org.name') },
            { label: t('fields.kind') },
            { label: t('fields.status') },
            { label: t('org.initiatives.dates') },
            { label: t('fields.ourParticipants') },
            { label: t('fields.theirParticipants') },
          ]}
        >
          {(initiatives.data ?? []).map((initiative) => (
            <tr key={initiative.id}>
              <th scope="row">{initiative.title}</th>
              <td>{enumLabel('initiativeKind', initiative.kind)}</td>
              <td>
                <span className="status-badge" data-status={initiative.status}>
                  {enumLabel('initiativeStatus', initiative.status)}
                </span>
              </td>
              <td className="nowrap">{[format.date(initiative.startDate), format.date(initiative.endDate)].filter(Boolean).join(' – ')}</td>
              <td>{members.displayNames(initiative.ourParticipants)}</td>
              <td>{people.displayNames(initiative.theirParticipants)}</td>
              <td className="cell-actions">
                <RowActions
                  label={initiative.title}
                  onEdit={() => edit(initiative)}
                  onDelete={() => void moveToBin('initiatives', initiative, initiative.title)}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </RecordsSection>
  );
}
