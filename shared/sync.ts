import { z } from 'zod';

/**
 * Why a device cannot make progress (brief SYNC.md point 15: never stuck in silence). Each code has
 * its reason and its remedy in the catalogs (`sync.stuck.<code>` and `sync.stuck.<code>Remedy`),
 * worded for the status bar, `rapport sync` and `rapport check` alike.
 */
export const StuckCode = z.enum([
  /** A segment of another device has not reached this computer, for longer than a round. */
  'waiting_missing',
  /** A segment is on the share but cannot be read (cut short, damaged); its writer republishes it. */
  'waiting_unreadable',
  /** A segment waits for one of another device that it depends on. */
  'waiting_dependency',
  /** A file on the share cannot be read; retried every round. */
  'quarantined',
  /** The share asks for a newer app to write: this device only reads; its changes wait here. */
  'read_only_app',
  /** Other devices write here but the share's format file has not arrived yet: this device only reads. */
  'format_not_delivered',
  /** The share's format file is there but unreadable (still arriving, or damaged): this device only reads. */
  'format_unreadable',
  /** The share uses a format newer than this app reads: nothing is read or written. */
  'format_unsupported',
  /** The share folder cannot be reached (unmounted, offline, VPN down): work goes on locally. */
  'unreachable',
  /** The share is encrypted and this device holds none of its workspace's keys (never joined, or removed): nothing is read or written. */
  'not_enrolled',
]);
export type StuckCode = z.infer<typeof StuckCode>;

export const Stuck = z.object({
  code: StuckCode,
  /** When this device first found itself in this state (ISO), kept across rounds and restarts. */
  since: z.string(),
  /** What the words need: a device, a segment number, a file, versions. */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type Stuck = z.infer<typeof Stuck>;

export const SyncSummary = z.object({
  deviceId: z.string(),
  /** Local field changes published in this round. */
  published: z.number().int(),
  /** Remote field changes that changed something here. */
  applied: z.number().int(),
  segmentsApplied: z.number().int(),
  /** Fields that gained a conflict in this round. */
  conflicts: z.number().int(),
  /** Share files currently quarantined (unreadable), retried every round. */
  quarantined: z.number().int(),
  /** Segments seen but not applicable yet (a gap, or waiting for another device's segment). */
  waiting: z.number().int(),
  /** Records with local changes still to publish (non-zero only while the share is read-only for this device). */
  pendingLocal: z.number().int(),
  /** How far ahead of this device's clock the newest peer clock seen is, in ms (0 when none). */
  clockSkewMs: z.number(),
  /** Set when the share asks for a newer app to write, or its format file is not there yet: this round only read. */
  readOnly: z.boolean(),
  /** Set when this device found a clone of itself on the share and took a new id. */
  rotatedFrom: z.string().optional(),
  /** Set when this round started from a snapshot (new device, or back after segments were collected). */
  bootstrapped: z.boolean().optional(),
  snapshotWritten: z.string().optional(),
  segmentsCollected: z.number().int().optional(),
  /** Records this device emptied from the bin for good in this round. */
  purged: z.number().int().optional(),
  /** Set when this round rewrote this device's ack.json. */
  acknowledged: z.boolean().optional(),
  /** Set when the share's format file was lost and this round recreated it from what the devices recorded. */
  formatRecreated: z.boolean().optional(),
  /** Own segments sealed in place this round (a plain share's upgrade to encryption). */
  resealed: z.number().optional(),
  /** Segments of this device that others found damaged on the share, written again from this device's copy. */
  republished: z.number().int().optional(),
  /** Every way this device cannot make progress now, with since when (empty when all is well). */
  stuck: z.array(Stuck),
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
  /** How far a peer's clock is ahead of ours (ms); shown as a warning above a few minutes. */
  clockSkewMs: z.number(),
  /** Progress of the running round: done of total segments. */
  progress: z.object({ phase: z.string(), done: z.number(), total: z.number() }).nullable(),
  /** Why the last round failed, in the user's words. */
  lastError: z.string().nullable(),
  /** Every way this device cannot make progress now (the last round's, and an unreachable share). */
  stuck: z.array(Stuck),
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

/** The longest field value a conflict can hold: a note (20,000 characters) as JSON, with room to spare. */
const MAX_CONFLICT_VALUE_JSON = 100_000;

export const ConflictResolveInput = z
  .object({
    table: z.string().min(1).max(64),
    rowId: z.string().min(1).max(64),
    field: z.string().min(1).max(64),
    /** The clock of the value to keep: the current one (keep) or one of the others (restore it). */
    keep: z.string().min(1).max(64),
    /**
     * The value to keep, as listed: two values may carry one clock (the two copies of a cloned
     * laptop, before either took a new id), and then only the value says which one is meant.
     */
    value: z
      .unknown()
      .refine((value) => value === undefined || (JSON.stringify(value)?.length ?? 0) <= MAX_CONFLICT_VALUE_JSON, {
        params: { key: 'validation.tooLong', maximum: MAX_CONFLICT_VALUE_JSON },
      })
      .optional(),
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
