import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules are only worth having if a wrong import really fails the lint step of `npm test`.
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('import rules', () => {
  it.each([
    ['renderer/views/Bad.tsx', "import { readFileSync } from 'node:fs';"],
    ['renderer/views/Bad.tsx', "import { ipcRenderer } from 'electron';"],
    ['renderer/views/Bad.tsx', "import { openStore } from '../../electron/store/open';"],
    ['renderer/views/Bad.tsx', "import Database from 'better-sqlite3';"],
    ['electron/services/bad.ts', "import { app } from 'electron';"],
    ['electron/store/bad.ts', "import { ipcMain } from 'electron';"],
    ['electron/sync/bad.ts', "import { BrowserWindow } from 'electron';"],
    ['electron/host/bad.ts', "import { app } from 'electron';"],
    ['electron/services/bad.ts', "import { App } from '../../renderer/App';"],
    ['electron/main/bad.ts', "import { App } from '../../renderer/App';"],
    ['shared/bad.ts', "import { openStore } from '../electron/store/open';"],
    ['shared/bad.ts', "import { join } from 'node:path';"],
    ['electron/store/bad.ts', "import { runRound } from '../sync/round';"],
    ['electron/store/bad.ts', "import { handlers } from '../services/handlers';"],
    ['electron/sync/bad.ts', "import { handlers } from '../services/handlers';"],
    ['electron/sync/bad.ts', "import { openCore } from '../host/core';"],
    ['electron/services/bad.ts', "import { openCore } from '../host/core';"],
  ])('%s: %s is refused', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['renderer/views/Good.tsx', "import { contract } from '../../shared/contract';"],
    ['electron/services/good.ts', "import { readFileSync } from 'node:fs';"],
    ['electron/main/good.ts', "import { app } from 'electron';"],
    ['electron/preload/good.ts', "import { contextBridge } from 'electron';"],
    ['shared/good.ts', "import { z } from 'zod';"],
    ['electron/sync/good.ts', "import { rowOf } from '../store/synced-tables';"],
    ['electron/services/good.ts', "import { runRound } from '../sync/round';"],
    ['electron/host/good.ts', "import { handlers } from '../services/handlers';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await ruleIds(file, code)).not.toContain('no-restricted-imports');
  });
});
