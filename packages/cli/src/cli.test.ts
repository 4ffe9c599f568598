import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseKey } from '@latchkey/keys';
import { startPlatform } from '@latchkey/platform/server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../bin/latchkey.js');

async function latchkey(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each case spawns the real CLI a few times (~2–4 s each on a loaded 2-core machine).
describe('latchkey CLI', { timeout: 120_000 }, () => {
  let data: string;
  beforeAll(() => {
    data = mkdtempSync(join(tmpdir(), 'latchkey-cli-'));
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('seed is idempotent', async () => {
    const first = await latchkey('seed', '--data', data);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/seeded the demo/);
    const second = await latchkey('seed', '--data', data);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/nothing changed/);
  });

  it('keys issue prints exactly one valid key on stdout, and it authenticates against a platform on the same data', async () => {
    const issued = await latchkey('keys', 'issue', '--data', data);
    expect(issued.code).toBe(0);
    const key = issued.stdout.trim();
    expect(issued.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(parseKey(key).ok).toBe(true);
    expect(issued.stderr).not.toContain(key);
    expect(issued.stderr).toMatch(/Ledgerly for Acme ApS/);

    const platform = await startPlatform({ dataDir: data, databaseUrl: '' });
    try {
      const res = await fetch(`${platform.url}/v1/installations/me`, {
        headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      });
      expect(res.status).toBe(200);
      expect((await res.json()).resource).toMatch(/^urn:pleo:company:/);

      const listed = await latchkey('keys', 'list', '--data', data, '--company', 'Acme ApS');
      expect(listed.code).toBe(0);
      expect(listed.stdout).not.toContain(key);
      expect(listed.stdout).toContain(`…${key.slice(-4)}`);
      const keyId = listed.stdout
        .split('\n')
        .find((l) => l.includes(`…${key.slice(-4)}`))
        ?.split('\t')[0] as string;

      const revoked = await latchkey('keys', 'revoke', keyId, '--data', data);
      expect(revoked.code).toBe(0);
      // Revoked by another process: the platform notices through its invalidation poll (≤ 1 s).
      await new Promise((r) => setTimeout(r, 1200));
      const after = await fetch(`${platform.url}/v1/installations/me`, { headers: { authorization: `Bearer ${key}` } });
      expect(after.status).toBe(401);
    } finally {
      await platform.close();
    }
  });

  it('exit codes a script can rely on: unknown company → 3, bad usage → 2', async () => {
    const missing = await latchkey('keys', 'issue', '--data', data, '--company', 'Nope Inc', '--integration', 'ledgerly');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/company "Nope Inc" not found/);
    expect(missing.stdout).toBe('');
    const usage = await latchkey('keys', 'frobnicate');
    expect(usage.code).toBe(2);
  });
});

describe('latchkey integrations', { timeout: 120_000 }, () => {
  let data: string;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'latchkey-cli-int-'));
    await latchkey('seed', '--data', data);
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('lists, approves with a subset of scopes, and refuses scopes never requested', async () => {
    const pending = await latchkey('integrations', 'list', '--status', 'pending', '--data', data);
    expect(pending.stdout).toMatch(/\tledgerly-payroll\tpending\tLedgerly Payroll\tusers:read/);
    const beyond = await latchkey('integrations', 'approve', 'ledgerly-payroll', '--scopes', 'vendors:read', '--data', data);
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toMatch(/not requested: vendors:read/);
    const ok = await latchkey('integrations', 'approve', 'ledgerly-payroll', '--scopes', 'users:read', '--data', data);
    expect(ok.code).toBe(0);
    const approved = await latchkey('integrations', 'list', '--status', 'approved', '--data', data);
    expect(approved.stdout).toMatch(/Ledgerly Payroll/);
  });

  it('names an integration by exact id or slug, never by its name (a partner picks the name)', async () => {
    const byName = await latchkey('integrations', 'reject', 'Ledgerly', '--reason', 'no', '--data', data);
    expect(byName.code).toBe(3);
    expect(byName.stderr).toMatch(/integration "Ledgerly" not found .*id or slug/);
    const listed = await latchkey('integrations', 'list', '--data', data);
    const id = listed.stdout
      .split('\n')
      .find((l) => l.includes('\tledgerly\t'))
      ?.split('\t')[0] as string;
    const issued = await latchkey('keys', 'issue', '--data', data, '--company', 'Acme ApS', '--integration', id);
    expect(issued.code).toBe(0);
    expect(issued.stderr).toMatch(/Ledgerly for Acme ApS/);
  });

  it('reject needs a reason', async () => {
    const res = await latchkey('integrations', 'reject', 'Ledgerly', '--data', data);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--reason/);
  });
});
