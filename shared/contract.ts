/**
 * The one contract between the renderer and the main process. Each entry names a call
 * (`<area>.<verb>`), the schema its input must pass and the schema of its answer. The preload,
 * the IPC registration, the browser-mode HTTP bridge, the CLI and the renderer's client are all
 * typed from this object: adding a call is one entry here plus one service function; a record
 * kind's calls come from its declaration in kinds.ts.
 */
import { z } from 'zod';
import * as D from './domain';
import type { Result } from './result';
import { Conflict, ConflictResolveInput, OrphanedChange, SyncConfigureInput, SyncStatus, SyncSummary } from './sync';
import { MapInput, MapView } from './map/schemas';
import { JobCancelInput, JobProgress } from './events';
import { AREAS, areaKinds, type Area, type AreaKinds } from './kinds';
import { HealthSettings } from './health/settings';
import { AccountHealthInput, AccountHealthView, InboxInput, InboxView } from './health/schemas';
import { DashboardInput, DashboardView } from './health/dashboard';
import { BackupInfo, BackupRestoreInput, BackupRestoreResult } from './backup';

const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

const ById = z.object({ id: D.RecordId }).strict();

type Verb = 'list' | 'get' | 'create' | 'update' | 'delete' | 'restore';
type Entity<A extends Area> = AreaKinds[A]['entity'];
type RecordSchema<A extends Area> = z.ZodType<D.RecordOf<Entity<A>>>;
type RecordCall<A extends Area, V extends Verb> = V extends 'list'
  ? { input: AreaKinds[A]['list']; output: z.ZodArray<RecordSchema<A>> }
  : V extends 'create'
    ? { input: Entity<A>['create']; output: RecordSchema<A> }
    : V extends 'update'
      ? { input: Entity<A>['update']; output: RecordSchema<A> }
      : { input: typeof ById; output: RecordSchema<A> };
/** `people.list`, `people.create`, … for every area of shared/kinds.ts. */
type RecordContract = { [M in `${Area}.${Verb}`]: M extends `${infer A extends Area}.${infer V extends Verb}` ? RecordCall<A, V> : never };

/**
 * The six calls of every record kind, derived from its declaration (shared/kinds.ts): list (by
 * the kind's list input), get, create, update (any subset of fields), delete (to the bin,
 * restorable) and restore.
 */
