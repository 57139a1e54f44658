/**
 * `rapport import FILE --kind people [--mapping PRESET] [--key email] [--sheet NAME] [--preview]`:
 * the same import as the wizard (electron/services/import), with the file named by path. Progress
 * goes to stderr (rows and rows/s), the summary as JSON to stdout; a file that cannot be imported
 * exits 1, a usage error 2. Rows with problems are in the summary's `problems` and do not fail
 * the command (the rest are imported); SIGINT stops the import and leaves nothing of it.
 */
import { resolve } from 'node:path';
import { IMPORT_KINDS, type ImportKind } from '../../shared/import/fields';
import type { ImportResult } from '../../shared/import/schemas';
import type { Translate } from '../../shared/i18n';
import type { Core } from './core';

export interface ImportArgs {
  file: string | undefined;
  kind: string | undefined;
  mapping?: string;
  key?: string;
  sheet?: string;
  preview?: boolean;
  as?: string;
  /** The shell's language, for messages. */
  locale?: string;
}

interface IO {
  out(text: string): void;
  err(text: string): void;
}

export async function importCommand(
  runtime: Core,
  args: ImportArgs,
  io: IO,
  t: Translate,
  untilSignal: <T>(call: () => Promise<T>) => Promise<{ result: T; stopped: boolean }>,
): Promise<number> {
  if (!args.file || !args.kind) {
    io.err(t('import.cli.usage'));
    return 2;
  }
  if (!(IMPORT_KINDS as readonly string[]).includes(args.kind)) {
    io.err(t('import.cli.badKind', { kind: args.kind, kinds: IMPORT_KINDS.join(', ') }));
    return 2;
  }
  const input = {
    path: resolve(args.file),
    kind: args.kind as ImportKind,
    ...(args.mapping ? { preset: args.mapping } : {}),
    ...(args.key ? { keyField: args.key } : {}),
    ...(args.sheet ? { sheet: args.sheet } : {}),
  };
  if (args.preview) {
    const result = await runtime.dispatch('import.preview', input, { as: args.as, locale: args.locale });
    if (!result.ok) {
      io.err(result.error.message);
      return 1;
    }
    io.out(JSON.stringify(result.value, null, 2));
    return 0;
  }
  let last = 0;
  const started = performance.now();
  const off = runtime.onEvent((event) => {
    if (event.type !== 'job.progress' || event.job.total === 0) return;
    const now = performance.now();
    if (now - last < 500 && event.job.state === 'running') return;
    last = now;
    if (event.job.kind === 'search') io.err(t('import.cli.indexing', { done: event.job.done, total: event.job.total }));
    if (event.job.kind !== 'import') return;
    const rate = Math.round(event.job.done / Math.max(0.001, (now - started) / 1000));
    io.err(t('import.cli.progress', { done: event.job.done, total: event.job.total, rate }));
  });
  try {
    const { result, stopped } = await untilSignal(() => runtime.dispatch('import.run', input, { as: args.as, locale: args.locale }));
    if (!result.ok) {
      io.err(result.error.message);
      return stopped ? 0 : 1;
    }
    io.out(JSON.stringify(result.value as ImportResult, null, 2));
    // A big import's rows reach the search indexes in a job after it (store/search-index.ts): the
    // command ends with them indexed. Stopped, the app indexes the rest when it next starts.
    await untilSignal(() => runtime.jobs.settled('search'));
    return 0;
  } finally {
    off();
  }
}
