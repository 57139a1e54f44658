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
import { newId } from '../../store/ids';
import { createRecordsOf, recordCalls } from '../domain';
import { refreshAccounts } from '../health';
import type { ServiceContext } from '../context';
import type { JobStep, JobWork } from '../jobs';
import { primeKeys } from '../../../shared/dedupe/normalize';
import { RowsAhead } from './ahead';
import { planOf, planRow, Resolver, type PlannedRow } from './plan';
import type { Sheet } from './read';
import { undoBatch } from './undo';

/** Accounts whose health is recomputed per step at the end of an import. */
const HEALTH_STEP = 20;

/**
 * New records of the sheet's kind are written together, up to this many (records.ts,
 * createRecords): a record at a time cost twice the time of the whole import.
 */
const GROUP_ROWS = 256;

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
function recording(
  changes: ChangeLog,
  note: (table: string, id: string, before: 'new' | 'existing') => void,
  noteNew: (table: string, ids: string[]) => void,
): ChangeLog {
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
      if (key === 'insertMany')
        return (table: string, ...rest: unknown[]) => {
          const ids = (value as (...a: unknown[]) => string[]).call(target, table, ...rest);
          noteNew(table, ids);
          return ids;
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
    changes: recording(
      ctx.changes,
      (tbl, id, state) => importBatches.note(sqlite, batchId, tbl, id, state === 'new' ? null : (rowOf(sqlite, tbl, id) ?? null)),
      (tbl, ids) => importBatches.noteNew(sqlite, batchId, tbl, ids),
    ),
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
    /** New records waiting to be written together (flush), with the natural keys they take. */
    const group: { row: PlannedRow; id: string; key: string | null; warning: string | null; accountId: string | null }[] = [];
    const groupKeys = new Set<string>();
    /** The rows checked on a thread ahead of this job (ahead.ts). */
    let ahead: RowsAhead | null = null;
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
      ahead = new RowsAhead({ kind: options.kind, mapping: options.mapping, headers: options.sheet.headers, rows: options.sheet.rows, locale: ctx.locale });
      for (const source of options.sheet.rows) {
        const early = ahead.take(done);
        if (early?.keys) primeKeys(early.keys.kind, early.keys.name, early.keys.keys);
        const planned = planRow(plan, resolver, source, ctx.t, early);
        if (!planned.ok) fail(planned.problems);
        else if (!queued(planned.planned)) {
          // Rows before it are written first: it may update one of them, or name it.
          flush();
          // What the row teaches (a new account, a name, a key) counts only once its savepoint stands.
          const learned: (() => void)[] = [];
          const outcome = inSavepoint(() => writeRow(planned.planned, learned));
          if (outcome instanceof Error) fail([{ row: source.row, column: null, message: messageOf(outcome) }]);
          else for (const learn of learned) learn();
        }
        done++;
        if (group.length >= GROUP_ROWS) flush();
        yield { done, total };
      }
      flush();
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
      // Row by row, as the sheet has them (a group's warnings are told when it is written).
      result.problems.sort((a, b) => a.row - b.row);
      finished = true;
      result.seconds = (performance.now() - started) / 1000;
      result.rowsPerSecond = result.seconds > 0 ? Math.round(total / result.seconds) : total;
      return result;
    } finally {
      ahead?.stop();
      // Cancelled between chunks (or stopped by an error): what earlier chunks wrote goes again.
      if (!finished) {
        importBatches.finish(sqlite, batchId, result.created, result.updated);
        undoBatch(ctx, batchId, { forget: true });
      }
    }

    /**
     * Takes a row into the group of new records written together (flush) when it is one: its
     * account is there, it matches no record and no other row of the group. Its duplicate warning
     * is worked out now, against every row before it.
     */
    function queued(row: PlannedRow): boolean {
      if (row.account && !('id' in row.account)) return false;
      const input = row.input;
      // Matched when planned, just now: the rows before it were all learned or are in the group.
      if (row.matchId) return false;
      const key = row.key;
      if (key !== null && groupKeys.has(key)) return false;
      if (key !== null) groupKeys.add(key);
      const id = newId();
      const warning = check.warn(options.kind, input);
      check.added(options.kind, input, id);
      group.push({ row, id, key, warning, accountId: row.account ? row.account.id : null });
      return true;
    }

    /** Writes the group in one savepoint; when that fails (a row refused), row by row, each failing alone. */
    function flush(): void {
      if (group.length === 0) return;
      const rows = group.splice(0);
      groupKeys.clear();
      const all = inSavepoint(() =>
        createRecordsOf(
          rowsCtx,
          area,
          rows.map((r) => r.row.input),
          rows.map((r) => r.id),
        ),
      );
      for (const r of rows) {
        const outcome = all instanceof Error ? inSavepoint(() => createRecordsOf(rowsCtx, area, [r.row.input], [r.id])) : all;
        if (outcome instanceof Error) fail([{ row: r.row.row, column: null, message: messageOf(outcome) }]);
        else learnCreated(r.row, r.row.input, r.id, r.key, r.accountId, r.warning);
      }
    }

    /** What a new record teaches the rest of the import, once it stands. */
    function learnCreated(
      row: PlannedRow,
      input: Record<string, unknown>,
      id: string,
      key: string | null,
      accountId: string | null,
      warning: string | null,
    ): void {
      if (warning) tell([{ row: row.row, column: null, message: warning }]);
      resolver.learnKey(key, id);
      result.created++;
      learnRecord(row, input, id, accountId);
    }

    function learnRecord(row: PlannedRow, input: Record<string, unknown>, id: string, accountId: string | null): void {
      const ownAccount = options.kind === 'accounts' ? id : accountId;
      if (ownAccount) touched.add(ownAccount);
      if (options.kind === 'people' && accountId) {
        resolver.learnPerson(accountId, String(input.name), id);
        if (row.reportsTo && normaliseName(row.reportsTo) !== normaliseName(String(input.name)))
          managers.push({ row: row.row, accountId, personId: id, name: row.reportsTo });
      }
    }

    function writeRow(row: PlannedRow, learned: (() => void)[]): void {
      let accountId = row.account && 'id' in row.account ? row.account.id : null;
      if (row.account && 'name' in row.account) {
        const name = row.account.name;
        accountId = resolver.account(name);
        if (!accountId) {
          const created = (recordCalls.accounts.create(rowsCtx, { name }) as { id: string }).id;
          accountId = created;
          learned.push(() => {
            resolver.learnAccount(name, created);
            result.accountsCreated++;
          });
        }
      }
      const input = accountId ? { ...row.input, accountId } : row.input;
      const key = resolver.keyOf(input);
      const matchId = row.matchId ?? resolver.matchKey(key);
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
        learned.push(() => learnRecord(row, input, matchId, accountId));
        return;
      }
      const warning = check.warn(options.kind, input);
      const id = createRecordsOf(rowsCtx, area, [input], [newId()])[0]!;
      learned.push(() => {
        check.added(options.kind, input, id);
        learnCreated(row, input, id, key, accountId, warning);
      });
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
