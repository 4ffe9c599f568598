import { resolve } from 'node:path';
import type { Command } from 'commander';

/** Options every command that touches a database shares. */
export interface DataOptions {
  data: string;
}

export function addDataOption(cmd: Command): Command {
  return cmd.option(
    '--data <dir>',
    'data folder for the embedded SQLite databases (ignored when DATABASE_URL is set)',
    process.env.LATCHKEY_DATA_DIR ?? '.data',
  );
}

export const dataDir = (opts: DataOptions): string => resolve(opts.data);

/** Human output goes to stderr so stdout stays clean for scripts (e.g. `KEY=$(latchkey keys issue)`). */
export const say = (...parts: unknown[]): void => {
  process.stderr.write(`${parts.join(' ')}\n`);
};

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failure: 1, usage: 2, notFound: 3, conflict: 4, unavailable: 5 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.failure,
  ) {
    super(message);
  }
}
