/**
 * The health signals' forms: each validates with the shared record's own field schemas, plus the
 * rules the service adds across fields (a request closed before it was opened, an answer without
 * a score), worded with the same catalog keys the service uses.
 */
import { z } from 'zod';
import { AccountValue, CompetitorActivity, Purchase, SatisfactionResponse, ServiceRequest } from '../../../../shared/domain';
import type { Locale } from '../../../../shared/i18n';
import { fromNumber, fromText, textOf } from '../../../forms/schema';
import type { RecordIn } from '../../queries';

/**
 * The currency a new amount starts with: yuan for a reader in Chinese; otherwise the one the
 * account's previous entry used (the newest written), blank when there is none.
 */
export function defaultCurrency(locale: Locale, previous: readonly { currency: string | null; createdAt: string }[] | undefined): string {
  if (locale === 'zh-CN') return 'CNY';
  let newest: { currency: string | null; createdAt: string } | undefined;
  for (const row of previous ?? []) if (row.currency && (!newest || row.createdAt > newest.createdAt)) newest = row;
  return newest?.currency ?? '';
}

const P = Purchase.fields;
export const PurchaseForm = z.object({
  period: fromText(P.period),
  amount: fromNumber(P.amount),
  currency: fromText(P.currency),
  productLine: fromText(P.productLine),
  volume: fromNumber(P.volume),
  note: fromText(P.note),
});

export function purchaseFormValues(purchase: RecordIn<'purchases'> | undefined, today: string, currency: string): z.input<typeof PurchaseForm> {
  return {
    period: purchase?.period ?? today.slice(0, 7),
    amount: textOf(purchase?.amount),
    currency: purchase?.currency ?? currency,
    productLine: textOf(purchase?.productLine),
    volume: textOf(purchase?.volume),
    note: textOf(purchase?.note),
  };
}

const R = ServiceRequest.fields;
export const RequestForm = z
  .object({
    openedAt: fromText(R.openedAt),
    closedAt: fromText(R.closedAt),
    severity: fromText(R.severity),
    channel: fromText(R.channel),
    firstResponseHours: fromNumber(R.firstResponseHours),
    complaint: R.complaint,
    summary: fromText(R.summary),
    personId: fromText(R.personId),
  })
  .superRefine((values, ctx) => {
    if (values.openedAt && values.closedAt && values.closedAt < values.openedAt)
      ctx.addIssue({ code: 'custom', path: ['closedAt'], params: { key: 'errors.closed_before_opened' } });
  });

export function requestFormValues(request: RecordIn<'requests'> | undefined, today: string): z.input<typeof RequestForm> {
  return {
    openedAt: request?.openedAt ?? today,
    closedAt: textOf(request?.closedAt),
    severity: request?.severity ?? 'medium',
    channel: textOf(request?.channel),
    firstResponseHours: textOf(request?.firstResponseHours),
    complaint: request?.complaint ?? false,
    summary: request?.summary ?? '',
    personId: textOf(request?.personId),
  };
}

const S = SatisfactionResponse.fields;
export const SurveyForm = z
  .object({
    answeredOn: fromText(S.answeredOn),
    nps: fromNumber(S.nps),
    csat: fromNumber(S.csat),
    ces: fromNumber(S.ces),
    personId: fromText(S.personId),
    comment: fromText(S.comment),
  })
  .superRefine((values, ctx) => {
    // Where the service puts it too: under NPS, the first of the three.
    if (values.nps == null && values.csat == null && values.ces == null) ctx.addIssue({ code: 'custom', path: ['nps'], params: { key: 'errors.no_score' } });
  });

export function surveyFormValues(survey: RecordIn<'surveys'> | undefined, today: string): z.input<typeof SurveyForm> {
  return {
    answeredOn: survey?.answeredOn ?? today,
    nps: textOf(survey?.nps),
    csat: textOf(survey?.csat),
    ces: textOf(survey?.ces),
    personId: textOf(survey?.personId),
    comment: textOf(survey?.comment),
  };
}

const C = CompetitorActivity.fields;
export const CompetitorForm = z.object({
  competitor: fromText(C.competitor),
  activity: fromText(C.activity),
  seenOn: fromText(C.seenOn),
});

export function competitorFormValues(activity: RecordIn<'competitors'> | undefined, today: string): z.input<typeof CompetitorForm> {
  return { competitor: activity?.competitor ?? '', activity: activity?.activity ?? '', seenOn: activity?.seenOn ?? today };
}

const V = AccountValue.fields;
export const ValueForm = z.object({
  asOf: fromText(V.asOf),
  lifetimeValue: fromNumber(V.lifetimeValue),
  potential: fromNumber(V.potential),
  shareOfWallet: fromNumber(V.shareOfWallet),
  currency: fromText(V.currency),
});

export function valueFormValues(value: RecordIn<'values'> | undefined, today: string, currency: string): z.input<typeof ValueForm> {
  return {
    asOf: value?.asOf ?? today,
    lifetimeValue: textOf(value?.lifetimeValue),
    potential: textOf(value?.potential),
    shareOfWallet: textOf(value?.shareOfWallet),
    currency: value ? textOf(value.currency) : currency,
  };
}
