import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, EXIT } from '../context.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');

/** `latchkey bench …` runs `tsx bench/run.ts …` from the repository root and exits with its code. */
export function benchCommand(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks (bench/run.ts) with the given arguments; its output and exit code pass through')
    .argument('[args...]', 'arguments for bench/run.ts (e.g. `latchkey bench -- --help`)')
    .allowUnknownOption()
    .helpOption('-h, --help', 'this help (use `latchkey bench -- --help` for the benchmark runner’s own)')
    .action(async (args: string[]) => {
      const script = join(ROOT, 'bench', 'run.ts');
      if (!existsSync(script)) throw new CliError(`${script} not found`, EXIT.notFound);
      const code = await new Promise<number>((done, fail) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: 'inherit' });
        const forward = (signal: NodeJS.Signals) => child.kill(signal);
        process.on('SIGINT', forward).on('SIGTERM', forward);
        child.on('error', fail);
        child.on('exit', (c, signal) => {
          process.off('SIGINT', forward).off('SIGTERM', forward);
          done(c ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1));
        });
      });
      process.exitCode = code;
    });
}
