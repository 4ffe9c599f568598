import { loadConfig } from '@latchkey/platform/config.ts';
import { openPlatformDatabase } from '@latchkey/platform/db/database.ts';
import { findCompany } from '@latchkey/platform/domain/accounts.ts';
import { CLI_ACTOR } from '@latchkey/platform/domain/context.ts';
import { findIntegrationByIdOrSlug, getIntegration } from '@latchkey/platform/domain/integrations.ts';
import { DEMO_COMPANY, seedDemo } from '@latchkey/platform/seed.ts';
import { createServices } from '@latchkey/platform/services.ts';
import type { Command } from 'commander';
import { addDataOption, type DataOptions, dataDir, say } from '../context.ts';

async function withServices<T>(opts: DataOptions, fn: (s: ReturnType<typeof createServices>) => Promise<T>): Promise<T> {
  const database = await openPlatformDatabase({ dataDir: dataDir(opts) });
  const services = createServices(database, loadConfig());
  try {
    return await fn(services);
  } finally {
    await services.stop();
    await database.close();
  }
}

export function keyCommands(program: Command): void {
  const keys = program.command('keys').description('issue, list and revoke integrated API keys');

  addDataOption(
    keys
      .command('issue')
      .description('install the integration for the company if needed and print a new key once on stdout')
      .option('--company <name|id>', 'company (default: the demo company)')
      .option('--integration <id|slug>', 'approved integration (default: the demo integration)'),
  ).action(async (opts: DataOptions & { company?: string; integration?: string }) => {
    await withServices(opts, async (s) => {
      const db = s.database.db;
      const demo = !opts.company || !opts.integration ? await seedDemo(db) : null;
      const company = await findCompany(db, opts.company ?? DEMO_COMPANY);
      const integration = opts.integration
        ? await findIntegrationByIdOrSlug(db, opts.integration)
        : await getIntegration(db, demo?.integrationId as string);
      const live = await db
        .selectFrom('installations')
        .select('id')
        .where('integration_id', '=', integration.id)
        .where('company_id', '=', company.id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      const issued = live
        ? await s.installations.issueAdditionalKey(CLI_ACTOR, live.id)
        : await s.installations.install(CLI_ACTOR, { integrationId: integration.id, companyId: company.id });
      say(
        `${live ? 'issued another key for' : 'installed'} ${integration.name} for ${company.name} (installation ${issued.installation.id}, key ${issued.hint})`,
      );
      process.stdout.write(`${issued.key}\n`);
    });
  });

  addDataOption(
    keys.command('list').description('list keys of a company (hints only)').requiredOption('--company <name|id>', 'company'),
  ).action(async (opts: DataOptions & { company: string }) => {
    await withServices(opts, async (s) => {
      const company = await findCompany(s.database.db, opts.company);
      const rows = await s.installations.listKeys(company.id);
      if (rows.length === 0) say(`${company.name} has no keys`);
      for (const r of rows) {
        process.stdout.write(
          `${r.id}\t${r.hint}\t${r.status}\t${r.integration.name}\tcreated ${r.createdAt} by ${r.createdBy}\tlast used ${r.lastUsedAt ?? 'never'}\n`,
        );
      }
    });
  });

  addDataOption(keys.command('revoke').description('revoke a key at once (by key id from `keys list`)').argument('<keyId>')).action(
    async (keyId: string, opts: DataOptions) => {
      await withServices(opts, async (s) => {
        await s.installations.revokeKey(CLI_ACTOR, { keyId });
        say(`revoked key ${keyId}`);
      });
    },
  );
}
