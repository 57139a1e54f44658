// The layer rules of ARCHITECTURE.md, enforced: a wrong import fails `npm run lint` (part of `npm test`).
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads'];

/** Rule options for no-restricted-imports: `patterns` groups with a message saying why. */
const restrict = (...groups) => ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }];

export const layerRules = [
  // Broad rule first: flat config lets a later, narrower block replace a rule for its files.
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([['**/renderer/**'], 'electron/ never imports renderer/.']),
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [['**/electron/**', '**/renderer/**', '**/tests/**'], 'shared/ imports nothing of ours outside shared/.'],
        [
          [...nodeBuiltins, 'electron', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'react', 'react-dom'],
          'shared/ is pure TypeScript: no Node, Electron, store or UI libraries.',
        ],
      ),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [['**/electron/**', '**/tests/**'], 'renderer/ imports only renderer/ and shared/.'],
        [
          [...nodeBuiltins, 'electron', 'electron/*', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'],
          'renderer/ runs in the sandboxed page: no Node, no Electron, no store.',
        ],
      ),
    },
  },
];

/**
 * Below the Electron shell the layers go one way: store ← sync ← services ← host. A lower layer
 * never imports a higher one (the store knows no sync, the engine no services, the services no host).
 */
const shellFree = [
  ['electron', 'electron/*'],
  'Only electron/main, electron/preload and electron/ipc may import electron; this code must run under plain Node.',
];
const belowShell = ['**/renderer/**', '**/main/**', '**/preload/**', '**/ipc/**'];
const lowerLayers = [
  ['electron/store', ['**/sync/**', '**/services/**', '**/host/**'], 'The store is the lowest layer: it imports neither sync, services nor host.'],
  ['electron/sync', ['**/services/**', '**/host/**'], 'The sync engine works on the store only: it imports neither services nor host.'],
  ['electron/services', ['**/host/**'], 'Services work on the store and the engine: they never import the host that runs them.'],
  ['electron/host', [], ''],
];
for (const [folder, above, why] of lowerLayers) {
  layerRules.push({
    files: [`${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': restrict(
        shellFree,
        [belowShell, 'Services, store, sync and host stay below the Electron shell.'],
        ...(above.length > 0 ? [[above, why]] : []),
      ),
    },
  });
}

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'test-results/', 'playwright-report/', 'migrations/'] },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip|todo)$/]',
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...layerRules,
);
