import { DomainError } from '@latchkey/platform/domain/errors.ts';
import { Command, CommanderError } from 'commander';
import { benchCommand } from './commands/bench.ts';
import { connectionCommands } from './commands/connections.ts';
import { devCommand } from './commands/dev.ts';
import { integrationCommands } from './commands/integrations.ts';
import { keyCommands } from './commands/keys.ts';
import { platformCommand } from './commands/platform.ts';
import { seedCommands } from './commands/seed.ts';
import { vaultCommands } from './commands/vault.ts';
import { CliError, EXIT } from './context.ts';

const program = new Command('latchkey')
  .description('Latchkey: integrated API keys — the platform that issues them and the connector that holds them')
  .showHelpAfterError()
  .exitOverride();

devCommand(program);
platformCommand(program);
seedCommands(program);
keyCommands(program);
integrationCommands(program);
connectionCommands(program);
vaultCommands(program);
benchCommand(program);

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
