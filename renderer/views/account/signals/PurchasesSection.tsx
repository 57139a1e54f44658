/** Purchases by month (amount, currency, product line, volume), with the last twelve months' total against the twelve before. */
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/context';
import { DataTable } from '../../../components/DataTable';
import { ExportMenu } from '../../../components/ExportMenu';
import { RecordsSection } from '../../../components/RecordsSection';
import { RowActions } from '../../../components/RowActions';
import { useToday } from '../../../components/useNow';
import { TextareaField, TextField } from '../../../forms/Fields';
import { FormDialog } from '../../../forms/FormDialog';
import { useFormat } from '../../../format';
import type { Account } from '../../accountQueries';
import { useMoveToBin, useRecordChanges, useRecordList, type RecordIn } from '../../queries';
import { formatMoney, formatMonth, purchaseTotals } from './money';
import { defaultCurrency, PurchaseForm, purchaseFormValues } from './signalForms';

type PurchaseRecord = RecordIn<'purchases'>;

export function PurchasesSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const format = useFormat();
  const api = useApi();
  const today = useToday();
  const purchases = useRecordList('purchases', { accountId: account.id });
  const { create, update } = useRecordChanges('purchases');
  const moveToBin = useMoveToBin();
  const money = (amount: number | null, currency: string | null) => formatMoney(format.locale, amount, currency);
  const labelOf = (purchase: PurchaseRecord) =>
    t('signals.purchases.label', { month: formatMonth(format.locale, purchase.period), amount: money(purchase.amount, purchase.currency) });

  return (
    <RecordsSection<PurchaseRecord>
      title={t('signals.purchases.title')}
      className="section-wide"
      addLabel={t('signals.purchases.add')}
      tools={
        <ExportMenu
          what={t('signals.purchases.title')}
          choices={[
            { kind: 'csv', run: () => api['exports.list']({ list: 'purchases', format: 'csv', accountId: account.id }) },
            { kind: 'xlsx', run: () => api['exports.list']({ list: 'purchases', format: 'xlsx', accountId: account.id }) },
          ]}
        />
      }
      query={purchases}
      empty={t('signals.purchases.empty')}
      dialog={(purchase, close) => (
        <FormDialog
          title={purchase ? t('signals.purchases.edit') : t('signals.purchases.add')}
          schema={PurchaseForm}
          defaults={purchaseFormValues(purchase, today, defaultCurrency(format.locale, purchases.data))}
          onClose={close}
          save={async (values) => {
            const saved = purchase ? await update.mutateAsync({ id: purchase.id, ...values }) : await create.mutateAsync({ accountId: account.id, ...values });
            return t('signals.purchases.saved', { month: formatMonth(format.locale, saved.period) });
          }}
          render={(form) => (
            <>
              <TextField form={form} name="period" label={t('fields.period')} type="month" placeholder="YYYY-MM" required />
              <TextField form={form} name="amount" label={t('fields.amount')} type="number" min={0} step="any" inputMode="decimal" required />
              <TextField
                form={form}
                name="currency"
                label={t('fields.currency')}
                hint={t('signals.purchases.currencyHint')}
                placeholder="CNY"
                maxLength={10}
                autoCapitalize="characters"
                required
              />
              <TextField form={form} name="productLine" label={t('fields.productLine')} maxLength={100} />
              <TextField form={form} name="volume" label={t('fields.volume')} type="number" min={0} step="any" inputMode="decimal" />
              <TextareaField form={form} name="note" label={t('fields.note')} wide />
            </>
          )}
        />
      )}
    >
      {(edit) => (
        <div className="section-stack">
          <PurchaseSummary purchases={purchases.data ?? []} thisMonth={today.slice(0, 7)} />
          <DataTable
            columns={[
              { label: t('fields.period') },
              { label: t('fields.amount'), numeric: true },
              { label: t('fields.productLine') },
              { label: t('fields.volume'), numeric: true },
              { label: t('fields.note') },
            ]}
          >
            {(purchases.data ?? []).map((purchase) => (
              <tr key={purchase.id}>
                <th scope="row" className="nowrap">
                  {formatMonth(format.locale, purchase.period)}
                </th>
                <td className="numeric nowrap">{money(purchase.amount, purchase.currency)}</td>
                <td>{purchase.productLine}</td>
                <td className="numeric">{format.number(purchase.volume)}</td>
                <td>{purchase.note}</td>
                <td className="cell-actions">
                  <RowActions
                    label={labelOf(purchase)}
                    onEdit={() => edit(purchase)}
                    onDelete={() => void moveToBin('purchases', purchase, labelOf(purchase))}
                  />
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
    </RecordsSection>
  );
}

/** The last twelve months' total per currency, and how it compares with the twelve months before. */
function PurchaseSummary({ purchases, thisMonth }: { purchases: readonly PurchaseRecord[]; thisMonth: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const totals = purchaseTotals(purchases, thisMonth).filter((total) => total.recent > 0 || total.previous > 0);
  if (totals.length === 0) return <p className="muted">{t('signals.purchases.noRecent')}</p>;
  return (
    <dl className="facts" aria-label={t('signals.purchases.summaryLabel')}>
      {totals.map((total) => (
        <div key={total.currency} className="fact-row">
          <dt>{t('signals.purchases.last12')}</dt>
          <dd>
            <strong>{formatMoney(format.locale, total.recent, total.currency)}</strong>
            <span className="muted">
              {' · '}
              {total.change === null
                ? t('signals.purchases.noPrevious')
                : t('signals.purchases.change', {
                    change: format.number(total.change, { style: 'percent', signDisplay: 'exceptZero', maximumFractionDigits: 0 }),
                    amount: formatMoney(format.locale, total.previous, total.currency),
                  })}
            </span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
