/**
 * Enrols stores in one workspace on a share, as the app and the CLI do: the first creates it
 * (its recovery key is returned), each other one joins with a one-time invitation made by the
 * first. For tests that need an encrypted share (share-*.test.ts).
 */
import type Database from 'better-sqlite3';
import type { Share } from '../../electron/sync/share';
import { createInvite, createWorkspace, joinWorkspace } from '../../electron/sync/workspace';

export function enrol(share: Share, first: Database.Database, ...others: Database.Database[]): { recoveryKey: string } {
  const { recoveryKey } = createWorkspace(first, share);
  for (const other of others) joinWorkspace(other, share, createInvite(first, share).code);
  return { recoveryKey };
}
