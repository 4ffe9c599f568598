import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STALE_LOCK_MS = 5 * 60_000;

/** What the bundle is built from, inside web/ (docs and screenshots beside them do not make it stale). */
const WEB_SOURCES = ['index.html', 'vite.config.ts', 'src', 'public'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file bumps its folder
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WebApp {
  /** Vite root (holds index.html and vite.config.ts). */
  root: string;
  /** Build output served by the app. */
  dist: string;
  /** Files outside the root that the bundle includes (a change to them makes the build stale). */
  extraSources?: string[];
}

export interface WebBuilder {
  /** True when `dist/index.html` is missing or older than any source of the web app. */
  webIsStale(): boolean;
  /**
   * Builds the web app with Vite (JS API) when `dist` is missing or older than its sources; otherwise
   * does nothing. The build goes to a temporary folder that then replaces `dist`, so a running server
   * never serves a half-written build. `npm start` and the browser tests call this before serving.
   */
  buildWebIfStale(opts?: { force?: boolean }): Promise<void>;
}

export function webBuilder({ root: WEB_ROOT, dist: WEB_DIST, extraSources = [] }: WebApp): WebBuilder {
  const LOCK = join(WEB_ROOT, '.build-lock');

  function webIsStale(): boolean {
    const index = join(WEB_DIST, 'index.html');
    if (!existsSync(index)) return true;
    const built = statSync(index).mtimeMs;
    const sources = Math.max(...WEB_SOURCES.map((f) => newestMtime(join(WEB_ROOT, f))), ...extraSources.map(newestMtime));
    return sources > built;
  }

  /** A lock left by a process that died mid-build (or older than any build takes). */
  function lockIsAbandoned(): boolean {
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) return true;
      const pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
      if (!pid) return false; // being written
      process.kill(pid, 0);
      return false;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }

  /** A cross-process lock (mkdir is atomic), so parallel test files or servers do not build at once. */
  async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        mkdirSync(LOCK);
        writeFileSync(join(LOCK, 'pid'), String(process.pid));
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (lockIsAbandoned()) rmSync(LOCK, { recursive: true, force: true });
        else await sleep(200);
      }
    }
    try {
      return await fn();
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }

  let inFlight: Promise<void> | null = null;

  function buildWebIfStale(opts: { force?: boolean } = {}): Promise<void> {
    inFlight ??= (async () => {
      if (!opts.force && !webIsStale()) return;
      await withLock(async () => {
        if (!opts.force && !webIsStale()) return; // another process built it while we waited
        const { build } = await import('vite');
        const outDir = join(WEB_ROOT, `dist-building-${process.pid}-${Date.now()}`);
        // Vite derives React's production/development build from NODE_ENV, which test runners set to `test`.
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

  return { webIsStale, buildWebIfStale };
}
