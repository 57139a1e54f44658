/**
 * "Is this share new?" (workspace.status shareNew), which decides whether the app encrypts a
 * chosen folder at once (renderer Settings › Workspace). The app starts a round as soon as a folder
 * is chosen; what that round wrote must not make the share look used, or the share would stay in
 * clear by a race. Another device's files do.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../electron/host/runtime';
import type { WorkspaceStatus } from '../../shared/workspace';
import { valueOf as value } from '../helpers/domain-fixtures';
import { tempDir } from '../helpers/temp';

describe('a new share, as the workspace status says', () => {
  it('stays new after this device’s own first round, is encrypted when the workspace is made, and is not new once another device wrote to it', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const a = openRuntime(tempDir(), 'cli');
    const b = openRuntime(tempDir(), 'cli');
    try {
      value(await a.dispatch('accounts.create', { name: '宁德时代' }));
      value(await a.dispatch('sync.configure', { shareDir: share }));
      const status = async () => value<WorkspaceStatus>(await a.dispatch('workspace.status', {}));
      expect(await status()).toMatchObject({ shareNew: true, shareEncrypted: false });
      // The round the app starts on choosing the folder: a format file, this device's folder and segment.
      expect(a.sync.runOnce().published).toBeGreaterThan(0);
      expect(await status()).toMatchObject({ shareNew: true, shareEncrypted: false });
      value(await a.dispatch('workspace.create', {}));
      expect(await status()).toMatchObject({ shareNew: false, shareEncrypted: true, enrolled: true });

      // A second share that another device wrote to first is not new for this one.
      const other = join(tempDir(), 'other');
      mkdirSync(other);
      value(await b.dispatch('sync.configure', { shareDir: other }));
      value(await b.dispatch('accounts.create', { name: 'ACME' }));
      b.sync.runOnce();
      expect(value<WorkspaceStatus>(await a.dispatch('workspace.status', { shareDir: other }))).toMatchObject({ shareNew: false, shareEncrypted: false });
    } finally {
      a.close();
      b.close();
    }
  });
});
