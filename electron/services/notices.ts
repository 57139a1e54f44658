/**
 * Telling the user once (issue 11): when an alert is raised or escalated on an account they own,
 * or one of their follow-ups falls due. The core checks after every change and every half hour,
 * and emits each as a `notice` event; the desktop app shows it as a system notification, browser
 * mode through the browser's (when allowed), and the inbox badge counts it either way. What was
 * told is remembered on this device (store/notifications.ts), so nothing is told twice.
 *
 * The first check for a member takes what is already there as told: choosing who you are, or
 * opening the app on a full store, is not a reason for a burst of fifty notifications.
 */
import type Database from 'better-sqlite3';
import type { Notice } from '../../shared/events';
import { readMe } from '../store/meta';
import { markTold, toldBaseline, untold } from '../store/notifications';
import { evidenceReason } from '../../shared/health/words';

/** More than this at once is told as one summary: the inbox lists them. */
const AT_ONCE = 5;

/** What to tell now (marked as told); nothing when nobody chose who uses this device. */
export function noticesDue(sqlite: Database.Database, now: string): Notice[] {
  const me = readMe(sqlite);
  if (!me) return [];
  const { alerts, followUps } = untold(sqlite, me, now.slice(0, 10));
  const keys = [...alerts.map((a) => a.key), ...followUps.map((f) => f.key)];
  if (!toldBaseline(sqlite, me)) {
    markTold(sqlite, [...keys, `baseline:${me}`], now);
    return [];
  }
  if (keys.length === 0) return [];
  markTold(sqlite, keys, now);
  const notices: Notice[] = [
    ...alerts.map((a): Notice => ({
      kind: 'alert',
      id: a.id,
      accountId: a.accountId,
      accountName: a.accountName,
      colour: a.colour,
      reason: evidenceReason(a.evidence),
    })),
    ...followUps.map((f): Notice => ({ kind: 'followup', id: f.id, accountId: f.accountId, accountName: f.accountName, task: f.task, dueDate: f.dueDate })),
  ];
  return notices.length > AT_ONCE ? [...notices.slice(0, AT_ONCE - 1), { kind: 'summary', count: notices.length - (AT_ONCE - 1) }] : notices;
}
