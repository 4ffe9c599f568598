import { parseScopes } from '@latchkey/keys';
import { openPlatformDatabase } from '@latchkey/platform/db/database.ts';
import type { IntegrationStatus } from '@latchkey/platform/db/schema.ts';
import { CLI_ACTOR } from '@latchkey/platform/domain/context.ts';
import {
  findIntegrationByIdOrSlug,
  listIntegrations,
  reviewIntegration,
  toIntegrationView,
} from '@latchkey/platform/domain/integrations.ts';
import type { Command } from 'commander';
import { addDataOption, CliError, type DataOptions, dataDir, EXIT, say } from '../context.ts';

async function withDb<T>(opts: DataOptions, fn: (db: Awaited<ReturnType<typeof openPlatformDatabase>>['db']) => Promise<T>): Promise<T> {
  const database = await openPlatformDatabase({ dataDir: dataDir(opts) });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

export function integrationCommands(program: Command): void {
  const cmd = program.command('integrations').description('list and review partner integrations');

  addDataOption(
    cmd
      .command('list')
      .description('list integrations (tab-separated: id, slug, status, name, scopes)')
      .option('--status <status>', 'pending, approved or rejected'),
  ).action(async (opts: DataOptions & { status?: string }) => {
    if (opts.status && !['pending', 'approved', 'rejected'].includes(opts.status))
      throw new CliError('--status must be pending, approved or rejected', EXIT.usage);
    await withDb(opts, async (db) => {
      const rows = await listIntegrations(db, { status: opts.status as IntegrationStatus | undefined });
      if (rows.length === 0) say('no integrations');
      for (const i of rows) {
        const scopes = i.approvedScopes ?? i.requestedScopes.map((r) => r.scope);
        process.stdout.write(`${i.id}\t${i.slug}\t${i.status}\t${i.name}\t${scopes.join(' ')}\n`);
      }
    });
  });

  addDataOption(
    cmd
      .command('approve')
      .description('approve a pending integration; scopes default to all it requested')
      .argument('<integration>', 'id or slug (see `integrations list`)')
      .option('--scopes <scopes>', 'space- or comma-separated subset of the requested scopes')
      .option('--reason <text>', 'note for the partner'),
  ).action(async (integration: string, opts: DataOptions & { scopes?: string; reason?: string }) => {
    await withDb(opts, async (db) => {
      const current = toIntegrationView(await findIntegrationByIdOrSlug(db, integration));
      const scopes = opts.scopes ? parseScopes(opts.scopes) : current.requestedScopes.map((r) => r.scope);
      const done = await reviewIntegration(db, CLI_ACTOR, current.id, { decision: 'approve', approvedScopes: scopes, reason: opts.reason });
      say(`approved ${done.name} with scopes: ${done.approvedScopes?.join(' ')}`);
    });
  });

  addDataOption(
    cmd
      .command('reject')
      .description('reject an integration with a reason the partner will see')
      .argument('<integration>', 'id or slug (see `integrations list`)')
      .requiredOption('--reason <text>', 'why it was rejected'),
  ).action(async (integration: string, opts: DataOptions & { reason: string }) => {
    await withDb(opts, async (db) => {
      const current = await findIntegrationByIdOrSlug(db, integration);
      const done = await reviewIntegration(db, CLI_ACTOR, current.id, { decision: 'reject', reason: opts.reason });
      say(`rejected ${done.name}: ${done.reviewReason}`);
    });
  });
}
