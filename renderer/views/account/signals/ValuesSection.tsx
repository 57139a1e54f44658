/** The account's value as estimated on dates (lifetime value, potential, share of wallet): a series, newest first. */
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../components/DataTable';
import { RecordsSection } from '../../../components/RecordsSection';
import { RowActions } from '../../../components/RowActions';
import { useToday } from '../../../components/useNow';
import { TextField } from '../../../forms/Fields';
import { FormDialog } from '../../../forms/FormDialog';
import { useFormat } from '../../../format';
import type { Account } from '../../accountQueries';
import { useMoveToBin, useRecordChanges, useRecordList, type RecordIn } from '../../queries';
import { formatMoney } from './money';
import { defaultCurrency, ValueForm, valueFormValues } from './signalForms';

export function ValuesSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const format = useFormat();
  const today = useToday();
  const values = useRecordList('values', { accountId: account.id });
  const { create, update } = useRecordChanges('values');
  const moveToBin = useMoveToBin();
  const labelOf = (value: RecordIn<'values'>) => t('signals.values.label', { date: format.date(value.asOf) });

  return (
    <RecordsSection<RecordIn<'values'>>
      title={t('signals.values.title')}
      addLabel={t('signals.values.add')}
      query={values}
      empty={t('signals.values.empty')}
      dialog={(value, close) => (
        <FormDialog
          title={value ? t('signals.values.edit') : t('signals.values.add')}
          schema={ValueForm}
          defaults={valueFormValues(value, today, defaultCurrency(format.locale, values.data))}
          onClose={close}
          save={async (input) => {
            const saved = value ? await update.mutateAsync({ id: value.id, ...input }) : await create.mutateAsync({ accountId: account.id, ...input });
            return t('signals.values.saved', { date: format.date(saved.asOf) });
          }}
          render={(form) => (
            <>
              <TextField form={form} name="asOf" label={t('fields.asOf')} type="date" max={today} required />
              <TextField form={form} name="currency" label={t('fields.currency')} hint={t('signals.purchases.currencyHint')} placeholder="CNY" maxLength={10} />
              <TextField form={form} name="lifetimeValue" label={t('fields.lifetimeValue')} type="number" min={0} step="any" inputMode="decimal" />
              <TextField form={form} name="potential" label={t('fields.potential')} type="number" min={0} step="any" inputMode="decimal" />
              <TextField form={form} name="shareOfWallet" label={t('fields.shareOfWallet')} type="number" min={0} max={100} step="any" inputMode="decimal" />
            </>
          )}
        />
      )}
    >
      {(edit) => (
        <DataTable
          columns={[
            { label: t('fields.asOf') },
            { label: t('fields.lifetimeValue'), numeric: true },
            { label: t('fields.potential'), numeric: true },
            { label: t('fields.shareOfWallet'), numeric: true },
          ]}
        >
          {(values.data ?? []).map((value) => (
            <tr key={value.id}>
              <th scope="row" className="nowrap">
                {format.date(value.asOf)}
              </th>
              <td className="numeric nowrap">{formatMoney(format.locale, value.lifetimeValue, value.currency)}</td>
              <td className="numeric nowrap">{formatMoney(format.locale, value.potential, value.currency)}</td>
              <td className="numeric">
                {value.shareOfWallet === null ? '' : format.number(value.shareOfWallet / 100, { style: 'percent', maximumFractionDigits: 1 })}
              </td>
              <td className="cell-actions">
                <RowActions label={labelOf(value)} onEdit={() => edit(value)} onDelete={() => void moveToBin('values', value, labelOf(value))} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </RecordsSection>
  );
}
