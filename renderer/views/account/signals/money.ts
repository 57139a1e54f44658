/**
 * Amounts and months as the reader reads them, and the purchases' twelve-month totals. Pure:
 * tested without React.
 *
 * A stored currency is whatever a version of the app once saved: today's schema accepts only ISO
 * 4217 codes, but an older version saved “元”, and `Intl.NumberFormat` throws on a code it cannot
 * use. Such an amount shows as the number and the code as saved, never as a broken page.
 */

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

/** The currency formatter of a language and code; null when the runtime refuses the code. */
function moneyFormat(locale: string, currency: string): Intl.NumberFormat | null {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    try {
      // Whole amounts without “.00”; cents only where an amount has them.
      format = new Intl.NumberFormat(locale, { style: 'currency', currency, trailingZeroDisplay: 'stripIfInteger' });
    } catch {
      format = null;
    }
    moneyFormats.set(key, format);
  }
  return format;
}

/** An amount in its currency (“¥12,000”, “US$1,250.50”); the plain number and the code when the code is unknown or missing. */
export function formatMoney(locale: string, amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return '';
  const code = currency?.trim() ?? '';
  const format = code ? moneyFormat(locale, code) : null;
  if (format) {
    try {
      return format.format(amount);
    } catch {
      // fall through to the plain number
    }
  }
  const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(amount);
  return code ? `${plain} ${code}` : plain;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** A month (`YYYY-MM`) as the reader says it (“2026年3月”, “Mar 2026”); anything else as it was saved. */
export function formatMonth(locale: string, month: string): string {
  const match = MONTH.exec(month);
  if (!match) return month;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, 1);
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short' }).format(date);
}

/** The month `count` months before `month` (`YYYY-MM`). */
export function monthsBefore(month: string, count: number): string {
  const match = MONTH.exec(month);
  if (!match) return month;
  const index = Number(match[1]) * 12 + Number(match[2]) - 1 - count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export interface PurchaseTotal {
  currency: string;
  /** The twelve months ending with this one. */
  recent: number;
  /** The twelve months before those. */
  previous: number;
  /** `recent` against `previous` as a fraction (0.12 is 12% more); null when there was nothing before. */
  change: number | null;
}

/**
 * Per currency (amounts in different currencies are not added up), the total of the last twelve
 * months (this month included) and of the twelve before, for the currencies bought in either.
 * Ordered by the recent total, largest first.
 */
export function purchaseTotals(purchases: readonly { period: string; amount: number; currency: string }[], thisMonth: string): PurchaseTotal[] {
  const recentFrom = monthsBefore(thisMonth, 11);
  const previousFrom = monthsBefore(thisMonth, 23);
  const totals = new Map<string, { recent: number; previous: number }>();
  for (const purchase of purchases) {
    if (!MONTH.test(purchase.period) || purchase.period > thisMonth || purchase.period < previousFrom) continue;
    if (typeof purchase.amount !== 'number' || !Number.isFinite(purchase.amount)) continue;
    const currency = purchase.currency?.trim().toUpperCase() || '';
    const total = totals.get(currency) ?? { recent: 0, previous: 0 };
    if (purchase.period >= recentFrom) total.recent += purchase.amount;
    else total.previous += purchase.amount;
    totals.set(currency, total);
  }
  return [...totals]
    .map(([currency, { recent, previous }]) => ({ currency, recent, previous, change: previous > 0 ? (recent - previous) / previous : null }))
    .sort((a, b) => b.recent - a.recent || a.currency.localeCompare(b.currency));
}
