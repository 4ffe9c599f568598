import { defaultLogger, startPlatform } from '@latchkey/platform/server.ts';
import type { Command } from 'commander';
import { addDataOption, type DataOptions, dataDir, say } from '../context.ts';

export function platformCommand(program: Command): void {
  addDataOption(
    program
      .command('platform')
      .description('serve the platform (external API, web app, /docs) on the data folder or DATABASE_URL')
      .option('-p, --port <port>', 'port to listen on', process.env.LATCHKEY_PLATFORM_PORT ?? '4000')
      .option('--host <host>', 'interface to bind', process.env.LATCHKEY_HOST ?? '127.0.0.1'),
  ).action(async (opts: DataOptions & { port: string; host: string }) => {
    const platform = await startPlatform({ dataDir: dataDir(opts), port: Number(opts.port), host: opts.host, logger: defaultLogger() });
    say(`platform listening on ${platform.url} (database: ${platform.database.where}); API docs at ${platform.url}/docs`);
    const stop = async () => {
      await platform.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
