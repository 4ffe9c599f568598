import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BENCH_DIR = join(import.meta.dirname, '..');
export const ROOT_DIR = join(BENCH_DIR, '..');
export const DATA_DIR = join(BENCH_DIR, '.data');

const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface ChildOptions {
  /** Extra node flags (e.g. `--expose-gc`, `--cpu-prof`). */
  nodeFlags?: string[];
  env?: NodeJS.ProcessEnv;
  /** Show the child's stderr (stdout is always inherited). */
  quietStderr?: boolean;
}

/** A TypeScript script of bench/procs run in its own Node process, talking over IPC. */
export class Child<Msg extends { type: string }> {
  readonly proc: ChildProcess;
  private readonly queue: Msg[] = [];
  private readonly waiters: Array<{ type: string; resolve: (m: Msg) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }> = [];
  private exited: Error | null = null;
  private stderr = '';

  /** `script`: a file of bench/procs, or a path under bench/ (e.g. `peers/bearer-auth.ts`). */
  constructor(script: string, payload: unknown, opts: ChildOptions = {}) {
    this.proc = fork(join(BENCH_DIR, script.includes('/') ? script : join('procs', script)), [JSON.stringify(payload)], {
      execArgv: ['--import', TSX_LOADER, ...(opts.nodeFlags ?? [])],
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      cwd: ROOT_DIR,
    });
    this.proc.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-8_000);
      if (!opts.quietStderr) process.stderr.write(chunk);
    });
    this.proc.on('message', (m: Msg) => {
      if (m.type === 'error') {
        this.fail(new Error(`${script}: ${(m as unknown as { message: string }).message}`));
        return;
      }
      const i = this.waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        clearTimeout(w!.timer);
        w!.resolve(m);
      } else this.queue.push(m);
    });
    this.proc.on('exit', (code, signal) => {
      this.fail(
        new Error(
          `${script} exited (code ${code}, signal ${signal})${this.stderr ? `: ${this.stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`,
        ),
      );
    });
  }

  private fail(err: Error): void {
    this.exited ??= err;
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(err);
    }
  }

  send(msg: unknown): void {
    this.proc.send(msg as never);
  }

  /** Waits for the next message of `type` (bounded). */
  next<T extends Msg['type']>(type: T, timeoutMs = 120_000): Promise<Extract<Msg, { type: T }>> {
    const i = this.queue.findIndex((m) => m.type === type);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0] as Extract<Msg, { type: T }>);
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.waiters.findIndex((w) => w.timer === timer);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(new Error(`no "${type}" message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push({ type, resolve: resolve as (m: Msg) => void, reject, timer });
    });
  }

  /** Asks the child to stop, and kills it if it has not gone within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    try {
      this.send({ type: 'stop' });
    } catch {
      /* already disconnected */
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}

/** In a child: the JSON payload the parent passed. */
export function childPayload<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

/** In a child: report a fatal error to the parent and exit non-zero. */
export function childFail(err: unknown): void {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.exitCode = 1;
  if (process.send) process.send({ type: 'error', message }, () => process.exit(1));
  else {
    console.error(message);
    process.exit(1);
  }
}

/** In a child: resolves when the parent asks it to stop (or goes away). */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.on('message', (m: { type?: string }) => {
      if (m?.type === 'stop') resolve();
    });
    process.on('disconnect', () => resolve());
  });
}
