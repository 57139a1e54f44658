import { z } from 'zod';

export const SyncSummary = z.object({
  deviceId: z.string(),
  published: z.number().int(),
  applied: z.number().int(),
  segmentsApplied: z.number().int(),
  conflicts: z.number().int(),
  quarantined: z.number().int(),
  waiting: z.number().int(),
  pendingLocal: z.number().int(),
  clockSkewMs: z.number(),
  readOnly: z.boolean(),
  rotatedFrom: z.string().optional(),
  bootstrapped: z.boolean().optional(),
  snapshotWritten: z.string().optional(),
  segmentsCollected: z.number().int().optional(),
});
export type SyncSummary = z.infer<typeof SyncSummary>;

export const SyncState = z.enum(['off', 'idle', 'syncing', 'unreachable', 'error']);

export const SyncStatus = z.object({
  state: SyncState,
  /** The share folder, or null when sync is not set up. */
  shareDir: z.string().nullable(),
  deviceId: z.string(),
  lastSyncAt: z.string().nullable(),
  lastSummary: SyncSummary.nullable(),
  /** Local changes made since the last publish. */
  pendingLocal: z.number().int(),
  openConflicts: z.number().int(),
  quarantined: z.array(z.object({ path: z.string(), reason: z.string(), tries: z.number().int() })),
  /** How far a peer's clock is ahead of ours (ms); shown as a warning above a few minutes. */
  clockSkewMs: z.number(),
  /** Progress of the running round: done of total segments. */
  progress: z.object({ phase: z.string(), done: z.number(), total: z.number() }).nullable(),
  /** Why the last round failed, in the user's words. */
  lastError: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncConfigureInput = z
  .object({
    /** An absolute folder path (the mounted share or the synced folder); null turns sync off. */
    shareDir: z.string().trim().min(1).max(4096).nullable(),
  })
  .strict();

export const ConflictSide = z.object({
  value: z.unknown(),
  clock: z.string(),
  device: z.string(),
  at: z.string(),
});

export const Conflict = z.object({
  table: z.string(),
  rowId: z.string(),
  field: z.string(),
  /** A readable name of the record (e.g. the account name), when it has one. */
  recordLabel: z.string(),
  current: ConflictSide,
  others: z.array(ConflictSide),
});
export type Conflict = z.infer<typeof Conflict>;

export const ConflictResolveInput = z
  .object({
    table: z.string().min(1),
    rowId: z.string().min(1),
    field: z.string().min(1),
    /** The clock of the value to keep: the current one (keep) or one of the others (restore it). */
    keep: z.string().min(1),
  })
  .strict();

/**
 * How long a record stays restorable in the bin, counted from its last change. After that it can
 * no longer be restored or edited, on any device, and sync empties it from the bin for good once
 * every active laptop has seen that (docs/sync-format.md, "Emptying the bin").
 */
export const BIN_RETENTION_DAYS = 30;

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The rule, in ms: a record in the bin stops being restorable this long after its last change. */
export const binExpiresAfter = (lastChangeMs: number): number => lastChangeMs + BIN_RETENTION_DAYS * DAY_MS;

/**
 * The instant after which a record in the bin can no longer be restored: its last change (the
 * record's `updatedAt`, derived from its newest field clock on every device alike) plus the
 * retention period. Null when `updatedAt` is not a readable instant.
 */
export function binExpiryAt(updatedAt: string): string | null {
  const last = Date.parse(updatedAt);
  return Number.isNaN(last) ? null : new Date(binExpiresAfter(last)).toISOString();
}

/**
 * A change that arrived for a record already emptied from the bin (or the values a record held
 * here when its purge came), kept so nothing is lost: the user may copy what they still need.
 */
export const OrphanedChange = z.object({
  /** The synced table; the renderer names its kind ("Account", "Touchpoint"), as for conflicts. */
  table: z.string(),
  rowId: z.string(),
  field: z.string(),
  /** The value as JSON text, exactly as it was kept. */
  value: z.string(),
  clock: z.string(),
  /** When the change was made (from its clock), ISO; null for a value that carries no clock. */
  at: z.string().nullable(),
  /** The device that made the change (from its clock); null for a value that carries no clock. */
  device: z.string().nullable(),
});
export type OrphanedChange = z.infer<typeof OrphanedChange>;
