import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Connector, createConnector, formatMasterKeys, generateMasterKey, MASTER_KEY_FILE } from '@latchkey/connector';
import { startTestPlatform, type TestPlatform } from '@latchkey/platform/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTOR_SCOPES } from './connector.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../bin/latchkey.js');

async function latchkey(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', LATCHKEY_MASTER_KEYS: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const open = (data: string, platformUrl: string, masterKeys?: string) =>
  createConnector({
    dataDir: data,
    platformBaseUrl: platformUrl,
    keyFormat: 'strict',
    requiredScopes: CONNECTOR_SCOPES,
    env: {},
    ...(masterKeys ? { masterKeys } : {}),
  });

// Each CLI spawn costs seconds on a busy machine: generous timeouts.
describe('latchkey connections and vault (against a real platform and a connector data folder)', { timeout: 120_000 }, () => {
  let p: TestPlatform;
  let data: string;
  let connector: Connector;
  const keys: string[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    p = await startTestPlatform();
    data = mkdtempSync(join(tmpdir(), 'latchkey-cli-connector-'));
    connector = await open(data, p.url); // master key file created in the data folder, as `latchkey dev` does
    for (const [name, companyId] of [
      ['Acme Books', p.companyA],
      ['Globex Books', p.companyB],
    ] as const) {
      const issued = await p.issueKey({ scopes: CONNECTOR_SCOPES, companyId });
      const tenant = await connector.tenants.create({ name });
      const res = await connector.connections.connect(tenant.id, `  ${issued.key}\n`);
      if (!res.ok) throw new Error(`connect failed: ${res.message}`);
      keys.push(issued.key);
      ids.push(res.connection.id);
    }
  });
  afterAll(async () => {
    await connector?.close();
    await p?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('connections check: all healthy → exit 0; a revoked key → needs_reconnect, exit 1; list shows it, never a key', async () => {
    const healthy = await latchkey(['connections', 'check', '--data', data, '--platform-url', p.url, '--concurrency', '2']);
    expect(healthy.stderr).toMatch(/checked 2 connections: 2 ok · 0 need attention/);
    expect(healthy.code).toBe(0);
    expect(healthy.stdout.trim().split('\n').sort()).toEqual(
      ids.map((id, i) => `${id}\t${['Acme Books', 'Globex Books'][i]}\tok\tconnected\t-`).sort(),
    );

    await p.revokeKey(keys[1]!);
    const sick = await latchkey(['connections', 'check', '--data', data, '--platform-url', p.url]);
    expect(sick.code).toBe(1);
    expect(sick.stdout).toMatch(new RegExp(`^${ids[1]}\tGlobex Books\tinvalid_key\tneeds_reconnect\t`, 'm'));
    expect(sick.stderr).toMatch(/1 ok, 1 invalid_key · 1 needs attention/);

    const listed = await latchkey(['connections', 'list', '--data', data, '--platform-url', p.url]);
    expect(listed.code).toBe(0);
    const rows = listed.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows).toHaveLength(2);
    const acme = rows.find((r) => r[0] === ids[0])!;
    const globex = rows.find((r) => r[0] === ids[1])!;
    expect(acme.slice(1, 4)).toEqual(['Acme Books', 'connected', expect.stringContaining(p.companyA)]);
    expect(acme[4]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(acme[5]).toBe('-');
    expect(globex.slice(1, 3)).toEqual(['Globex Books', 'needs_reconnect']);
    expect(globex[5]).toMatch(/\S/);
    for (const k of keys) {
      expect(listed.stdout + listed.stderr + sick.stdout + sick.stderr).not.toContain(k);
      expect(listed.stdout).not.toContain(k.slice(-8));
    }
  });

  it('vault rewrap moves every secret to a new master key: afterwards the new key alone opens the store', async () => {
    await connector.close();
    const oldKeys = readFileSync(join(data, MASTER_KEY_FILE), 'utf8').replace(/#.*$/gm, '').trim();
    const fresh = formatMasterKeys([generateMasterKey()]);
    await expect(open(data, p.url, fresh)).rejects.toThrow(/stored secrets are encrypted under master key/);

    const res = await latchkey(['vault', 'rewrap', '--data', data, '--platform-url', p.url], {
      LATCHKEY_MASTER_KEYS: `${fresh},${oldKeys}`,
    });
    expect(res.stderr).toMatch(/rewrapped 2 secrets to master key k\d{8}-/);
    expect(res.code).toBe(0);

    connector = await open(data, p.url, fresh);
    expect(connector.vault.keyIds).toEqual([fresh.split(':')[0]]);
    const outcome = await connector.health.checkOne((await connector.connections.getById(ids[0]!))!.tenantId, ids[0]!);
    expect(outcome.result).toBe('ok');
  });
});
