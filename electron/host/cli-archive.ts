/**
 * `rapport archive export FILE` / `rapport archive import FILE`: the whole store as one file
 * (sync/archive.ts), and back into an empty store with the same canonical export.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Translate } from '../../shared/i18n';
import { rebuildSearchIndex } from '../store/search-index';
import { ArchiveError, readArchive, writeArchive } from '../sync/archive';
import type { CliIO } from './cli';
import { appVersion } from './paths';
import { openRuntime } from './runtime';

export function archiveCommand(args: string[], dataDir: string, io: CliIO, t: Translate): number {
  const [verb, file] = args;
  if ((verb !== 'export' && verb !== 'import') || !file) {
    io.err(t('cli.archiveUsage'));
    return 2;
  }
  const path = resolve(file);
  if (verb === 'import' && !existsSync(path)) {
    io.err(t('cli.archiveMissing', { path }));
    return 2;
  }
  const runtime = openRuntime(dataDir, 'cli');
  try {
    if (verb === 'export') {
      const rows = writeArchive(runtime.store.sqlite, path, { schema: runtime.store.schemaVersion, appVersion: appVersion() });
      io.out(t('cli.archiveWritten', { path, rows }));
      return 0;
    }
    const rows = readArchive(runtime.store.sqlite, path);
    rebuildSearchIndex(runtime.store.sqlite);
    io.out(t('cli.archiveLoaded', { path, rows }));
    return 0;
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    io.err(t(`errors.archive_${error.reason}`, { ...error.params, path }));
    return 1;
  } finally {
    runtime.close();
  }
}
