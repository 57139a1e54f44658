/**
 * The one contract between the renderer and the main process. Each entry names a call
 * (`<area>.<verb>`), the schema its input must pass and the schema of its answer. The preload,
 * the IPC registration, the browser-mode HTTP bridge, the CLI and the renderer's client are all
 * typed from this object: adding a call is one entry here plus one service function; a record
 * kind's calls come from its declaration in kinds.ts.
 */
import { z } from 'zod';
import * as D from './domain';
import * as X from './exports';
import type { Result } from './result';
import { Conflict, ConflictResolveInput, OrphanedChange, SyncConfigureInput, SyncStatus, SyncSummary } from './sync';
import { MapInput, MapView } from './map/schemas';
import { JobCancelInput, JobProgress } from './events';
import { AREAS, areaKinds, type Area, type AreaKinds } from './kinds';
import { HealthSettings } from './health/settings';
import { AccountHealthInput, AccountHealthView, InboxInput, InboxView } from './health/schemas';
import { DashboardInput, DashboardView } from './health/dashboard';
import * as I from './import/schemas';
import {
  DuplicateCheckInput,
  DuplicateDismissInput,
  DuplicateList,
  DuplicateListInput,
  DuplicateMatch,
  MergeApplyInput,
  MergeInput,
  MergePreview,
  MergeResult,
  ReconcileResult,
} from './dedupe/schemas';
import { HandoverApplyInput, HandoverInput, HandoverPack, HandoverPreview, HandoverResult, PackInput, RiskInput, RiskView } from './handover';
import * as P from './privacy';
import * as W from './workspace';
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
  // Strict as input (a typo in a rule's name must not pass for a change); stored settings of a newer version parse leniently.
  'health.configure': call(HealthSettings.strict(), HealthSettings),
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
  /** A list as shown (filters, order, language) to CSV or Excel; people to vCard; follow-ups and renewals to a calendar (jobs). */
  'exports.list': call(X.ExportListInput, X.ExportFile),
  'exports.contacts': call(X.ExportContactsInput, X.ExportFile),
  'exports.calendar': call(X.ExportCalendarInput, X.ExportFile),
  /** The window's page as a PDF (Chromium's printToPDF): answered by the desktop app's main process; elsewhere `unavailable`. */
  'print.pdf': call(X.PrintPdfInput, X.ExportFile),
  'sync.status': call(z.object({}).strict(), SyncStatus),
  'sync.configure': call(SyncConfigureInput, SyncStatus),
  'sync.run': call(z.object({}).strict(), SyncSummary),
  'conflicts.list': call(z.object({}).strict(), z.array(Conflict)),
  'conflicts.resolve': call(ConflictResolveInput, z.object({ resolved: z.boolean() })),
  /** Changes kept aside because their record had already been emptied from the bin, for the user to copy. */
  'conflicts.orphans': call(z.object({}).strict(), z.array(OrphanedChange)),
  /** The encrypted share's workspace (issue 12, docs/security.md): this device's enrolment and the member devices. */
  'workspace.status': call(W.WorkspaceStatusInput, W.WorkspaceStatus),
  /** Creates the workspace on the share (a plain share is upgraded by the next sync); the recovery key is in the answer only. */
  'workspace.create': call(W.WorkspaceCreateInput, W.WorkspaceCreated),
  /** A one-time invitation code for another device (this device must be enrolled). */
  'workspace.invite': call(W.WorkspaceInviteInput, W.WorkspaceInvite),
  'workspace.join': call(W.WorkspaceJoinInput, W.WorkspaceStatus),
  /** Removes a member device: a new key for everything written afterwards, the snapshot written again under it. */
  'workspace.removeDevice': call(W.WorkspaceRemoveInput, W.WorkspaceStatus),

  // ---- Duplicates, merge and handover (issue 13) ----
  /** The existing accounts or people a new one looks like (the create forms warn before saving). */
  'duplicates.check': call(DuplicateCheckInput, z.array(DuplicateMatch)),
  /** Candidate duplicate pairs with their score and reasons, best first; pairs said not to be duplicates are left out. */
  'duplicates.list': call(DuplicateListInput, DuplicateList),
  /** "Not a duplicate": remembered and synced. */
  'duplicates.dismiss': call(DuplicateDismissInput, z.object({ dismissed: z.boolean() })),
  /** Both records, the fields whose values differ, and what would move to the survivor. */
  'merge.preview': call(MergeInput, MergePreview),
  /** Merges `fromId` into `intoId` (a synced operation; the other goes to the bin). */
  'merge.apply': call(MergeApplyInput, MergeResult),
  /** Re-points what still names merged-away records and carries their unseen edits (the app runs it after each sync round). */
  'merge.reconcile': call(z.object({}).strict(), ReconcileResult),
  /** What a leaving member's handover would move, account by account, and to whom. */
  'handover.preview': call(HandoverInput, HandoverPreview),
  /** Moves it all in one transaction, then (by default) moves the member to the bin. */
  'handover.apply': call(HandoverApplyInput, HandoverResult),
  /** One account's handover pack: decision chain, who knows whom, last year's touchpoints, open work, risks, agreements. */
  'handover.pack': call(PackInput, HandoverPack),
  /** Single-point-of-failure scores per account (or one) and per member. */
  'handover.risk': call(RiskInput, RiskView),

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

  // ---- Import from spreadsheets and contact files (issue 13; shared/import, electron/services/import) ----
  /** One chunk of a file to import (≤ 4 MB): the first chunk answers the upload's id. */
  'import.upload': call(I.ImportUploadInput, I.ImportUploadResult),
  /** What the import would do: the sheet, the mapping (suggested, a preset's or the given one), every row's problems. */
  'import.preview': call(I.ImportRequest, I.ImportPreview),
  /** Imports as one batch (a job: progress, cancel; cancelled leaves nothing); rows with problems are reported, the rest go in. */
  'import.run': call(I.ImportRequest, I.ImportResult),
  /** Undoes a whole batch. */
  'import.undo': call(z.object({ batchId: z.string().min(1).max(64) }).strict(), I.ImportUndoResult),
  /** The batches imported on this device, newest first. */
  'import.batches': call(z.object({}).strict(), z.array(I.ImportBatch)),
  /** The saved column mappings of this device. */
  'import.presets': call(z.object({}).strict(), z.array(I.ImportPreset)),
  'import.savePreset': call(I.ImportPresetSave, I.ImportPreset),
  'import.deletePreset': call(z.object({ name: z.string().trim().min(1).max(100) }).strict(), z.object({ deleted: z.boolean() })),
  // ---- Privacy (issue 12): personal keys for private notes, a person's export and erase ----
  /** The personal keys this device holds for the acting member. */
  'privacy.key': call(z.object({}).strict(), P.PersonalKeyStatus),
  /** A transfer code for the acting member's other laptop (makes the key first if there is none). */
  'privacy.keyExport': call(z.object({}).strict(), P.PersonalKeyExport),
  /** Takes the acting member's keys from a transfer code; their notes written here are resealed with it. */
  'privacy.keyImport': call(P.PersonalKeyImportInput, P.PersonalKeyImportResult),
  /** Everything the store holds about one client person (an access request). */
  'people.export': call(P.PersonExportInput, P.PersonExport),
  /** Erases a person's personal data on every device (synced), leaving a placeholder and who did it when. */
  'people.erase': call(P.PersonEraseInput, D.recordSchema(D.Person)),
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
