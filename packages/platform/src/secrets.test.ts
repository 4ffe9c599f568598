import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './api/external/security-suite.ts';
import { startTestPlatform, type TestPlatform } from './testing.ts';

/** Every row of every table, as text: what an attacker with a database dump would see. */
async function dumpDatabase(p: TestPlatform): Promise<string> {
  const db = p.database.db;
  const tables =
    p.database.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((r) => r.name)
      : (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db)
        ).rows.map((r) => r.name);
  let out = '';
  for (const t of tables) out += JSON.stringify((await sql`select * from ${sql.table(t)}`.execute(db)).rows);
  return out;
}

describe('no plaintext key at rest or in logs after a full issue → use → rotate → revoke cycle', () => {
  let p: TestPlatform;
  const keys: string[] = [];
  beforeAll(async () => {
    p = await startTestPlatform();
    const issued = await p.issueKey();
    keys.push(issued.key);
    for (const path of ['/v1/installations/me', '/v1/introspect']) await call(p, 'GET', path, issued.key);
    await call(p, 'POST', '/v1/installations/me:activate', issued.key);
    await call(p, 'GET', '/v1/installations/me', `${issued.key.slice(0, -1)}x`); // a typo'd key must not be logged either
    const rotated = await p.regenerateKey(issued.key, 3600);
    keys.push(rotated);
    await call(p, 'GET', '/v1/installations/me', rotated);
    await p.revokeKey(issued.key);
    await call(p, 'GET', '/v1/installations/me', issued.key);
    await p.uninstall(rotated);
    await p.services.verifier.flushLastUsed();
  });
  afterAll(async () => p.close());

  it('the database holds digests and hints only', async () => {
    const dump = await dumpDatabase(p);
    expect(dump.length).toBeGreaterThan(1000);
    for (const key of keys) {
      expect(dump).not.toContain(key);
      expect(dump).not.toContain(key.slice(8, 40)); // no fragment of the secret part either
    }
  });

  it('the SQLite files on disk (database and WAL) hold no key', () => {
    if (!p.dataDir) return expect(p.database.dialect).toBe('postgres');
    const files = readdirSync(p.dataDir).map((f) => readFileSync(join(p.dataDir as string, f)).toString('latin1'));
    expect(files.join('').length).toBeGreaterThan(0);
    for (const key of keys) for (const f of files) expect(f).not.toContain(key.slice(8, 40));
  });

  it('captured logs (debug level, every request) hold no key and no Authorization header', () => {
    const logs = p.logs.join('');
    expect(logs).toMatch(/incoming request/);
    for (const key of keys) {
      expect(logs).not.toContain(key);
      expect(logs).not.toContain(Buffer.from(`${key}:`).toString('base64'));
    }
  });

  it('audit events name keys by hint only', async () => {
    const events = await p.database.db.selectFrom('audit_events').selectAll().execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['installation.created', 'key.regenerated', 'key.revoked', 'installation.deleted']),
    );
    expect(JSON.stringify(events)).toContain(`…${keys[0]?.slice(-4)}`);
  });
});
