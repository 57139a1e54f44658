/** Backups of this device's store (electron/store/backup.ts, electron/services/backup.ts): what the contract carries. */
import { z } from 'zod';

export const BACKUP_REASONS = ['daily', 'manual', 'pre-migration', 'pre-restore'] as const;

/** A backup's id: its UTC time and reason, as its file is named (`2026-12-05T00-30-00-123Z-daily`). */
export const BackupId = z
  .string()
  .max(64)
  .regex(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z-(${BACKUP_REASONS.join('|')})$`));

export const BackupInfo = z.object({
  id: z.string(),
  reason: z.enum(BACKUP_REASONS),
  createdAt: z.string(),
  bytes: z.number().int(),
  schemaVersion: z.number().int(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

export const BackupRestoreInput = z
  .object({
    /** Checked against BackupId by the service, which says in words what a backup id looks like. */
    id: z.string().min(1).max(100),
    /** Restore although changes made here have not reached the share (they stay in the pre-restore backup). */
    force: z.boolean().optional(),
  })
  .strict();

export const BackupRestoreResult = z.object({
  restored: z.string(),
  /** The backup of the store as it was just before the restore. */
  before: z.string(),
  deviceId: z.string(),
  leftDeviceId: z.string().optional(),
});
