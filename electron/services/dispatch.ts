import { contract, isMethod, type CallMeta, type Method } from '../../shared/contract';
import { CHANGE_AREAS, type ChangeArea } from '../../shared/events';
import { resolveLocale, translator } from '../../shared/i18n';
import { kinds } from '../../shared/kinds';
import type { CallError, Result } from '../../shared/result';
import { BIN_RETENTION_DAYS } from '../../shared/sync';
import { describeIssues, localizedErrorMap, toFieldIssues } from '../../shared/validation';
import { CallFailure, type ServiceContext } from './context';
import { handlers } from './handlers';
import type { JobRunner } from './jobs';
import { RuleFailure } from './records';
import { refreshAccounts } from './health';
import { accountsOfRows } from '../store/health';
import type { SyncService } from './sync';
import type { Store } from '../store/open';
import { liveRecord } from '../store/records';
import { BinExpiredError, ChangeLog } from '../sync/changes';
import { readMe } from '../store/meta';

export type Dispatch = (method: string, input: unknown, meta?: CallMeta) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  mode: ServiceContext['mode'];
  version: string;
  sync: SyncService;
  jobs: JobRunner;
  /** The language used when a call does not say which (the OS language, or LANG for the CLI). */
  defaultLocale?: string;
  now?: () => string;
  /** Where unexpected errors are reported (they reach the user only as a short sentence). */
  onInternalError?: (method: string, error: unknown) => void;
  /** Told after each call that wrote data, with the areas it touched (the core emits `data.changed`). */
  onChanged?: (areas: ChangeArea[]) => void;
  /** Starts a full health recompute as a job (the core's): for writes that touched many accounts. */
  recomputeAll?: () => void;
}

/** The ChangeLog methods that write; each names the table it writes first. */
const WRITES: ReadonlySet<PropertyKey> = new Set(['insert', 'insertMany', 'update', 'resolve', 'purge'] satisfies (keyof ChangeLog)[]);

/**
 * The area each table's changes belong to: its kind's contract area; for a part without calls of
 * its own (a person's history), the area of the record it belongs to; the role strategies have
 * their own calls' area.
 */
const TABLE_AREAS: ReadonlyMap<string, ChangeArea> = new Map(
  Object.values(kinds).flatMap((kind): [string, ChangeArea][] => {
    if ('area' in kind) return [[kind.table, kind.area]];
    const owner = kind.references.find((r) => 'part' in r && r.part);
    const area = owner ? Object.values(kinds).find((k) => k.table === owner.target && 'area' in k) : undefined;
    if (area && 'area' in area) return [[kind.table, area.area]];
    return kind.table === 'role_strategies' ? [[kind.table, 'strategies']] : [];
  }),
);

const isChangeArea = (area: string): area is ChangeArea => (CHANGE_AREAS as readonly string[]).includes(area);

/** The areas a call changed: those of the tables it wrote, and its own (conflicts.resolve changes the conflicts). */
function changedAreas(method: Method, tables: ReadonlySet<string>): ChangeArea[] {
  const areas = new Set<ChangeArea>();
  const own = method.slice(0, method.indexOf('.'));
  if (isChangeArea(own)) areas.add(own);
  for (const table of tables) {
    const area = TABLE_AREAS.get(table);
    if (area) areas.add(area);
    if (table === 'account_health') areas.add('health');
  }
  return [...areas];
}

/**
 * The ChangeLog one call writes through, noting each table it writes. Every write to a synced
 * table goes through ctx.changes (services/README.md), so this is exactly what the call changed,
 * with no query and no race with a sync round emptying the outbox meanwhile.
 */
function noting(changes: ChangeLog, tables: Set<string>, rows: [table: string, id: string][] = []): ChangeLog {
  return new Proxy(changes, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (!WRITES.has(key)) return value.bind(target);
      return (table: string, ...rest: unknown[]) => {
        tables.add(table);
        const result = (value as (...args: unknown[]) => unknown).call(target, table, ...rest);
        // insert answers the new row's id, insertMany their ids; the others name it first.
        const ids = key === 'insert' ? [result] : key === 'insertMany' ? (result as unknown[]) : [rest[0]];
        for (const id of ids) if (typeof id === 'string') rows.push([table, id]);
        return result;
      };
    },
  });
}

/**
 * The single entry point of every transport (IPC, HTTP bridge, CLI): checks the method name,
 * parses the input with the contract's schema, calls the service, checks the answer against the
 * output schema and wraps everything in a Result, with the areas the call changed. Invalid input
 * never reaches a service.
 */
