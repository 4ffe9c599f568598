import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The connector's reference web app (connect screen, operators' overview). `root` is this folder and the
 * build goes to `./dist`, which the app server serves at `/` (packages/connector/src/app/spa.ts).
 * `buildWebIfStale()` (packages/connector/src/app/build.ts) builds it when needed;
 * `npx vite --config packages/connector/web/vite.config.ts` runs a dev server proxying /api to :4100.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
  server: { port: 5174, proxy: { '/api': 'http://127.0.0.1:4100' } },
});