const recordContract = Object.fromEntries(
  AREAS.flatMap((area) => {
    const kind: { entity: { fields: z.ZodRawShape; create: z.ZodType; update: z.ZodType }; list: z.ZodType } = areaKinds[area];
    const record = D.recordSchema(kind.entity);
    return [
      [`${area}.list`, call(kind.list, z.array(record))],
      [`${area}.get`, call(ById, record)],
      [`${area}.create`, call(kind.entity.create, record)],
      [`${area}.update`, call(kind.entity.update, record)],
      [`${area}.delete`, call(ById, record)],
      [`${area}.restore`, call(ById, record)],
    ];
  }),
) as RecordContract;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** `desktop` inside Electron, `browser` behind the loopback bridge, `cli` from the command line. */
  mode: z.enum(['desktop', 'browser', 'cli']),
  dataDir: z.string(),
  deviceId: z.string(),
  schemaVersion: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const contract = {
  'app.info': call(z.object({}).strict(), AppInfo),
  ...recordContract,
  /** Who uses this device: "my" follow-ups and alerts, and the owner new records get by default. */
  'me.get': call(z.object({}).strict(), D.MeView),
  'me.set': call(D.MeInput, D.MeView),
  /** One account's health now or as of an earlier instant, each indicator with its value, threshold and reason. */
  'health.account': call(AccountHealthInput, AccountHealthView),
  /** Recomputes every account's health and raises the alerts it asks for (after settings change; the app does it after sync). */
  'health.recompute': call(z.object({}).strict(), z.object({ accounts: z.number().int(), raised: z.number().int() })),
  /** The team's weights and thresholds of the health model (synced). */
  'health.settings': call(z.object({}).strict(), HealthSettings),
  'health.configure': call(HealthSettings, HealthSettings),
  /** The attention inbox: open alerts, the acting member's first, red before yellow, oldest first. */
  'alerts.inbox': call(InboxInput, InboxView),
  /** The health dashboard: the portfolio's colours by tier and stage and the largest falls, or one account's health and signals over time. */
  'health.dashboard': call(DashboardInput, DashboardView),
  'people.history': call(z.object({ personId: D.RecordId }).strict(), z.array(D.PersonChangeRecord)),
  'strategies.list': call(z.object({}).strict(), z.array(D.RoleStrategy)),
  'strategies.update': call(D.RoleStrategy, D.RoleStrategy),
  'portfolio.list': call(D.PortfolioInput, D.PortfolioPage),
  'followups.due': call(D.FollowUpsDueInput, z.array(D.FollowUpDue)),
  'search.query': call(D.SearchInput, D.SearchResult),
  /** The stakeholder map of one account (issue 5), now or as of an earlier instant, with its red flags. */
  'map.get': call(MapInput, MapView),
  'demo.load': call(D.DemoLoadInput, D.DemoLoadResult),
  'sync.status': call(z.object({}).strict(), SyncStatus),
  'sync.configure': call(SyncConfigureInput, SyncStatus),
  'sync.run': call(z.object({}).strict(), SyncSummary),
  'conflicts.list': call(z.object({}).strict(), z.array(Conflict)),
  'conflicts.resolve': call(ConflictResolveInput, z.object({ resolved: z.boolean() })),
  /** Changes kept aside because their record had already been emptied from the bin, for the user to copy. */
  'conflicts.orphans': call(z.object({}).strict(), z.array(OrphanedChange)),

  // ---- Backups of this device's store (issue 12): list, take one now (a job), restore one. ----
  'backup.list': call(z.object({}).strict(), z.array(BackupInfo)),
  'backup.create': call(z.object({}).strict(), BackupInfo),
  // Not `backup.restore`: `.restore` is a record kind's verb (out of the bin).
  'backup.restoreFrom': call(BackupRestoreInput, BackupRestoreResult),

  // ---- Long jobs (issue 10). A job (demo.load) answers when it ends; meanwhile its progress
  // arrives as `job.progress` events (shared/events.ts), which carry the id to cancel it by. ----
  /** The jobs running now, so a page opened (or reconnected) mid-job shows their progress at once. */
  'jobs.list': call(z.object({}).strict(), z.array(JobProgress)),
  /** Stops a running job after the chunk in progress; what it did so far is kept. False when no such job runs. */
  'jobs.cancel': call(JobCancelInput, z.object({ cancelled: z.boolean() })),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export const methods = Object.keys(contract) as Method[];

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** What a caller may pass (defaults not yet applied). */
export type CallInput<M extends Method> = z.input<Contract[M]['input']>;
/** What a service receives after the input schema parsed it. */
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type CallOutput<M extends Method> = z.output<Contract[M]['output']>;

/** Per-call facts every transport passes along: the caller's language, for messages. */
export interface CallMeta {
  locale?: string;
  /** The team member the call acts as (the CLI's `--as`); else the device's own choice (`me.get`). */
  as?: string;
}

/** What the preload exposes as `window.rapport` and the HTTP bridge mirrors: envelopes, never throws. */
export type Bridge = {
  [M in Method]: (input: CallInput<M>, meta?: CallMeta) => Promise<Result<CallOutput<M>>>;
};

/** The renderer's view: plain promises that reject with an ApiError. */
export type Api = {
  [M in Method]: (input: CallInput<M>) => Promise<CallOutput<M>>;
};

/** The name of the IPC channel that carries one method. */
export const channelOf = (method: Method) => `rapport:${method}`;
