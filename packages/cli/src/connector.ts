import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Connector, createConnector } from '@latchkey/connector';
import { loadConfig } from '@latchkey/platform/config.ts';
import type { Command } from 'commander';
import { CliError, type DataOptions, dataDir, EXIT } from './context.ts';

/** The scopes the reference connector needs (the same list `latchkey dev` starts it with). */
export const CONNECTOR_SCOPES = ['export-jobs:read', 'export-jobs:write', 'export-items:read'] as const;

export const DEFAULT_PLATFORM_URL = 'http://127.0.0.1:4000';

export interface ConnectorCliOptions extends DataOptions {
  platformUrl: string;
}

/** `--data` and `--platform-url`, for every command that opens the connector's store. */
export function addConnectorOptions(cmd: Command): Command {
  return cmd
    .option(
      '--data <dir>',
      "data folder holding the connector's connector.sqlite and master-key file",
      process.env.LATCHKEY_DATA_DIR ?? '.data',
    )
    .option(
      '--platform-url <url>',
      'base URL of the platform the connector talks to',
      process.env.LATCHKEY_PLATFORM_URL || DEFAULT_PLATFORM_URL,
    );
}

/**
 * Opens the reference connector's store on the data folder `latchkey dev` uses (SQLite
 * `connector.sqlite`, master keys from LATCHKEY_MASTER_KEYS or the folder's key file), closes it after `fn`.
 */
export async function withConnector<T>(opts: ConnectorCliOptions, fn: (connector: Connector) => Promise<T>): Promise<T> {
  const dir = dataDir(opts);
  if (!existsSync(join(dir, 'connector.sqlite'))) {
    throw new CliError(`no connector data in ${dir}: start \`latchkey dev\` once, or pass --data`, EXIT.notFound);
  }
  if (!URL.canParse(opts.platformUrl) || !/^https?:$/.test(new URL(opts.platformUrl).protocol)) {
    throw new CliError(`--platform-url must be an http(s) URL, got "${opts.platformUrl}"`, EXIT.usage);
  }
  const connector = await createConnector({
    dataDir: dir,
    platformBaseUrl: opts.platformUrl.replace(/\/+$/, ''),
    platformName: 'Latchkey',
    keyFormat: 'strict',
    keyPrefix: loadConfig().keyPrefix,
    requiredScopes: CONNECTOR_SCOPES,
    // Interactive tool: fail fast when the platform is down rather than retrying for a minute.
    client: { timeoutMs: 8_000, retries: 1 },
  }).catch((err: Error) => {
    throw new CliError(err.message, EXIT.failure);
  });
  try {
    return await fn(connector);
  } finally {
    await connector.close();
  }
}

/** One TSV field: no tabs or line breaks inside. */
export const field = (v: string | number | null | undefined): string =>
  v === null || v === undefined || v === '' ? '-' : String(v).replace(/[\t\r\n]+/g, ' ');

/** A positive integer option. */
export function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new CliError(`${name} must be a whole number from 1 to 1000, got "${value}"`, EXIT.usage);
  return n;
}
