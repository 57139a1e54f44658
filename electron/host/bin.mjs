#!/usr/bin/env node
// `npx rapport …`: runs the CLI as `npm run build` bundled it (out/cli/rapport.mjs, see
// electron/bundle.ts), so no TypeScript tooling is needed at run time. npm's `prepare` builds it
// on `npm install`.
import { existsSync } from 'node:fs';

const cli = new URL('../../out/cli/rapport.mjs', import.meta.url);
if (!existsSync(cli)) {
  // The catalogs are inside the bundle that is missing: this one line carries both languages.
  const zh = /^zh/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '');
  console.error(
    zh
      ? 'Rapport 尚未构建：请先运行 `npm run build`（`npm install` 会自动构建）。'
      : 'Rapport is not built: run `npm run build` first (`npm install` does it).',
  );
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
