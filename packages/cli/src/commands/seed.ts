import { migrate, openPlatformDatabase } from '@latchkey/platform/db/database.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '@latchkey/platform/seed.ts';
import type { Command } from 'commander';
import { addDataOption, type DataOptions, dataDir, say } from '../context.ts';

export function seedCommands(program: Command): void {
  addDataOption(program.command('migrate').description('create or upgrade the platform database schema')).action(
    async (opts: DataOptions) => {
      const database = await openPlatformDatabase({ dataDir: dataDir(opts) });
      await migrate(database);
      say(`platform database is up to date (${database.where})`);
      await database.close();
    },
  );

  addDataOption(
    program
      .command('seed')
      .description('create the demo (staff, partner, approved integration, companies, users, accounting data); idempotent')
      .option('--connect-url <url>', "where the demo integration's connect button points", process.env.LATCHKEY_CONNECT_URL),
  ).action(async (opts: DataOptions & { connectUrl?: string }) => {
    const database = await openPlatformDatabase({ dataDir: dataDir(opts) });
    const result = await seedDemo(database.db, { connectUrl: opts.connectUrl });
    say(result.created ? `seeded the demo into ${database.where}` : `demo already present in ${database.where}; nothing changed`);
    say(`logins (password "${DEMO_PASSWORD}"): ${Object.values(DEMO_LOGINS).join(', ')}`);
    await database.close();
  });
}
