import { resolve } from 'node:path';
import {
  buildWebIfStale as buildConnectorWeb,
  DEMO_CONNECTOR_PASSWORD,
  DEMO_CUSTOMER_EMAIL,
  DEMO_OPERATOR_EMAIL,
  seedConnectorDemo,
  startConnectorApp,
} from '@latchkey/connector/app/index.ts';
import { buildWebIfStale as buildPlatformWeb } from '@latchkey/platform/api/web/build.ts';
import { DEMO_INTEGRATION, DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '@latchkey/platform/seed.ts';
import { defaultLogger, startPlatform } from '@latchkey/platform/server.ts';
import type { Command } from 'commander';
import { addDataOption, CliError, type DataOptions, EXIT, say } from '../context.ts';

interface DevOptions extends DataOptions {
  platformPort: string;
  connectorPort: string;
  host: string;
}

function port(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`${name} must be a port number, got "${value}"`, EXIT.usage);
  return n;
}

/** Both apps on one data folder: the platform and the reference connector, with the demo seeded on first run. */
export function devCommand(program: Command): void {
  addDataOption(
    program
      .command('dev')
      .description('start the platform and the reference connector together on embedded SQLite, with a seeded demo (what `npm start` runs)')
      .option('--platform-port <port>', 'platform port', process.env.LATCHKEY_PLATFORM_PORT ?? '4000')
      .option('--connector-port <port>', 'connector port', process.env.LATCHKEY_CONNECTOR_PORT ?? '4100')
      .option('--host <host>', 'interface to bind', process.env.LATCHKEY_HOST ?? '127.0.0.1'),
  ).action(async (opts: DevOptions) => {
    const started = Date.now();
    const data = resolve(opts.data);
    const platformPort = port(opts.platformPort, '--platform-port');
    const connectorPort = port(opts.connectorPort, '--connector-port');
    const shown = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
    const connectorUrl = `http://${shown}:${connectorPort}`;

    say('› building the web apps (only when their sources changed)…');
    await Promise.all([buildPlatformWeb(), buildConnectorWeb()]);

    say(`› starting the platform (data in ${data})…`);
    const platform = await startPlatform({
      dataDir: data,
      host: opts.host,
      port: platformPort,
      logger: defaultLogger(process.env.LOG_LEVEL ?? 'warn'),
      // The demo connector (the webhook receiver) runs on this machine over plain http.
      config: { publicUrl: process.env.LATCHKEY_PLATFORM_URL ?? `http://${shown}:${platformPort}`, webhookAllowPrivate: true },
    }).catch((err: NodeJS.ErrnoException) => {
      throw new CliError(
        err.code === 'EADDRINUSE' ? `port ${platformPort} is in use: pass --platform-port or set LATCHKEY_PLATFORM_PORT` : err.message,
        EXIT.unavailable,
      );
    });
    const seeded = await seedDemo(platform.database.db, {
      connectUrl: `${connectorUrl}/connect`,
      webhookUrl: `${connectorUrl}/webhooks/latchkey`,
    });
    say(seeded.created ? '› seeded the platform demo' : '› reusing the existing demo');
    const integration = await platform.database.db
      .selectFrom('integrations')
      .select(['webhook_secret', 'approved_scopes'])
      .where('id', '=', seeded.integrationId)
      .executeTakeFirstOrThrow();

    say('› starting the connector…');
    const connector = await startConnectorApp({
      dataDir: data,
      // Scale-out: with DATABASE_URL both services use PostgreSQL (the connector in its own schema).
      databaseUrl: process.env.DATABASE_URL || undefined,
      host: opts.host,
      port: connectorPort,
      platformBaseUrl: platform.url,
      platformName: 'Latchkey',
      appName: DEMO_INTEGRATION,
      keyFormat: 'strict',
      keyPrefix: platform.services.config.keyPrefix,
      requiredScopes: ['export-jobs:read', 'export-jobs:write', 'export-items:read'],
      webhookSecret: integration.webhook_secret,
      exportIntervalMs: 10_000,
      healthIntervalMs: 60_000,
    }).catch(async (err: NodeJS.ErrnoException) => {
      await platform.close();
      throw new CliError(
        err.code === 'EADDRINUSE' ? `port ${connectorPort} is in use: pass --connector-port or set LATCHKEY_CONNECTOR_PORT` : err.message,
        EXIT.unavailable,
      );
    });
    await seedConnectorDemo(connector.connector);

    const line = '─'.repeat(72);
    say(`\n${line}`);
    say(`Latchkey is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    const row = (label: string, value: string, note = '') => say(`    ${label.padEnd(15)} ${value.padEnd(24)} ${note}`.trimEnd());
    say(`  Platform   ${platform.url.padEnd(28)} API docs ${platform.url}/docs`);
    say(`  Connector  ${connector.url.padEnd(28)} API docs ${connector.url}/docs\n`);
    say(`  Platform logins (password "${DEMO_PASSWORD}")`);
    row('company owner', DEMO_LOGINS.owner, `install ${DEMO_INTEGRATION} under Settings → Accounting`);
    row('company admin', DEMO_LOGINS.admin);
    row('bookkeeper', DEMO_LOGINS.bookkeeper, 'may not install');
    row('staff', DEMO_LOGINS.staff, 'review queue');
    row('partner', DEMO_LOGINS.partner, 'partner portal');
    say(`  Connector logins (password "${DEMO_CONNECTOR_PASSWORD}")`);
    row('customer', DEMO_CUSTOMER_EMAIL, `paste the key at ${connector.url}/connect`);
    row('operator', DEMO_OPERATOR_EMAIL, 'connections overview');
    say(`\n  Data folder ${data}   ·   Ctrl-C stops both`);
    say(line);

    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      say('\nstopping…');
      await connector.close().catch(() => {});
      await platform.close().catch(() => {});
      say('stopped.');
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
