import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The platform web app. `root` is this folder and the build goes to `./dist`, which the platform serves
 * at `/` (see packages/platform/src/api/web/spa.ts). `npm start` and the browser tests build it through
 * `buildWebIfStale()`; `npx vite --config packages/platform/web/vite.config.ts` runs a dev server that
 * proxies the JSON API to a platform on :4000.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  resolve: {
    // The browser needs only the scope list and its plain-language descriptions, not the node:crypto key functions.
    alias: { '@latchkey/keys': fileURLToPath(new URL('../../keys/src/scopes.ts', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
  server: { proxy: { '/app/api': 'http://127.0.0.1:4000' } },
});
