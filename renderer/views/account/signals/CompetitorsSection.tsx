/** What competitors were seen doing at the account, and when. */
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../components/DataTable';
import { RecordsSection } from '../../../components/RecordsSection';
import { RowActions } from '../../../components/RowActions';
import { useToday } from '../../../components/useNow';
import { TextareaField, TextField } from '../../../forms/Fields';
import { FormDialog } from '../../../forms/FormDialog';
import { useFormat } from '../../../format';
import type { Account } from '../../accountQueries';
import { useMoveToBin, useRecordChanges, useRecordList, type RecordIn } from '../../queries';
import { CompetitorForm, competitorFormValues } from './signalForms';

export function CompetitorsSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const format = useFormat();
  const today = useToday();
  const activities = useRecordList('competitors', { accountId: account.id });
  const { create, update } = useRecordChanges('competitors');
  const moveToBin = useMoveToBin();
  const labelOf = (activity: RecordIn<'competitors'>) =>
    t('signals.competitors.label', { competitor: activity.competitor, date: format.date(activity.seenOn) });

  return (
    <RecordsSection<RecordIn<'competitors'>>
      title={t('signals.competitors.title')}
      addLabel={t('signals.competitors.add')}
      query={activities}
      empty={t('signals.competitors.empty')}
      dialog={(activity, close) => (
        <FormDialog
          title={activity ? t('signals.competitors.edit') : t('signals.competitors.add')}
          schema={CompetitorForm}
          defaults={competitorFormValues(activity, today)}
          onClose={close}
          save={async (values) => {
            const saved = activity ? await update.mutateAsync({ id: activity.id, ...values }) : await create.mutateAsync({ accountId: account.id, ...values });
            return t('signals.competitors.saved', { name: saved.competitor });
          }}
          render={(form) => (
            <>
              <TextField form={form} name="competitor" label={t('fields.competitor')} required maxLength={200} />
              <TextField form={form} name="seenOn" label={t('fields.seenOn')} type="date" max={today} required />
              <TextareaField form={form} name="activity" label={t('fields.activity')} required wide maxLength={2000} />
            </>
          )}
        />
      )}
    >
      {(edit) => (
        <DataTable columns={[{ label: t('fields.competitor') }, { label: t('fields.activity') }, { label: t('fields.seenOn') }]}>
          {(activities.data ?? []).map((activity) => (
            <tr key={activity.id}>
              <th scope="row">{activity.competitor}</th>
              <td className="prewrap">{activity.activity}</td>
              <td className="nowrap">{format.date(activity.seenOn)}</td>
              <td className="cell-actions">
                <RowActions
                  label={labelOf(activity)}
                  onEdit={() => edit(activity)}
                  onDelete={() => void moveToBin('competitors', activity, labelOf(activity))}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </RecordsSection>
  );
}
