/**
 * `rapport --data DIR workspace <create|invite|join|remove-device|status> [--share P]`: the
 * encrypted share's workspace from a terminal, for scripted and headless set-ups (issue 12).
 * Through the same contract calls as Settings › Workspace (services/workspace.ts). What a script
 * reads is on stdout alone: the recovery key (create), the invitation code (invite), JSON (status);
 * the sentences around them go to stderr. Create, join and remove-device sync once right away, so
 * the share carries the change (the upgrade of a plain share, the new key) before the command ends.
 */
import { resolve } from 'node:path';
import { resolveLocale, type translator } from '../../shared/i18n';
import type { CallOutput } from '../../shared/contract';
import type { CliIO } from './cli';
import { openRuntime, systemLocale } from './runtime';

type T = ReturnType<typeof translator>;

export interface WorkspaceOptions {
  share?: string;
  code?: string;
  recovery?: string;
  json?: boolean;
}

export async function workspaceCommand(dataDir: string, args: string[], options: WorkspaceOptions, io: CliIO, t: T): Promise<number> {
  const [verb, target] = args;
  const shareDir = options.share ? resolve(options.share) : undefined;
  const usage = () => {
    io.err(t('workspace.cli.usage'));
    return 2;
  };
  if (!verb) return usage();
  const runtime = openRuntime(dataDir, 'cli');
  // Failures are worded in the shell's language, as the rest of the command's output.
  const locale = resolveLocale(systemLocale(io.env));
  try {
    const call = async <M extends 'workspace.status' | 'workspace.create' | 'workspace.invite' | 'workspace.join' | 'workspace.removeDevice'>(
      method: M,
      input: Record<string, unknown>,
    ): Promise<CallOutput<M> | undefined> => {
      const result = await runtime.dispatch(method, { ...(shareDir ? { shareDir } : {}), ...input }, { locale });
      if (!result.ok) {
        io.err(result.error.message);
        return undefined;
      }
      return result.value as CallOutput<M>;
    };
    const syncNow = () => {
      try {
        runtime.sync.runOnce(shareDir ? { shareDir } : {});
        io.err(t('workspace.cli.synced'));
      } catch (error) {
        io.err(t('workspace.cli.syncFailed', { message: (error as Error).message }));
      }
    };
    switch (verb) {
      case 'status': {
        const status = await call('workspace.status', {});
        if (!status) return 1;
        io.out(JSON.stringify(status, null, 2));
        return 0;
      }
      case 'create': {
        const created = await call('workspace.create', {});
        if (!created) return 1;
        io.out(created.recoveryKey);
        io.err(t('workspace.cli.created', { workspace: created.status.workspace }));
        syncNow();
        return 0;
      }
      case 'invite': {
        const invite = await call('workspace.invite', {});
        if (!invite) return 1;
        io.out(invite.code);
        io.err(t('workspace.cli.invited', { expires: invite.expires }));
        return 0;
      }
      case 'join': {
        if ((options.code === undefined) === (options.recovery === undefined)) return usage();
        const status = await call('workspace.join', options.code !== undefined ? { code: options.code } : { recoveryKey: options.recovery });
        if (!status) return 1;
        io.err(t('workspace.cli.joined', { workspace: status.workspace }));
        syncNow();
        return 0;
      }
      case 'remove-device':
      case 'remove-member': {
        if (!target) return usage();
        const status = await call('workspace.removeDevice', { device: target });
        if (!status) return 1;
        io.err(t('workspace.cli.removed', { device: target, epoch: status.epoch }));
        syncNow();
        return 0;
      }
      default:
        return usage();
    }
  } finally {
    runtime.close();
  }
}
