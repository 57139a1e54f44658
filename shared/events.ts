/**
 * The one event channel from the app to the page: what the store and services tell the renderer
 * without being asked (brief: "state flows back by events, never by polling"). Declared once here;
 * the desktop app carries them over IPC (`EVENT_CHANNEL`, forwarded by electron/ipc/register.ts),
 * browser mode as server-sent events (`EVENT_STREAM_PATH`, electron/host/bridge.ts), and the
 * renderer subscribes once (renderer/api/events.ts). A new kind of event (alerts, notifications)
 * is one more member of `AppEvent`.
 */
import { z } from 'zod';
import { AREAS, type Area } from './kinds';
import { SyncStatus } from './sync';

/** The IPC channel that carries every event to the window (desktop). */
export const EVENT_CHANNEL = 'rapport:event';
/** The server-sent event stream of browser mode (same token, origin and fetch-site checks as the API). */
export const EVENT_STREAM_PATH = '/api/events';

/**
 * What a change can touch, by contract area: each record kind's area (shared/kinds.ts), and the
 * two areas whose data is not a record kind (the team's role strategies, and the conflicts sync keeps).
 */
export type ChangeArea = Area | 'strategies' | 'conflicts' | 'health';
/** `health`: accounts' colours and scores were recomputed (the portfolio's health columns, the dashboard). */
export const CHANGE_AREAS: readonly ChangeArea[] = [...AREAS, 'strategies', 'conflicts', 'health'];
export const ChangeArea = z.enum(CHANGE_AREAS);

/** A running sync round's step: `done` of `total` (segments, rows, index batches). */
export const SyncProgress = SyncStatus.shape.progress.unwrap();
export type SyncProgress = z.infer<typeof SyncProgress>;

/** The kinds of long job (electron/services/jobs.ts); each has its words under `jobs.kind.*`. */
export const JOB_KINDS = ['demo', 'health', 'export', 'import', 'backup', 'search'] as const;
export const JobState = z.enum(['running', 'done', 'cancelled', 'failed']);

export const JobProgress = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  state: JobState,
  /** Units of work done and in all (records, for the sample data). */
  done: z.number().int(),
  total: z.number().int(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const JobCancelInput = z.object({ id: z.string().min(1).max(64) }).strict();

/**
 * What the desktop preload exposes as `window.rapportEvents`. Events arrive unchecked (the preload
 * carries no schemas): the renderer parses each with `AppEvent`.
 */
export interface EventBridge {
  subscribe(listener: (event: unknown) => void): () => void;
}

const NoticeReason = z.object({ key: z.string(), params: z.record(z.string(), z.unknown()) });

/** Something to tell the user once (electron/services/notices.ts): an alert on an account of theirs, a follow-up due, or how many more. */
export const Notice = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('alert'),
    id: z.string(),
    accountId: z.string(),
    accountName: z.string(),
    colour: z.enum(['yellow', 'red']),
    reason: NoticeReason,
  }),
  z.object({ kind: z.literal('followup'), id: z.string(), accountId: z.string(), accountName: z.string(), task: z.string(), dueDate: z.string() }),
  z.object({ kind: z.literal('summary'), count: z.number().int() }),
]);
export type Notice = z.infer<typeof Notice>;

export const AppEvent = z.discriminatedUnion('type', [
  /** Sync's whole status, whenever it may have changed (a round began or ended, a setting, a local change). */
  z.object({ type: z.literal('sync.status'), status: SyncStatus }),
  /** A running round's progress (at most every 100 ms); the rest of the status is unchanged. */
  z.object({ type: z.literal('sync.progress'), progress: SyncProgress }),
  /** Data of these areas changed (a call, a job's chunks, or a sync round): views of them refresh. */
  z.object({ type: z.literal('data.changed'), areas: z.array(ChangeArea) }),
  /** A long job started, moved on (at most every 100 ms) or ended. */
  z.object({ type: z.literal('job.progress'), job: JobProgress }),
  /** Tell the user once: a desktop notification, the browser's when allowed (never twice on one device). */
  z.object({ type: z.literal('notice'), notice: Notice }),
]);
export type AppEvent = z.infer<typeof AppEvent>;
