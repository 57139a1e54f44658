import type { AppInfo } from '../../shared/contract';
import type { Locale, Translate } from '../../shared/i18n';
import type { Store } from '../store/open';
import type { ChangeLog } from '../sync/changes';

/** What every service function receives: the store and the facts of the call being answered. */
export interface ServiceContext {
  store: Store;
  /** The only way to write a synced table: stamps clocks and fills the outbox. */
  changes: ChangeLog;
  mode: AppInfo['mode'];
  /** The running app's version (package.json in development, the app's own when packaged). */
  version: string;
  locale: Locale;
  t: Translate;
  /** The current instant as ISO-8601; injectable so tests can pin time. */
  now(): string;
}

/** A failure the user should read: a code from the contract and the words for it. */
export class CallFailure extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'forbidden',
    readonly params: Record<string, unknown> = {},
  ) {
    super(code);
  }
}