export function createDispatcher(store: Store, options: DispatcherOptions): Dispatch {
  const now = options.now ?? (() => new Date().toISOString());
  const changes = new ChangeLog(store.sqlite);
  const report = options.onInternalError ?? ((method, error) => console.error(`[rapport] ${method} failed:`, error));

  return async (method, input, meta = {}) => {
    const locale = resolveLocale(meta.locale ?? options.defaultLocale);
    const t = translator(locale);
    const fail = (error: CallError): Result<never> => ({ ok: false, error });

    if (!isMethod(method)) return fail({ code: 'unknown_method', message: t('errors.unknown_method', { method }) });
    const spec = contract[method];
    const parsed = spec.input.safeParse(input ?? {}, { error: localizedErrorMap(t) });
    if (!parsed.success) {
      const issues = toFieldIssues(parsed.error);
      return fail({ code: 'validation', message: t('errors.validation', { details: describeIssues(issues, t) }), issues });
    }
    // Acting as someone (the CLI's --as) needs that someone: a typo must not stamp records with a stranger's id.
    if (meta.as !== undefined && !liveRecord(store.sqlite, 'members', meta.as)) {
      return fail({ code: 'validation', message: t('errors.unknown_member', { member: meta.as }) });
    }
    const written = new Set<string>();
    const rows: [string, string][] = [];
    let toldAt = 0;
    let healthKept = false;
    const ctx: ServiceContext = {
      store,
      changes: noting(changes, written, rows),
      sync: options.sync,
      jobs: options.jobs,
      mode: options.mode,
      version: options.version,
      locale,
      t,
      now,
      me: meta.as ?? readMe(store.sqlite),
      tellChanges: () => {
        const at = Date.now();
        if (written.size === 0 || at - toldAt < 1000) return;
        toldAt = at;
        options.onChanged?.(changedAreas(method, written));
      },
      healthKept: () => {
        healthKept = true;
        // Colours and scores are written (local, not a synced table) even when no alert is raised.
        written.add('account_health');
      },
    };
    // A restore replaced every table: every view reloads.
    if (method === 'backup.restoreFrom') for (const table of [...TABLE_AREAS.keys(), 'account_health']) written.add(table);
    const result = await answer(ctx, method, parsed.data);
    if (written.size === 0) return result;
    // What was written may change the health of the accounts it belongs to: recomputed at once
    // (≤ 10 ms an account), raising the alerts it asks for through the same noted change log. A write
    // that touched many (the sample data, later an import) or stopped part-way leaves it to the
    // recompute job, in steps: inline, ten thousand accounts held the core's thread for seconds.
    if (!healthKept) {
      try {
        const accounts = accountsOf(store.sqlite, rows);
        if (accounts.length > INLINE_ACCOUNTS || (!result.ok && accounts.length > 0)) options.recomputeAll?.();
        else if (accounts.length > 0) {
          refreshAccounts({ sqlite: store.sqlite, changes: ctx.changes, now, t }, accounts);
          written.add('account_health');
        }
      } catch (error) {
        // The write stands; the colour catches up at the next recompute.
        report(`${method} (health)`, error);
      }
    }
    // Also after a failure: a job stopped part-way has written what its chunks committed.
    const changed = changedAreas(method, written);
    options.onChanged?.(changed);
    return { ...result, changed };
  };

  async function answer(ctx: ServiceContext, method: Method, input: unknown): Promise<Result<unknown>> {
    const { t } = ctx;
    const fail = (error: CallError): Result<never> => ({ ok: false, error });
    try {
      const handler = handlers[method] as (c: ServiceContext, i: unknown) => unknown;
      const value = await handler(ctx, input);
      return { ok: true, value: contract[method].output.parse(value) };
    } catch (error) {
      if (error instanceof RuleFailure) {
        const issues = error.issues(t);
        return fail({ code: 'validation', message: t('errors.validation', { details: describeIssues(issues, t) }), issues });
      }
      if (error instanceof CallFailure) return fail({ code: error.code, message: t(`errors.${error.messageKey}`, error.params) });
      if (error instanceof BinExpiredError) return fail({ code: 'conflict', message: t('errors.bin_expired', { days: BIN_RETENTION_DAYS }) });
      report(method, error);
      const detail = error instanceof Error ? error.message : String(error);
      return fail({ code: 'internal', message: t('errors.internal', { detail }) });
    }
  }
}

/** At most this many accounts' health is recomputed within the call that wrote them. */
const INLINE_ACCOUNTS = 50;

/** The accounts the written rows belong to; an alert's own writes do not change the health that raised it. */
const accountsOf = (sqlite: Store['sqlite'], rows: readonly [string, string][]): string[] =>
  accountsOfRows(
    sqlite,
    rows.filter(([table]) => table !== 'alerts' && table !== 'plan_templates' && table !== 'team_settings'),
  );
