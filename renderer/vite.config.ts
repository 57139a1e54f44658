import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  // Relative asset URLs: the same build is loaded from `app://rapport/` (Electron) and from the
  // browser-mode server at `http://127.0.0.1:PORT/`.
  base: './',
  plugins: [react()],
  build: {
    outDir: here('../out/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    // The strict CSP (no inline scripts) rules out Vite's inline module-preload polyfill.
    modulePreload: { polyfill: false },
    // Loaded from local disk (app:// or loopback), so one ~0.5 MB bundle costs nothing to fetch.
    chunkSizeWarningLimit: 1024,
  },
});
