/**
 * Merging two accounts or two people: the survivor keeps its id and takes the fields the user
 * chose from the other; everything that named the other (found from the registry's references,
 * shared/kinds.ts) names the survivor; the other goes to the bin; a synced `merges` record says
 * so, with the other's field clocks as the merging device had seen them.
 *
 * A merge syncs like any write, and `reconcileMerges` runs on every device after each sync round
 * (electron/host/core.ts) and after a merge: a record that still names a merged-away one (a
 * touchpoint another laptop logged offline) is re-pointed, an edit of the merged-away record the
 * merging device had not seen is carried onto the survivor, and a merged-away record that came
 * back from the bin goes back. Every device does the same from the same records, so they converge.
 */
import type { z } from 'zod';
import {
  MERGE_KINDS,
  type MergeApplyInput,
  type MergeInput,
  type MergeKind,
  type MergePreview,
  type MergeResult,
  type ReconcileResult,
} from '../../shared/dedupe/schemas';
import { columnOf, kinds, type Kind } from '../../shared/kinds';
import { mergeRows, rowsReferencing, rowsReferencingAny, type MergeRow } from '../store/merge';
import { findRow } from '../store/records';
import { BinExpiredError, clockOfField, type FieldClocks } from '../sync/changes';
import type { SqlValue, SyncedTableName } from '../sync/changes';
import { CallFailure, type ServiceContext } from './context';
import { recordCalls } from './domain';
import { RuleFailure, findRecord, listRecords, toRecord, type Row } from './records';

const AREA_OF = { accounts: 'accounts', people: 'people' } as const;
const OPEN_ALERT: ReadonlySet<string> = new Set(['open', 'acknowledged', 'in_progress']);

/** The fields the user may choose between (a person's account is not one: people merge within one account). */
const choosable = (kind: MergeKind): string[] => Object.keys(kinds[kind].entity.fields).filter((f) => f !== 'accountId');

interface RefSite {
  kind: Kind;
  table: string;
  field: string;
  column: string;
  many: boolean;
}

/** Every field of every kind that names a record of `target`: from the registry, never a hand list. */
export function referencesTo(target: string): RefSite[] {
  return (Object.values(kinds) as Kind[]).flatMap((kind) =>
    kind.references
      .filter((r) => r.target === target)
      .map((r) => ({ kind, table: kind.table, field: r.field, column: columnOf(r.field), many: 'many' in r && r.many === true })),
  );
}

function live(ctx: ServiceContext, kind: MergeKind, id: string): Row {
  const row = findRecord(ctx, kinds[kind], id);
  if (!row || row.deletedAt) throw new CallFailure('not_found');
  return row;
}

