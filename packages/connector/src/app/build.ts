import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_DIST, WEB_ROOT } from './paths.ts';

const LOCK = join(WEB_ROOT, '.build-lock');
const STALE_LOCK_MS = 5 * 60_000;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name.startsWith('dist-') || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    if (entry.name.includes('.timestamp-')) continue; // Vite's temporary bundled config
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when `web/dist/index.html` is missing or older than any source of the connector's web app. */
export function webIsStale(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  return newestMtime(WEB_ROOT) > statSync(index).mtimeMs;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A cross-process lock (mkdir is atomic), so parallel test files or servers do not build at once. */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {}
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

let inFlight: Promise<void> | null = null;

/**
 * Builds the connector's web app with Vite (JS API) when `web/dist` is missing or older than its
 * sources; otherwise does nothing. The build goes to a temporary folder that then replaces `dist`, so a
 * running server never serves a half-written build. `npm start` and the browser tests call this.
 */
export function buildWebIfStale(opts: { force?: boolean } = {}): Promise<void> {
  inFlight ??= (async () => {
    if (!opts.force && !webIsStale()) return;
    await withLock(async () => {
      if (!opts.force && !webIsStale()) return; // another process built it while we waited
      const { build } = await import('vite');
      const outDir = join(WEB_ROOT, `dist-building-${process.pid}-${Date.now()}`);
      // Vite picks React's production or development build from NODE_ENV, which test runners set to `test`.
      const nodeEnv = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await build({
          configFile: join(WEB_ROOT, 'vite.config.ts'),
          mode: 'production',
          logLevel: 'warn',
          build: { outDir, emptyOutDir: true },
        });
        const old = `${WEB_DIST}-old-${process.pid}`;
        if (existsSync(WEB_DIST)) renameSync(WEB_DIST, old);
        renameSync(outDir, WEB_DIST);
        rmSync(old, { recursive: true, force: true });
      } finally {
        if (nodeEnv === undefined) delete process.env.NODE_ENV;
        else process.env.NODE_ENV = nodeEnv;
        rmSync(outDir, { recursive: true, force: true });
      }
    });
  })().finally(() => {
    inFlight = null;
  });
  return inFlight;
}
