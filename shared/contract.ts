/**
 * The one contract between the renderer and the main process. Each entry names a call
 * (`<area>.<verb>`), the schema its input must pass and the schema of its answer. The preload,
 * the IPC registration, the browser-mode HTTP bridge, the CLI and the renderer's client are all
 * typed from this object: adding a call is one entry here plus one service function.
 */
import { z } from 'zod';
import {
  Account,
  AccountCreateInput,
  AccountListInput,
  AccountRenameInput,
  ById,
} from './accounts';
import type { Result } from './result';
import { Conflict, ConflictResolveInput, SyncConfigureInput, SyncStatus, SyncSummary } from './sync';

const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

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
  'accounts.list': call(AccountListInput, z.array(Account)),
  'accounts.get': call(ById, Account),
  'accounts.create': call(AccountCreateInput, Account),
  'accounts.rename': call(AccountRenameInput, Account),
  'accounts.delete': call(ById, Account),
  'accounts.restore': call(ById, Account),
  'sync.status': call(z.object({}).strict(), SyncStatus),
  'sync.configure': call(SyncConfigureInput, SyncStatus),
  'sync.run': call(z.object({}).strict(), SyncSummary),
  'conflicts.list': call(z.object({}).strict(), z.array(Conflict)),
  'conflicts.resolve': call(ConflictResolveInput, z.object({ resolved: z.boolean() })),
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
