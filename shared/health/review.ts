/**
 * When a green account is due its routine review ("绿色:关系健康,每季度进行常规维护"): the
 * article's quarter for strategic accounts, and less often down the tiers, so the team's time
 * goes where the value is.
 */
import { addMonths, dayOf, dayText } from './time';

/** Months between routine reviews, by tier. An unknown tier is reviewed like a standard one. */
export const REVIEW_MONTHS: Readonly<Record<string, number>> = { strategic: 3, key: 4, growth: 6, standard: 12 };

export interface ReviewDue {
  due: boolean;
  /** The day the next review falls due (`YYYY-MM-DD`), or null when the account was never reviewed (due now). */
  dueOn: string | null;
  months: number;
}

/** Whether the routine review of an account of this tier is due at `asOf`, given the last one. */
export function routineReviewDue(tier: string, lastReviewAt: string | null | undefined, asOf: string): ReviewDue {
  const months = REVIEW_MONTHS[tier] ?? REVIEW_MONTHS.standard!;
  const last = lastReviewAt ? dayOf(lastReviewAt) : Number.NaN;
  if (Number.isNaN(last)) return { due: true, dueOn: null, months };
  const dueDay = addMonths(last, months);
  return { due: dayOf(asOf) >= dueDay, dueOn: dayText(dueDay), months };
}
