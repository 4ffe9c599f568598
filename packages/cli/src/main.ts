import { DomainError } from '@latchkey/platform/domain/errors.ts';
import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './context.ts';

const program = new Command('latchkey')
  .description('Latchkey: integrated API keys — the platform that issues them and the connector that holds them')
  .showHelpAfterError()
  .exitOverride();

type Register = (program: Command) => void;
/** Each top-level command's module, loaded only when that command runs (or for the full --help). */
const COMMANDS: Record<string, () => Promise<Register[]>> = {
  dev: async () => [(await import('./commands/dev.ts')).devCommand],
  platform: async () => [(await import('./commands/platform.ts')).platformCommand],
  'seed|migrate': async () => [(await import('./commands/seed.ts')).seedCommands],
  keys: async () => [(await import('./commands/keys.ts')).keyCommands],
  integrations: async () => [(await import('./commands/integrations.ts')).integrationCommands],
  connections: async () => [(await import('./commands/connections.ts')).connectionCommands],
  vault: async () => [(await import('./commands/vault.ts')).vaultCommands],
  bench: async () => [(await import('./commands/bench.ts')).benchCommand],
};
const requested = process.argv[2] ?? '';
const match = Object.keys(COMMANDS).find((names) => names.split('|').includes(requested));
const loaders = match ? [COMMANDS[match]!] : Object.values(COMMANDS);
for (const load of loaders) for (const register of await load()) register(program);

const DOMAIN_EXIT: Record<string, number> = {
  not_found: EXIT.notFound,
  conflict: EXIT.conflict,
  invalid: EXIT.usage,
  forbidden: EXIT.failure,
};

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : EXIT.usage);
  if (err instanceof CliError) {
    process.stderr.write(`latchkey: ${err.message}\n`);
    process.exit(err.code);
  }
  if (err instanceof DomainError) {
    process.stderr.write(`latchkey: ${err.message}\n`);
    process.exit(DOMAIN_EXIT[err.kind] ?? EXIT.failure);
  }
  process.stderr.write(`latchkey: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(EXIT.failure);
}
