import { seedAccountingData } from '@latchkey/platform/seed-resources.ts';
import { startTestPlatform, type TestPlatform } from '@latchkey/platform/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-support.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('background work inside the app: export worker and health monitor on their intervals', () => {
  let p: TestPlatform;
  let app: TestApp;

  beforeAll(async () => {
    p = await startTestPlatform();
    await seedAccountingData(p.database.db, p.companyB);
    app = await startTestApp({ platformBaseUrl: p.url, exportIntervalMs: 300, healthIntervalMs: 400 });
  });
  afterAll(async () => {
    await app?.close();
    await p?.close();
  });

  it('the export worker books the connected company’s pending export job (items marked successful, job completed)', async () => {
    const db = p.database.db;
    const [job] = await db
      .selectFrom('export_jobs')
      .select(['id'])
      .where('company_id', '=', p.companyB)
      .where('status', '=', 'pending')
      .execute();
    expect(job).toBeDefined();
    const t = await app.tenant('Exporting tenant');
    const r = await app.connector.connections.connect(t.tenantId, (await p.issueKey({ companyId: p.companyB })).key);
    expect(r.ok).toBe(true);
    await until('job completed', async () => {
      const row = await db.selectFrom('export_jobs').select('status').where('id', '=', job!.id).executeTakeFirstOrThrow();
      return row.status === 'completed';
    });
    const items = await db.selectFrom('export_job_items').select(['status']).where('job_id', '=', job!.id).execute();
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((i) => i.status))).toEqual(new Set(['successful']));
  });

  it('the health monitor notices a key revoked on the platform (no webhook) → needs_reconnect', async () => {
    const t = await app.tenant('Monitored tenant');
    const issued = await p.issueKey();
    const r = await app.connector.connections.connect(t.tenantId, issued.key);
    if (!r.ok) throw new Error(r.message);
    await p.revokeKey(issued.key);
    const after = await until('needs_reconnect', async () => {
      const c = await app.connector.connections.getById(r.connection.id);
      return c?.state === 'needs_reconnect' && c;
    });
    expect(after.lastErrorClass).toBe('invalid_key');
  });
});
