/**
 * What every bin says: how long records stay restorable, and for each one the instant after which
 * it no longer can be (its last change plus the retention period, as the store counts it).
 */
import { useTranslation } from 'react-i18next';
import { BIN_RETENTION_DAYS, binExpiryAt } from '../../shared/sync';
import { useFormat } from '../format';

/** The one-line explanation shown above a bin's list. */
export function BinNotice({ className }: { className?: string }) {
  const { t } = useTranslation();
  return <p className={className ?? 'bin-notice'}>{t('bin.notice', { days: BIN_RETENTION_DAYS })}</p>;
}

/**
 * "Restorable until …" for a record in the bin, or "No longer restorable since …" once that has
 * passed (a restore is then refused, and the error says why). `updatedAt` is the record's last change;
 * `now` comes from the list's `useNow()`, so the line changes by itself when the moment passes.
 */
export function BinExpiry({ updatedAt, now }: { updatedAt: string; now: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const expiry = binExpiryAt(updatedAt);
  if (!expiry) return null;
  const date = format.dateTime(expiry);
  return <time dateTime={expiry}>{t(Date.parse(expiry) < now ? 'bin.expired' : 'bin.restorableUntil', { date })}</time>;
}
