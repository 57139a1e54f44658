/**
 * `rapport [--data DIR] backup list | create | restore ID [--force]`: this device's backups from a
 * terminal, through the same calls as Settings (backup.list, backup.create, backup.restoreFrom).
 * A listing is one line a backup (or JSON with --json); failures a sentence on stderr and exit 1
 * (2 for a usage mistake).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo } from '../../shared/backup';
import type { CallOutput } from '../../shared/contract';
import { resolveLocale, type Translate } from '../../shared/i18n';
import { STORE_FILE } from '../store/open';
import type { CliIO } from './cli';
import { openRuntime, systemLocale } from './runtime';

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`);

export async function backupCommand(args: string[], options: { dataDir: string; force?: boolean; json?: boolean }, io: CliIO, t: Translate): Promise<number> {
  // Answers in the shell's language, as the command's own lines.
  const meta = { locale: resolveLocale(systemLocale(io.env)) };
  const [verb, id, ...extra] = args;
  if (!verb || !['list', 'create', 'restore'].includes(verb) || (verb === 'restore' ? !id || extra.length > 0 : id !== undefined)) {
    io.err(t('backup.cli.usage'));
    return 2;
  }
  // A backup of nothing would make an empty store first: say where we looked instead.
  if (!existsSync(join(options.dataDir, STORE_FILE))) {
    io.err(t('backup.cli.noStore', { dir: options.dataDir }));
    return 1;
  }
  const runtime = openRuntime(options.dataDir, 'cli');
  try {
    if (verb === 'list') {
      const listed = await runtime.dispatch('backup.list', {}, meta);
      if (!listed.ok) return fail(io, listed.error.message);
      const backups = listed.value as BackupInfo[];
      if (options.json) io.out(JSON.stringify(backups, null, 2));
      else if (backups.length === 0) io.out(t('backup.cli.listEmpty'));
      else for (const b of backups) io.out(t('backup.cli.listLine', { id: b.id, reason: t(`backup.reason.${b.reason}`), size: size(b.bytes) }));
      return 0;
    }
    if (verb === 'create') {
      const created = await runtime.dispatch('backup.create', {}, meta);
      if (!created.ok) return fail(io, created.error.message);
      const b = created.value as BackupInfo;
      io.out(options.json ? JSON.stringify(b, null, 2) : t('backup.cli.created', { id: b.id, size: size(b.bytes) }));
      return 0;
    }
    const restored = await runtime.dispatch('backup.restoreFrom', { id, force: options.force }, meta);
    if (!restored.ok) return fail(io, restored.error.message);
    const r = restored.value as CallOutput<'backup.restoreFrom'>;
    if (options.json) io.out(JSON.stringify(r, null, 2));
    else {
      io.out(t('backup.cli.restored', { id: r.restored, before: r.before }));
      if (r.leftDeviceId) io.out(t('backup.cli.newDevice', { deviceId: r.deviceId, left: r.leftDeviceId }));
    }
    return 0;
  } finally {
    runtime.close();
  }
}

function fail(io: CliIO, message: string): number {
  io.err(message);
  return 1;
}