function check(ctx: ServiceContext, input: z.infer<typeof MergeInput>): { from: Row; into: Row } {
  if (input.fromId === input.intoId) throw new CallFailure('validation', {}, 'merge_same');
  const from = live(ctx, input.kind, input.fromId);
  const into = live(ctx, input.kind, input.intoId);
  if (input.kind === 'people' && from.accountId !== into.accountId) throw new CallFailure('validation', {}, 'merge_other_account');
  return { from, into };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function previewMerge(ctx: ServiceContext, input: z.infer<typeof MergeInput>): z.infer<typeof MergePreview> {
  const { from, into } = check(ctx, input);
  const fields = choosable(input.kind)
    .filter((f) => !same(from[f], into[f]))
    .map((f) => ({ field: f, from: from[f] ?? null, into: into[f] ?? null }));
  const moves = new Map<string, number>();
  for (const site of referencesTo(input.kind)) {
    const n = rowsReferencing(ctx.store.sqlite, site.table, site.column, site.many, input.fromId).filter((r) => r.id !== input.fromId).length;
    if (n > 0) moves.set(site.table, (moves.get(site.table) ?? 0) + n);
  }
  return { kind: input.kind, from, into, fields, moves: [...moves].map(([table, count]) => ({ table, count })) };
}

/** A value with every mention of a merged-away id turned into its survivor (a JSON list's duplicates dropped). */
function repointed(value: unknown, moves: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return moves.get(value) ?? value;
  if (Array.isArray(value)) return [...new Set(value.map((v) => (typeof v === 'string' ? (moves.get(v) ?? v) : v)))];
  return value;
}

const writeUnlessExpired = (write: () => boolean): boolean => {
  try {
    return write();
  } catch (error) {
    // A record emptied from the bin long ago keeps its old link: it can no longer be written.
    if (error instanceof BinExpiredError) return false;
    throw error;
  }
};

/**
 * Makes every record that names a merged-away `target` record (a key of `moves`) name its
 * survivor: one query per reference site of the registry, however many merges there are. A record
 * that would name itself (a person reporting to their own duplicate) is cleared; an influence
 * link that would join a person to themselves goes to the bin. Returns how many records changed.
 */
export function repoint(ctx: ServiceContext, target: MergeKind, moves: ReadonlyMap<string, string>): number {
  const ids = [...moves.keys()];
  let changed = 0;
  for (const site of referencesTo(target)) {
    for (const row of rowsReferencingAny(ctx.store.sqlite, site.table, site.column, site.many, ids)) {
      if (site.table === target && moves.has(row.id)) continue; // a merged-away record's own links
      let value: SqlValue;
      if (site.many) {
        const list = repointed(JSON.parse(row.value ?? '[]') as unknown, moves) as string[];
        value = JSON.stringify(site.table === target ? list.filter((x) => x !== row.id) : list);
      } else {
        const into = moves.get(row.value ?? '') ?? row.value;
        value = site.table === target && row.id === into ? null : into;
      }
      if (value === row.value) continue;
      if (site.table === 'influence_links') {
        const link = findRow(ctx.store.sqlite, 'influence_links', row.id)!;
        const other = repointed(site.column === 'from_id' ? link.to_id : link.from_id, moves);
        if (other === value && link.deleted_at === null) writeUnlessExpired(() => ctx.changes.update('influence_links', row.id, { deleted_at: ctx.now() }));
      }
      if (writeUnlessExpired(() => ctx.changes.update(site.table as SyncedTableName, row.id, { [site.column]: value }))) changed++;
    }
  }
  // A person's history rows keep their account for a join (kinds.ts): they follow their person.
  if (target === 'accounts') {
    for (const row of rowsReferencingAny(ctx.store.sqlite, 'person_changes', 'account_id', false, ids)) {
      writeUnlessExpired(() => ctx.changes.update('person_changes', row.id, { account_id: moves.get(row.value ?? '') ?? row.value }));
    }
  }
  return changed;
}

export function applyMerge(ctx: ServiceContext, input: z.infer<typeof MergeApplyInput>): z.infer<typeof MergeResult> {
  const allowed = new Set(choosable(input.kind));
  const unknown = input.take.filter((f) => !allowed.has(f));
  if (unknown.length > 0) throw new CallFailure('validation', { fields: unknown.join(', ') }, 'merge_unknown_field');
  return ctx.changes.inTransaction(() => {
    const { from, into } = check(ctx, input);
    const fromRow = findRow(ctx.store.sqlite, input.kind, input.fromId)!;
    const patch: Record<string, unknown> = {};
    const moves = new Map([[input.fromId, input.intoId]]);
    for (const field of input.take) patch[field] = repointed(from[field] ?? null, moves);
    if (input.kind === 'accounts') {
      // The other name stays findable: it becomes one of the survivor's aliases.
      const name = (patch.name as string | undefined) ?? (into.name as string);
      const aliases = [...((into.aliases as string[]) ?? []), ...((from.aliases as string[]) ?? []), from.name as string, into.name as string];
      patch.aliases = [...new Set(aliases.filter((a) => a && a !== name))].slice(0, 50);
    }
    const openAlerts = (accountId: string) =>
      listRecords(ctx, kinds.alerts, 'active', [{ column: 'account_id', match: 'equals', value: accountId }]).filter((a) => OPEN_ALERT.has(String(a.state)));
    const movedAlerts = input.kind === 'accounts' ? openAlerts(input.fromId) : [];
    const moved = repoint(ctx, input.kind, moves);
    // Two accounts watched for the same rule would leave two alerts open for one problem: the moved
    // one is dismissed, saying why (its plan tasks stay, moved with the rest).
    if (movedAlerts.length > 0) {
      const movedIds = new Set(movedAlerts.map((a) => a.id));
      const rules = new Set(
        openAlerts(input.intoId)
          .filter((a) => !movedIds.has(a.id))
          .map((a) => a.rule),
      );
      for (const alert of movedAlerts.filter((a) => rules.has(a.rule))) {
        recordCalls.alerts.update(ctx, {
          id: alert.id,
          state: 'dismissed',
          stateReason: ctx.t('duplicates.mergeDialog.alertMerged', { name: into.name as string }),
        });
      }
    }
    // The survivor's fields first, the merge record last: its clock is newer than every write of the
    // merge, which is how reconciling tells the merge's own choices from later edits.
    const patchable = Object.fromEntries(Object.entries(patch).filter(([f, v]) => !same(v, into[f])));
    if (Object.keys(patchable).length > 0) recordCalls[AREA_OF[input.kind]].update(ctx, { id: input.intoId, ...patchable });
    ctx.changes.update(input.kind, input.fromId, { deleted_at: ctx.now() });
    const mergeId = ctx.changes.insert('merges', {
      kind: input.kind,
      from_id: input.fromId,
      into_id: input.intoId,
      by_id: ctx.me,
      at: ctx.now(),
      from_clocks: String(fromRow.sync_clocks),
    });
    return { mergeId, intoId: input.intoId, moved };
  });
}

/** Where a merged-away id ends: through chains of merges; in a loop (two laptops merged each way), the smallest id survives. */
function survivors(merges: MergeRow[]): { into: Map<string, string>; revived: Set<string> } {
  const next = new Map<string, string>();
  for (const m of merges) if (!next.has(m.fromId)) next.set(m.fromId, m.intoId);
  const into = new Map<string, string>();
  const revived = new Set<string>();
  for (const start of next.keys()) {
    const path: string[] = [];
    let at = start;
    while (next.has(at) && !path.includes(at)) {
      path.push(at);
      at = next.get(at)!;
    }
    if (path.includes(at)) {
      const loop = path.slice(path.indexOf(at));
      const keep = [...loop].sort()[0]!;
      revived.add(keep);
      at = keep;
    }
    if (at !== start) into.set(start, at);
  }
  for (const keep of revived) into.delete(keep);
  return { into, revived };
}

/**
 * After a sync round (and a merge): re-points what still names a merged-away record, carries the
 * merged-away record's edits the merge had not seen onto the survivor, and keeps merged-away
 * records in the bin. Idempotent: a second run finds nothing to do.
 */
export function reconcileMerges(ctx: ServiceContext): z.infer<typeof ReconcileResult> {
  const done = { repointed: 0, carried: 0, rebinned: 0, handedOver: 0 };
  const merges = mergeRows(ctx.store.sqlite);
  if (merges.length === 0) return done;
  for (const kind of MERGE_KINDS) {
    const ofKind = merges.filter((m) => m.kind === kind);
    const { into, revived } = survivors(ofKind);
    ctx.changes.inTransaction(() => {
      for (const id of revived) {
        const row = findRow(ctx.store.sqlite, kind, id);
        if (row && row.deleted_at !== null) ctx.changes.update(kind, id, { deleted_at: null });
      }
      for (const m of ofKind) {
        const target = into.get(m.fromId);
        if (!target) continue;
        const fromRow = findRow(ctx.store.sqlite, kind, m.fromId);
        if (!fromRow) continue; // emptied from the bin, or not here yet
        if (fromRow.deleted_at === null) {
          ctx.changes.update(kind, m.fromId, { deleted_at: ctx.now() });
          done.rebinned++;
        }
        done.carried += carry(ctx, kind, m, fromRow, target);
      }
      done.repointed += repoint(ctx, kind, into);
    });
  }
  return done;
}

/**
 * The merged-away record's field edits the merging device had not seen, written onto the
 * survivor, unless the survivor's field was edited after both the merge and that edit. The write
 * gives the survivor's field a newer clock, so the next run leaves it alone.
 */
function carry(ctx: ServiceContext, kind: MergeKind, merge: MergeRow, fromRow: Record<string, unknown>, intoId: string): number {
  const intoRow = findRow(ctx.store.sqlite, kind, intoId);
  if (!intoRow || intoRow.deleted_at !== null) return 0;
  const seen = JSON.parse(merge.fromClocks) as FieldClocks;
  const now = JSON.parse(String(fromRow.sync_clocks)) as FieldClocks;
  const survivor = JSON.parse(String(intoRow.sync_clocks)) as FieldClocks;
  const mergeClock = clockOfField(JSON.parse(merge.clocks) as FieldClocks, '*') ?? '';
  const from = toRecord(kinds[kind], fromRow);
  const patch: Record<string, unknown> = {};
  for (const field of choosable(kind)) {
    const column = columnOf(field);
    const edited = now[column];
    if (!edited || edited <= (clockOfField(seen, column) ?? '')) continue;
    const newest = edited > mergeClock ? edited : mergeClock;
    if ((clockOfField(survivor, column) ?? '') > newest) continue;
    patch[field] = repointed(from[field] ?? null, new Map([[merge.fromId, intoId]]));
  }
  if (Object.keys(patch).length === 0) return 0;
  const current = toRecord(kinds[kind], intoRow);
  const changed = Object.fromEntries(Object.entries(patch).filter(([f, v]) => !same(v, current[f])));
  if (Object.keys(changed).length === 0) return 0;
  try {
    recordCalls[AREA_OF[kind]].update(ctx, { id: intoId, ...changed });
  } catch (error) {
    // A carried value the survivor cannot take (a reporting loop): it stays on the binned record, readable there.
    if (error instanceof RuleFailure) return 0;
    throw error;
  }
  return Object.keys(changed).length;
}
