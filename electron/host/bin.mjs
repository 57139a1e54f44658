#!/usr/bin/env node
// `npx rapport …`: runs the TypeScript CLI through tsx (Node 20 has no type stripping).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
