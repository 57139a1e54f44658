import type { AppInfo } from '../../shared/contract';
import type { ErrorCode } from '../../shared/result';
import type { Locale, Translate } from '../../shared/i18n';
import type { Store } from '../store/open';
import type { ChangeLog } from '../sync/changes';
import type { JobRunner } from './jobs';
import type { SyncService } from './sync';

/** What every service function receives: the store and the facts of the call being answered. */
export interface ServiceContext {
  store: Store;
  /** The only way to write a synced table: stamps clocks and fills the outbox. */
  changes: ChangeLog;
  sync: SyncService;
  /** Runs long work in short chunks with progress and cancel (jobs.ts). */
  jobs: JobRunner;
  mode: AppInfo['mode'];
  /** The running app's version (package.json in development, the app's own when packaged). */
  version: string;
  locale: Locale;
  t: Translate;
  /** The current instant as ISO-8601; injectable so tests can pin time. */
  now(): string;
  /**
   * Tells the views what this call has changed so far (a long job between its chunks; at most once
   * a second), before its answer tells the rest.
   */
  tellChanges(): void;
  /**
   * Says the call has brought the health of everything it wrote up to date itself (a recompute, an
   * import that refreshes its accounts as part of its batch): the dispatcher does not do it again.
   */
  healthKept(): void;
  /** The team member the call acts as (`--as`, else the device's choice), or null: the default owner of new records. */
  me: string | null;
}

/**
 * A failure the user should read: the contract's error code, and the catalog entry under
 * `errors.` that words it (the code's own entry unless a more precise one is named).
 */
export class CallFailure extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, 'internal' | 'unknown_method' | 'unauthorized'>,
    readonly params: Record<string, unknown> = {},
    readonly messageKey: string = code,
  ) {
    super(messageKey);
  }
}
