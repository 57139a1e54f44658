import { contract, isMethod, type CallMeta } from '../../shared/contract';
import { resolveLocale, translator } from '../../shared/i18n';
import type { CallError, Result } from '../../shared/result';
import { BIN_RETENTION_DAYS } from '../../shared/sync';
import { describeIssues, localizedErrorMap, toFieldIssues } from '../../shared/validation';
import { CallFailure, type ServiceContext } from './context';
import { handlers } from './handlers';
import { RuleFailure } from './records';
import type { Store } from '../store/open';
import { BinExpiredError, ChangeLog } from '../sync/changes';
import { SyncService } from './sync';

export type Dispatch = (method: string, input: unknown, meta?: CallMeta) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  mode: ServiceContext['mode'];
  version: string;
  /** The app's sync scheduler; the CLI gets a fresh one per call. */
  sync?: SyncService;
  /** The language used when a call does not say which (the OS language, or LANG for the CLI). */
  defaultLocale?: string;
  now?: () => string;
  /** Where unexpected errors are reported (they reach the user only as a short sentence). */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * The single entry point of every transport (IPC, HTTP bridge, CLI): checks the method name,
 * parses the input with the contract's schema, calls the service, checks the answer against the
 * output schema and wraps everything in a Result. Invalid input never reaches a service.
 */
export function createDispatcher(store: Store, options: DispatcherOptions): Dispatch {
  const now = options.now ?? (() => new Date().toISOString());
  const changes = new ChangeLog(store.sqlite);
  const sync = options.sync ?? new SyncService(store, options.version);
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
    const ctx: ServiceContext = { store, changes, sync, mode: options.mode, version: options.version, locale, t, now };
    try {
      const handler = handlers[method] as (c: ServiceContext, i: unknown) => unknown;
      const value = await handler(ctx, parsed.data);
      return { ok: true, value: spec.output.parse(value) };
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
  };
}
