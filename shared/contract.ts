/**
 * The one contract between the renderer and the main process. Each entry names a call
 * (`<area>.<verb>`), the schema its input must pass and the schema of its answer. The preload,
 * the IPC registration, the browser-mode HTTP bridge, the CLI and the renderer's client are all
 * typed from this object: adding a call is one entry here plus one service function.
 */
import { z } from 'zod';
import * as D from './domain';
import type { Result } from './result';
import { Conflict, ConflictResolveInput, OrphanedChange, SyncConfigureInput, SyncStatus, SyncSummary } from './sync';
import { MapInput, MapView } from './map/schemas';

const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

const ById = z.object({ id: D.RecordId }).strict();
const State = z.enum(['active', 'deleted', 'all']).default('active');

/**
 * The six calls of a record kind: list, get, create, update (any subset of fields), delete (to the
 * bin, restorable) and restore. Each kind is declared once here with its list filter.
 */
function records<A extends string, E extends { fields: z.ZodRawShape; create: z.ZodType; update: z.ZodType }, L extends z.ZodType>(area: A, e: E, list: L) {
  const record = D.recordSchema(e);
  return {
    [`${area}.list`]: call(list, z.array(record)),
    [`${area}.get`]: call(ById, record),
    [`${area}.create`]: call(e.create, record),
    [`${area}.update`]: call(e.update, record),
    [`${area}.delete`]: call(ById, record),
    [`${area}.restore`]: call(ById, record),
  } as {
    [K in `${A}.list`]: { input: L; output: z.ZodArray<typeof record> };
  } & { [K in `${A}.${'get' | 'delete' | 'restore'}`]: { input: typeof ById; output: typeof record } } & {
    [K in `${A}.create`]: { input: E['create']; output: typeof record };
  } & { [K in `${A}.update`]: { input: E['update']; output: typeof record } };
}

const byAccount = D.ListByAccount;

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
  ...records('members', D.Member, z.object({ state: State }).strict()),
  ...records('accounts', D.AccountFields, z.object({ state: State, parentId: D.RecordId.optional() }).strict()),
  ...records('levels', D.AccountLevel, byAccount),
  ...records('team', D.AccountTeamMember, byAccount),
  ...records('initiatives', D.Initiative, byAccount),
  ...records('sponsors', D.SponsorPair, byAccount),
  ...records('agreements', D.Agreement, byAccount),
  ...records('people', D.Person, byAccount),
  ...records('notes', D.PersonNote, z.object({ personId: D.RecordId, state: State }).strict()),
  ...records('links', D.InfluenceLink, byAccount),
  ...records('touchpoints', D.Touchpoint, D.ListByAccount.extend({ personId: D.RecordId.optional() })),
  ...records('followups', D.FollowUp, byAccount),
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
