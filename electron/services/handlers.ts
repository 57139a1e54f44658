import type { Method } from '../../shared/contract';
import type { ServiceContext } from './context';
import type { SqlValue } from '../sync/changes';
import type { Outputs, ParsedInputs } from './types';
import { recordCalls } from './domain';
import { dueFollowUps, personHistory, portfolioPage, roleStrategies, updateRoleStrategy } from './views';
import { searchEverything } from './search';
import { CallFailure } from './context';
import { loadDemo } from './demo';
import { exportCalendar, exportContacts, exportList } from './exports';
import { listConflicts, listOrphans } from './conflicts';
import { mapOf } from './map';
import { chooseMe, whoAmI } from './me';
import { healthDashboard } from './dashboard';
import { checkDuplicates, dismissDuplicate, listDuplicates } from './duplicates';
import { applyMerge, previewMerge, reconcileMerges } from './merge';
import { applyHandover, handoverPack, previewHandover, reconcileHandovers, singlePointRisk } from './handover';
import { privacyHandlers } from './privacy';
import { backups, createBackup, restoreBackup } from './backup';
import { accountHealthOf, configureHealth, healthSettings, inbox, recomputeWork } from './health';
import { listBatches, previewImport, runImport, saveMapping, undoImport } from './import/service';
import { receiveChunk } from './import/uploads';
import { deletePreset, listPresets } from './import/presets';
import { createWorkspaceCall, inviteCall, joinCall, removeDeviceCall, workspaceStatus } from './workspace';

type Handlers = { [M in Method]: (ctx: ServiceContext, input: ParsedInputs[M]) => Outputs[M] | Promise<Outputs[M]> };
type Area = keyof typeof recordCalls;

/** The six record calls of each kind, named as the contract names them (`people.create`, …). */
function recordEntries(): Pick<Handlers, `${Area}.${'list' | 'get' | 'create' | 'update' | 'delete' | 'restore'}` & Method> {
  const entries: Record<string, unknown> = {};
  for (const [area, calls] of Object.entries(recordCalls)) {
    for (const [verb, fn] of Object.entries(calls)) entries[`${area}.${verb}`] = fn;
  }
  // Records are typed loosely inside the services; the dispatcher checks each answer against the contract.
  return entries as never;
}

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
  ...recordEntries(),
  // Private notes are sealed to their author, and a person can be exported and erased (issue 12).
  ...(privacyHandlers as unknown as Pick<Handlers, keyof typeof privacyHandlers>),
  'me.get': whoAmI,
  'me.set': chooseMe,
  'health.account': accountHealthOf,
  'health.recompute': (ctx) => {
    ctx.healthKept();
    return ctx.jobs.run('health', recomputeWork({ sqlite: ctx.store.sqlite, changes: ctx.changes, now: ctx.now, t: ctx.t }), 0, ctx.tellChanges);
  },
  'health.settings': (ctx) => healthSettings(ctx.store.sqlite),
  'health.configure': configureHealth,
  'alerts.inbox': inbox,
  'health.dashboard': healthDashboard,
  'people.history': (ctx, input) => personHistory(ctx, input.personId),
  'strategies.list': (ctx) => roleStrategies(ctx),
  'strategies.update': (ctx, input) => updateRoleStrategy(ctx, input),
  'portfolio.list': portfolioPage,
  'followups.due': dueFollowUps,
  'search.query': searchEverything,
  'map.get': mapOf,
  'demo.load': loadDemo,
  'exports.list': exportList,
  'exports.contacts': exportContacts,
  'exports.calendar': exportCalendar,
  // The desktop app's main process answers this itself (electron/ipc/register.ts): only a window can print.
  'print.pdf': () => {
    throw new CallFailure('unavailable', {}, 'print_desktop_only');
  },
  'sync.status': (ctx) => ctx.sync.status(),
  'sync.configure': (ctx, input) => {
    ctx.sync.configure(input.shareDir);
    return ctx.sync.status();
  },
  'sync.run': (ctx) => ctx.sync.runInBackground(),
  'conflicts.list': (ctx) => listConflicts(ctx.store.sqlite),
  'conflicts.resolve': (ctx, input) => ({
    resolved: ctx.changes.resolve(input.table, input.rowId, input.field, input.keep, input.value as SqlValue | undefined),
  }),
  'conflicts.orphans': (ctx) => listOrphans(ctx.store.sqlite),
  'duplicates.check': checkDuplicates,
  'duplicates.list': listDuplicates,
  'duplicates.dismiss': dismissDuplicate,
  'merge.preview': previewMerge,
  'merge.apply': (ctx, input) => {
    const result = applyMerge(ctx, input);
    // What other laptops wrote before this merge arrived is caught up here and after each round.
    reconcileMerges(ctx);
    return result;
  },
  // After every sync round (host/core.ts): merges, then handovers (a merge may move work onto a leaver's record).
  'merge.reconcile': (ctx) => ({ ...reconcileMerges(ctx), handedOver: reconcileHandovers(ctx) }),
  'handover.preview': previewHandover,
  'handover.apply': applyHandover,
  'handover.pack': handoverPack,
  'handover.risk': singlePointRisk,
  'workspace.status': workspaceStatus,
  'workspace.create': createWorkspaceCall,
  'workspace.invite': inviteCall,
  'workspace.join': joinCall,
  'workspace.removeDevice': removeDeviceCall,
  'backup.list': (ctx) => backups(ctx.store),
  'backup.create': (ctx) => createBackup(ctx, 'manual'),
  'backup.restoreFrom': (ctx, input) => restoreBackup(ctx, input.id, { force: input.force }),
  'jobs.list': (ctx) => ctx.jobs.list(),
  'jobs.cancel': (ctx, input) => ({ cancelled: ctx.jobs.cancel(input.id) }),
  'import.upload': receiveChunk,
  'import.preview': previewImport,
  'import.run': runImport,
  'import.undo': undoImport,
  'import.batches': listBatches,
  'import.presets': listPresets,
  'import.savePreset': saveMapping,
  'import.deletePreset': (ctx, input) => deletePreset(ctx, input.name),
};
