/**
 * What this device has told its user (desktop notifications, the browser's), so that nothing is
 * told twice on the same device: local, never synced (each laptop tells its own user once).
 */
import type Database from 'better-sqlite3';
import { prepared } from './prepared';

type Db = Database.Database;

export interface AlertToTell {
  key: string;
  id: string;
  accountId: string;
  accountName: string;
  colour: 'yellow' | 'red';
  evidence: string;
}

export interface FollowUpToTell {
  key: string;
  id: string;
  accountId: string;
  accountName: string;
  task: string;
  dueDate: string;
}

const TOLD_PREFIX = 'told:';

/**
 * Active alerts of accounts this member owns (an escalation to red is a new event: the colour is
 * part of its key), and their open follow-ups due by `today`, not yet told on this device.
 */
export function untold(sqlite: Db, memberId: string, today: string): { alerts: AlertToTell[]; followUps: FollowUpToTell[] } {
  const alerts = prepared(
    sqlite,
    `SELECT 'alert:' || al.id || ':' || al.colour AS key, al.id, al.account_id AS accountId, a.name AS accountName, al.colour, al.evidence
       FROM alerts al JOIN accounts a ON a.id = al.account_id AND a.deleted_at IS NULL
      WHERE al.deleted_at IS NULL AND al.state IN ('open', 'acknowledged', 'in_progress') AND a.owner_id = ?
        AND NOT EXISTS (SELECT 1 FROM local_meta WHERE key = '${TOLD_PREFIX}' || 'alert:' || al.id || ':' || al.colour)
      ORDER BY al.colour DESC, al.raised_at`,
  ).all(memberId) as AlertToTell[];
  const followUps = prepared(
    sqlite,
    `SELECT 'followup:' || f.id || ':' || f.due_date AS key, f.id, f.account_id AS accountId, a.name AS accountName, f.task, f.due_date AS dueDate
       FROM follow_ups f JOIN accounts a ON a.id = f.account_id AND a.deleted_at IS NULL
      WHERE f.deleted_at IS NULL AND f.done = 0 AND f.owner_id = ? AND f.due_date IS NOT NULL AND f.due_date <= ?
        AND NOT EXISTS (SELECT 1 FROM local_meta WHERE key = '${TOLD_PREFIX}' || 'followup:' || f.id || ':' || f.due_date)
      ORDER BY f.due_date`,
  ).all(memberId, today) as FollowUpToTell[];
  return { alerts, followUps };
}

/** Remembers these as told (with when, so old ones can be forgotten). */
export function markTold(sqlite: Db, keys: readonly string[], at: string): void {
  const write = prepared(sqlite, 'INSERT OR IGNORE INTO local_meta (key, value) VALUES (?, ?)');
  sqlite.transaction(() => {
    for (const key of keys) write.run(`${TOLD_PREFIX}${key}`, JSON.stringify(at));
  })();
}

/** Whether this member's existing alerts and follow-ups were taken as the baseline on this device. */
export function toldBaseline(sqlite: Db, memberId: string): boolean {
  return prepared(sqlite, 'SELECT 1 FROM local_meta WHERE key = ?').get(`${TOLD_PREFIX}baseline:${memberId}`) !== undefined;
}
