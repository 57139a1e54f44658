/**
 * The workspace of an encrypted share, for the app, browser mode and the CLI (contract calls
 * `workspace.*`): the crypto and the share's files are electron/sync/workspace.ts; here the share
 * folder is chosen (the call's, else the configured one) and failures are worded.
 */
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { z } from 'zod';
import type {
  WorkspaceCreateInput,
  WorkspaceInviteInput,
  WorkspaceJoinInput,
  WorkspaceRemoveInput,
  WorkspaceStatus,
  WorkspaceStatusInput,
} from '../../shared/workspace';
import { readDeviceId } from '../store/meta';
import { Share } from '../sync/share';
import {
  createInvite,
  createWorkspace,
  joinWorkspace,
  listMembers,
  readKeyring,
  recoverWorkspace,
  removeDevice,
  shareIsEncrypted,
  shareIsNew,
  WorkspaceError,
} from '../sync/workspace';
import { CallFailure, type ServiceContext } from './context';

type Status = z.output<typeof WorkspaceStatus>;

/** The call's share folder (a full path to a folder that exists: nothing is ever created elsewhere), else the configured one. */
function shareDirOf(ctx: ServiceContext, given: string | undefined): string {
  const dir = given ?? ctx.sync.shareDir;
  if (!dir) throw new CallFailure('unavailable', {}, 'sync_off');
  if (!isAbsolute(dir)) throw new CallFailure('validation', { path: dir }, 'share_relative');
  let folder = false;
  try {
    folder = statSync(dir).isDirectory();
  } catch {
    /* missing or unreachable */
  }
  if (!folder) throw new CallFailure(given === undefined ? 'unavailable' : 'validation', { path: dir }, 'share_inaccessible');
  return dir;
}

/** A WorkspaceError in the caller's words (errors.workspace_<code>). */
function worded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof WorkspaceError) {
      const code =
        error.code === 'already_enrolled' || error.code === 'share_encrypted'
          ? 'conflict'
          : error.code === 'invite_not_found' || error.code === 'unknown_device'
            ? 'not_found'
            : 'validation';
      throw new CallFailure(code, {}, `workspace_${error.code}`);
    }
    const errno = (error as NodeJS.ErrnoException).code;
    if (errno === 'ENOENT' || errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS')
      throw new CallFailure('unavailable', {}, 'workspace_share_unwritable');
    throw error;
  }
}

export function workspaceStatus(ctx: ServiceContext, input: z.output<typeof WorkspaceStatusInput>): Status {
  const shareDir = input.shareDir !== undefined ? shareDirOf(ctx, input.shareDir) : ctx.sync.shareDir;
  const keyring = readKeyring(ctx.store.sqlite);
  const share = shareDir ? new Share(shareDir) : undefined;
  return {
    shareDir,
    shareEncrypted: share ? shareIsEncrypted(share) : false,
    shareNew: share ? shareIsNew(share, readDeviceId(ctx.store.sqlite)) : false,
    enrolled: keyring !== undefined,
    workspace: keyring?.workspace ?? null,
    epoch: keyring?.current ?? null,
    devices: share ? listMembers(ctx.store.sqlite, share) : [],
  };
}

/** A device that enrols on a share it does not sync with yet syncs with it from now on. */
function adopt(ctx: ServiceContext, given: string | undefined, shareDir: string): void {
  if (given !== undefined && ctx.sync.shareDir !== shareDir) ctx.sync.configure(shareDir);
}

export function createWorkspaceCall(ctx: ServiceContext, input: z.output<typeof WorkspaceCreateInput>): { recoveryKey: string; status: Status } {
  const shareDir = shareDirOf(ctx, input.shareDir);
  const { recoveryKey } = worded(() => createWorkspace(ctx.store.sqlite, new Share(shareDir)));
  adopt(ctx, input.shareDir, shareDir);
  return { recoveryKey, status: workspaceStatus(ctx, { shareDir }) };
}

export function inviteCall(ctx: ServiceContext, input: z.output<typeof WorkspaceInviteInput>): { code: string; expires: string } {
  const shareDir = shareDirOf(ctx, input.shareDir);
  const { code, expires } = worded(() => createInvite(ctx.store.sqlite, new Share(shareDir), Date.parse(ctx.now())));
  return { code, expires: new Date(expires).toISOString() };
}

export function joinCall(ctx: ServiceContext, input: z.output<typeof WorkspaceJoinInput>): Status {
  const shareDir = shareDirOf(ctx, input.shareDir);
  const share = new Share(shareDir);
  worded(() =>
    input.code !== undefined
      ? joinWorkspace(ctx.store.sqlite, share, input.code, Date.parse(ctx.now()))
      : recoverWorkspace(ctx.store.sqlite, share, input.recoveryKey!),
  );
  adopt(ctx, input.shareDir, shareDir);
  return workspaceStatus(ctx, { shareDir });
}

export function removeDeviceCall(ctx: ServiceContext, input: z.output<typeof WorkspaceRemoveInput>): Status {
  const shareDir = shareDirOf(ctx, input.shareDir);
  worded(() => removeDevice(ctx.store.sqlite, new Share(shareDir), input.device));
  return workspaceStatus(ctx, { shareDir });
}
