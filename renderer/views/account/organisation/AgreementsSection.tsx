/** Agreements (framework, purchase, service, NDA…) with their renewal dates: a renewal within 90 days, or past, is called out. */
import { useTranslation } from 'react-i18next';
import { AGREEMENT_KINDS } from '../../../../shared/domain';
import { DataTable } from '../../../components/DataTable';
import { RecordsSection } from '../../../components/RecordsSection';
import { RowActions } from '../../../components/RowActions';
import { useToday } from '../../../components/useNow';
import { useEnumLabel, useEnumOptions } from '../../../enums';
import { SelectField, TextField } from '../../../forms/Fields';
import { FormDialog } from '../../../forms/FormDialog';
import { daysUntil, useFormat } from '../../../format';
import type { Account } from '../../accountQueries';
import { useMoveToBin, useRecordChanges, useRecordList, type RecordIn } from '../../queries';
import { AgreementForm, agreementFormValues } from './orgForms';

/** How close a renewal has to be before the table points it out. */
const RENEWAL_NOTICE_DAYS = 90;

export function AgreementsSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const enumOptions = useEnumOptions();
  const format = useFormat();
  const today = useToday();
  const agreements = useRecordList('agreements', { accountId: account.id });
  const { create, update } = useRecordChanges('agreements');
  const moveToBin = useMoveToBin();

  const renewal = (date: string | null) => {
    if (!date) return null;
    const days = daysUntil(date, today);
    const note =
      days === undefined ? '' : days < 0 ? t('org.agreements.overdue') : days <= RENEWAL_NOTICE_DAYS ? t('org.agreements.renewsIn', { count: days }) : '';
    return (
      <>
        <time dateTime={date}>{format.date(date)}</time>
        {note && (
          <span className="renewal-note" data-overdue={days !== undefined && days < 0 ? true : undefined}>
            {' '}
            {note}
          </span>
        )}
      </>
    );
  };

  return (
    <RecordsSection<RecordIn<'agreements'>>
      title={t('org.agreements.title')}
      addLabel={t('org.agreements.add')}
      query={agreements}
      empty={t('org.agreements.empty')}
      dialog={(agreement, close) => (
        <FormDialog
          title={agreement ? t('org.agreements.edit') : t('org.agreements.add')}
          schema={AgreementForm}
          defaults={agreementFormValues(agreement)}
          onClose={close}
          save={async (values) => {
            const saved = agreement
              ? await update.mutateAsync({ id: agreement.id, ...values })
              : await create.mutateAsync({ accountId: account.id, ...values });
            return t('org.agreements.saved', { name: saved.title });
          }}
          render={(form) => (
            <>
              <TextField form={form} name="title" label={t('org.name')} required wide />
              <SelectField form={form} name="kind" label={t('fields.kind')} options={enumOptions('agreementKind', AGREEMENT_KINDS)} />
              <TextField form={form} name="startDate" label={t('fields.startDate')} type="date" />
              <TextField form={form} name="renewalDate" label={t('fields.renewalDate')} type="date" />
              <TextField form={form} name="value" label={t('fields.value')} type="number" min={0} step="any" inputMode="decimal" />
              <TextField form={form} name="currency" label={t('fields.currency')} placeholder="CNY" maxLength={10} />
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
            { label: t('fields.startDate') },
            { label: t('fields.renewalDate') },
            { label: t('fields.value'), numeric: true },
          ]}
        >
          {(agreements.data ?? []).map((agreement) => (
            <tr key={agreement.id}>
              <th scope="row">{agreement.title}</th>
              <td>{enumLabel('agreementKind', agreement.kind)}</td>
              <td>{format.date(agreement.startDate)}</td>
              <td>{renewal(agreement.renewalDate)}</td>
              <td className="numeric">
                {agreement.value === null
                  ? ''
                  : agreement.currency
                    ? format.number(agreement.value, { style: 'currency', currency: agreement.currency, maximumFractionDigits: 0 })
                    : format.number(agreement.value)}
              </td>
              <td className="cell-actions">
                <RowActions label={agreement.title} onEdit={() => edit(agreement)} onDelete={() => void moveToBin('agreements', agreement, agreement.title)} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </RecordsSection>
  );
}
