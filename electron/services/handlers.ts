import type { Method } from '../../shared/contract';
import type { ServiceContext } from './context';
import type { Outputs, ParsedInputs } from './types';
import { createAccount, deleteAccount, getAccount, listAccounts, renameAccount, restoreAccount } from './accounts';

type Handlers = { [M in Method]: (ctx: ServiceContext, input: ParsedInputs[M]) => Outputs[M] | Promise<Outputs[M]> };

/** One service function per contract call; the type makes a missing one a compile error. */
export const handlers: Handlers = {
  'app.info': (ctx) => ({
    name: 'Rapport',
    version: ctx.version,
    mode: ctx.mode,
    dataDir: ctx.store.dataDir,
    deviceId: ctx.store.deviceId,
    schemaVersion: ctx.store.schemaVersion,
  }),
  'accounts.list': listAccounts,
  'accounts.get': getAccount,
  'accounts.create': createAccount,
  'accounts.rename': renameAccount,
  'accounts.delete': deleteAccount,
  'accounts.restore': restoreAccount,
  'sync.status': (ctx) => ctx.sync.status(),
  'sync.configure': (ctx, input) => {
    ctx.sync.configure(input.shareDir);
    return ctx.sync.status();
  },
  'sync.run': (ctx) => ctx.sync.runOnce(),
  'conflicts.list': (ctx) => ctx.sync.conflicts(),
  'conflicts.resolve': (ctx, input) => ({ resolved: ctx.changes.resolve(input.table, input.rowId, input.field, input.keep) }),
};
