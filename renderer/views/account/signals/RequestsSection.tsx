/** Service requests and complaints: opened, closed, how severe, how fast we first answered, who raised it. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CHANNELS } from '../../../../shared/domain';
import { DataTable } from '../../../components/DataTable';
import { RecordsSection } from '../../../components/RecordsSection';
import { RowActions } from '../../../components/RowActions';
import { useToday } from '../../../components/useNow';
import { useEnumLabel, useEnumOptions } from '../../../enums';
import { SelectField, TextareaField, TextField } from '../../../forms/Fields';
import { FormDialog } from '../../../forms/FormDialog';
import { useFormat } from '../../../format';
import type { Account } from '../../accountQueries';
import { useMoveToBin, usePeopleOf, useRecordChanges, useRecordList, type RecordIn } from '../../queries';
import { RequestForm, requestFormValues } from './signalForms';
import { useSeverity } from './severity';

export function RequestsSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const enumOptions = useEnumOptions();
  const severity = useSeverity();
  const format = useFormat();
  const today = useToday();
  const people = usePeopleOf(account.id);
  const requests = useRecordList('requests', { accountId: account.id });
  const { create, update } = useRecordChanges('requests');
  const moveToBin = useMoveToBin();

  return (
    <RecordsSection<RecordIn<'requests'>>
      title={t('signals.requests.title')}
      className="section-wide"
      addLabel={t('signals.requests.add')}
      query={requests}
      empty={t('signals.requests.empty')}
      dialog={(request, close) => (
        <FormDialog
          title={request ? t('signals.requests.edit') : t('signals.requests.add')}
          schema={RequestForm}
          defaults={requestFormValues(request, today)}
          size="large"
          onClose={close}
          save={async (values) => {
            const saved = request ? await update.mutateAsync({ id: request.id, ...values }) : await create.mutateAsync({ accountId: account.id, ...values });
            return t('signals.requests.saved', { name: saved.summary });
          }}
          render={(form) => (
            <>
              <TextareaField form={form} name="summary" label={t('fields.summary')} required wide maxLength={2000} />
              <TextField form={form} name="openedAt" label={t('fields.openedAt')} type="date" max={today} required />
              <TextField form={form} name="closedAt" label={t('fields.closedAt')} type="date" max={today} />
              <SelectField form={form} name="severity" label={t('fields.severity')} options={severity.options} />
              <SelectField form={form} name="channel" label={t('fields.channel')} blank={t('common.notSet')} options={enumOptions('channel', CHANNELS)} />
              <TextField form={form} name="firstResponseHours" label={t('fields.firstResponseHours')} type="number" min={0} step="any" inputMode="decimal" />
              <SelectField form={form} name="personId" label={t('fields.personId')} blank={t('common.notSet')} options={people.options} />
              <label className="checkbox" data-wide>
                <input type="checkbox" {...form.register('complaint')} />
                <span>{t('fields.complaint')}</span>
              </label>
            </>
          )}
        />
      )}
    >
      {(edit) => (
        <DataTable
          columns={[
            { label: t('fields.summary') },
            { label: t('fields.openedAt') },
            { label: t('fields.closedAt') },
            { label: t('fields.severity') },
            { label: t('fields.channel') },
            { label: t('fields.firstResponseHours'), numeric: true },
            { label: t('fields.personId') },
          ]}
        >
          {(requests.data ?? []).map((request) => (
            <tr key={request.id}>
              <th scope="row">
                {request.summary}
                {request.complaint && (
                  <>
                    {' '}
                    <span className="badge badge-warn">{t('fields.complaint')}</span>
                  </>
                )}
              </th>
              <td className="nowrap">{format.date(request.openedAt)}</td>
              <td className="nowrap">{request.closedAt ? format.date(request.closedAt) : <span className="muted">{t('signals.requests.stillOpen')}</span>}</td>
              <td>{severity.label(request.severity)}</td>
              <td>{enumLabel('channel', request.channel)}</td>
              <td className="numeric nowrap">
                {request.firstResponseHours === null ? '' : t('signals.requests.hours', { hours: format.number(request.firstResponseHours) })}
              </td>
              <td>{request.personId && <Link to={`/people/${request.personId}`}>{people.displayName(request.personId)}</Link>}</td>
              <td className="cell-actions">
                <RowActions label={request.summary} onEdit={() => edit(request)} onDelete={() => void moveToBin('requests', request, request.summary)} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </RecordsSection>
  );
}
