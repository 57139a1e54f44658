import { defineConfig } from 'drizzle-kit';

// Run from the project root: `npm run db:generate`.
export default defineConfig({
  dialect: 'sqlite',
  schema: './electron/store/schema.ts',
  out: './migrations',
});
