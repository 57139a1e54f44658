/**
 * The import itself: one batch, run as a job (jobs.ts: chunks, progress with rows/s, cancel),
 * every record written through the normal record calls (domain.ts), so references are checked,
 * history rows kept, sync and health follow. A row that fails is reported and the rest go on.
 * Managers named by name (reports to) are linked in a second pass, once every row is in.
 *
 * Cancelled: all or nothing. The rows committed by earlier chunks are undone as the batch
 * (undo.ts) before the call answers `cancelled`, so a stopped import leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import type { ImportResult, RowProblem } from '../../../shared/import/schemas';
import type { ImportKind } from '../../../shared/import/fields';
import { normaliseName } from '../../../shared/import/fields';
import { importBatches } from '../../store/import-batches';
import { DEFER_SEARCH_ROWS, deferSearchIndexOfNewRows, SEARCHED_TABLES } from '../../store/search-index';
import { rowOf } from '../../store/synced-tables';
import type { ChangeLog } from '../../sync/changes';
import { RuleFailure } from '../records';
import { recordCalls } from '../domain';
import { refreshAccounts } from '../health';
import type { ServiceContext } from '../context';
import type { JobStep, JobWork } from '../jobs';
import { planOf, planRow, Resolver, type PlannedRow } from './plan';
import type { Sheet } from './read';
import { undoBatch } from './undo';

/** Accounts whose health is recomputed per step at the end of an import. */
const HEALTH_STEP = 20;

/** At most this many problems travel back (the report says how many rows failed in all). */
export const MAX_PROBLEMS = 5000;

/**
 * Asked for each record the import is about to add, with what it would hold: a warning for the row
 * when it looks like a record already there (the natural-key match has already ruled out the same
 * record; service.ts asks the duplicate detection); told of each record added, so later rows are
 * checked against it too.
 */
export interface DuplicateCheck {
  warn(kind: ImportKind, input: Record<string, unknown>): string | null;
  added(kind: ImportKind, input: Record<string, unknown>, id: string): void;
}
export const noDuplicateCheck: DuplicateCheck = { warn: () => null, added: () => undefined };

/** A change log that notes, before each write, the row as it was: what undo puts back. */
function recording(changes: ChangeLog, note: (table: string, id: string, before: 'new' | 'existing') => void): ChangeLog {
  return new Proxy(changes, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (key === 'insert')
        return (table: string, ...rest: unknown[]) => {
          const id = (value as (...a: unknown[]) => string).call(target, table, ...rest);
          note(table, id, 'new');
          return id;
        };
      if (key === 'update')
        return (table: string, id: string, ...rest: unknown[]) => {
          note(table, id, 'existing');
          return (value as (...a: unknown[]) => unknown).call(target, table, id, ...rest);
        };
      return value.bind(target);
    },
  });
}

export interface RunOptions {
  kind: ImportKind;
  fileName: string;
  sheet: Sheet;
  mapping: (string | null)[];
  keyField: string | null;
  duplicateCheck?: DuplicateCheck;
}

export function importWork(ctx: ServiceContext, options: RunOptions): { batchId: string; work: JobWork<ImportResult>; total: number } {
  const { sqlite } = ctx.store;
  const batchId = randomUUID();
  const plan = planOf(options.kind, options.sheet, options.mapping, options.keyField);
  const total = options.sheet.rows.length;
  const check = options.duplicateCheck ?? noDuplicateCheck;
  // Made once: better-sqlite3 builds a transaction function's wrappers anew on every transaction() call.
  const savepoint = sqlite.transaction((fn: () => unknown) => fn());
  const area = options.kind;
  const rowsCtx: ServiceContext = {
    ...ctx,
    // Noted inside the row's savepoint (a row that fails takes its notes along); the first note of a row wins.
    changes: recording(ctx.changes, (tbl, id, state) => {
      importBatches.note(sqlite, batchId, tbl, id, state === 'new' ? null : (rowOf(sqlite, tbl, id) ?? null));
    }),
  };

  function* work(): Generator<JobStep, ImportResult, void> {
    const started = performance.now();
    let finished = false;
    const result: ImportResult = {
      batchId,
      kind: options.kind,
      fileName: options.fileName,
      rows: total,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      accountsCreated: 0,
      problems: [],
      seconds: 0,
      rowsPerSecond: 0,
    };
    const tell = (problems: RowProblem[]) => {
      for (const p of problems) if (result.problems.length < MAX_PROBLEMS) result.problems.push(p);
    };
    const fail = (problems: RowProblem[]) => {
      result.failed++;
      tell(problems);
    };
    const resolver = new Resolver(sqlite, options.kind, options.keyField);
    const managers: { row: number; accountId: string; personId: string; name: string }[] = [];
    /** The accounts the batch wrote to: their health is recomputed at the end. */
    const touched = new Set<string>();
    try {
      importBatches.begin(sqlite, { id: batchId, at: ctx.now(), kind: options.kind, fileName: options.fileName });
      // The search indexes take a big batch's new rows afterwards, in a job of their own.
      if (total >= DEFER_SEARCH_ROWS)
        deferSearchIndexOfNewRows(
          sqlite,
          SEARCHED_TABLES.filter((t) => t === 'accounts' || t === options.kind),
        );
      yield { done: 0, total };
      let done = 0;
      for (const source of options.sheet.rows) {
        const planned = planRow(plan, resolver, source, ctx.t);
        if (!planned.ok) fail(planned.problems);
        else {
          // What the row teaches (a new account, a name, a key) counts only once its savepoint stands.
          const learned: (() => void)[] = [];
          const outcome = inSavepoint(() => writeRow(planned.planned, learned));
          if (outcome instanceof Error) fail([{ row: source.row, column: null, message: messageOf(outcome) }]);
          else for (const learn of learned) learn();
        }
        done++;
        yield { done, total };
      }
      // Reporting lines by name, once every person of the sheet is in.
      for (const m of managers) {
        const bossId = resolver.person(m.accountId, m.name);
        // The person is in either way; only the link is missing.
        if (!bossId) tell([{ row: m.row, column: null, message: ctx.t('import.problems.noManager', { name: m.name }) }]);
        else {
          const outcome = inSavepoint(() => recordCalls.people.update(rowsCtx, { id: m.personId, reportsToId: bossId }));
          if (outcome instanceof Error) tell([{ row: m.row, column: null, message: messageOf(outcome) }]);
        }
        yield { done, total };
      }
      // Health follows inside the batch: the alerts (and their plans) the import raises are its own,
      // so undo takes them back too. In steps, like the recompute job.
      const accounts = [...touched];
      for (let i = 0; i < accounts.length; i += HEALTH_STEP) {
        // A failure here must not stop the import: the colour catches up at the next recompute.
        inSavepoint(() => refreshAccounts({ sqlite, changes: rowsCtx.changes, now: ctx.now, t: ctx.t }, accounts.slice(i, i + HEALTH_STEP)));
        yield { done, total };
      }
      importBatches.finish(sqlite, batchId, result.created + result.accountsCreated, result.updated);
      finished = true;
      result.seconds = (performance.now() - started) / 1000;
      result.rowsPerSecond = result.seconds > 0 ? Math.round(total / result.seconds) : total;
      return result;
    } finally {
      // Cancelled between chunks (or stopped by an error): what earlier chunks wrote goes again.
      if (!finished) {
        importBatches.finish(sqlite, batchId, result.created, result.updated);
        undoBatch(ctx, batchId, { forget: true });
      }
    }

    function writeRow(row: PlannedRow, learned: (() => void)[]): void {
      let accountId = row.account && 'id' in row.account ? row.account.id : null;
      if (row.account && 'name' in row.account) {
        const name = row.account.name;
        accountId = resolver.account(name);
        if (!accountId) {
          const newId = (recordCalls.accounts.create(rowsCtx, { name }) as { id: string }).id;
          accountId = newId;
          learned.push(() => {
            resolver.learnAccount(name, newId);
            result.accountsCreated++;
          });
        }
      }
      const input = accountId ? { ...row.input, accountId } : row.input;
      const matchId = row.matchId ?? resolver.match(input);
      let id: string;
      if (matchId) {
        const current = recordCalls[area].get(rowsCtx, { id: matchId }) as Record<string, unknown>;
        const patch: Record<string, unknown> = {};
        for (const field of [...row.given, ...(accountId ? ['accountId'] : [])])
          if (JSON.stringify(current[field] ?? null) !== JSON.stringify(input[field] ?? null)) patch[field] = input[field];
        if (Object.keys(patch).length === 0) learned.push(() => result.unchanged++);
        else {
          (recordCalls[area].update as (c: ServiceContext, i: Record<string, unknown>) => unknown)(rowsCtx, { id: matchId, ...patch });
          learned.push(() => result.updated++);
        }
        id = matchId;
      } else {
        const warning = check.warn(options.kind, input);
        if (warning) learned.push(() => tell([{ row: row.row, column: null, message: warning }]));
        const newId = ((recordCalls[area].create as (c: ServiceContext, i: Record<string, unknown>) => unknown)(rowsCtx, input) as { id: string }).id;
        id = newId;
        learned.push(() => {
          resolver.learn(input, newId);
          check.added(options.kind, input, newId);
          result.created++;
        });
      }
      const personAccount = accountId;
      const ownAccount = options.kind === 'accounts' ? id : accountId;
      if (ownAccount) learned.push(() => touched.add(ownAccount));
      if (options.kind === 'people' && personAccount) {
        learned.push(() => {
          resolver.learnPerson(personAccount, String(input.name), id);
          if (row.reportsTo && normaliseName(row.reportsTo) !== normaliseName(String(input.name)))
            managers.push({ row: row.row, accountId: personAccount, personId: id, name: row.reportsTo });
        });
      }
    }
  }

  /** One row as a savepoint inside the chunk's transaction: a row that fails leaves nothing of itself. */
  function inSavepoint<T>(fn: () => T): T | Error {
    try {
      return savepoint(fn) as T;
    } catch (error) {
      if (error instanceof Error) return error;
      return new Error(String(error));
    }
  }

  function messageOf(error: Error): string {
    if (error instanceof RuleFailure) {
      return error
        .issues(ctx.t)
        .map((i) => `${ctx.t(`import.fields.${i.path}`)}: ${i.message}`)
        .join(' ');
    }
    return ctx.t('import.problems.internal', { detail: error.message });
  }

  return { batchId, work: work(), total };
}
