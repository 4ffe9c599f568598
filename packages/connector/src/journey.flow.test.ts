import { seedAccountingData } from '@latchkey/platform/seed-resources.ts';
import { startTestPlatform, type TestPlatform } from '@latchkey/platform/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportHandler } from './export/worker.ts';
import { startTestConnector, type TestConnector } from './testing/harness.ts';

/**
 * The issue's "done when", without the browser: a key issued by a real platform is validated, stored
 * encrypted and activated; the export worker completes an export job with it; the key is revoked on
 * the platform and the health monitor notices; a replacement key reconnects the same connection.
 */
describe('end to end against a real platform', () => {
  let p: TestPlatform;
  let t: TestConnector;

  beforeAll(async () => {
    p = await startTestPlatform();
    await seedAccountingData(p.database.db, p.companyA);
    t = await startTestConnector({ platformBaseUrl: p.url });
  });
  afterAll(async () => {
    await t?.close();
    await p?.close();
  });

  it('connect → activate → export → revoke → needs_reconnect → replace → connected (same id)', async () => {
    const issued = await p.issueKey({ companyId: p.companyA });
    const transitions: string[] = [];
    t.connector.events.on('transition', (e) => transitions.push(`${e.from}>${e.to}`));

    const res = await t.connector.connections.connect(t.tenantA.id, issued.key);
    if (!res.ok) throw new Error(`${res.errorClass}: ${res.detail}`);
    const conn = res.connection;
    expect(conn.companyId).toBe(p.companyA);
    const inst = await p.database.db
      .selectFrom('installations')
      .select('status')
      .where('id', '=', issued.installationId)
      .executeTakeFirstOrThrow();
    expect(inst.status).toBe('ACTIVATED');

    const booked: string[] = [];
    const handler: ExportHandler = async (item) => {
      booked.push(item.accountingEntryId);
      return { status: 'successful', externalId: `ERP-${booked.length}` };
    };
    const run = await t.connector.exportWorker(handler).runOnce(t.tenantA.id, conn.id);
    expect(run.stopped).toBeUndefined();
    expect(run.jobs.length).toBeGreaterThanOrEqual(1);
    const job = run.jobs[0]!;
    expect(job).toMatchObject({ outcome: 'completed', failed: 0, updateErrors: [] });
    expect(job.successful).toBe(booked.length);
    expect(booked.length).toBeGreaterThan(0);
    const platformJob = await p.database.db.selectFrom('export_jobs').selectAll().where('id', '=', job.jobId).executeTakeFirstOrThrow();
    expect(platformJob.status).toBe('completed');

    await p.revokeKey(issued.key);
    const check = await t.connector.health.checkOne(t.tenantA.id, conn.id);
    expect(check).toMatchObject({ result: 'invalid_key', to: 'needs_reconnect' });

    const replacement = await p.regenerateKey(issued.key, 0);
    const again = await t.connector.connections.replaceKey(t.tenantA.id, conn.id, replacement);
    if (!again.ok) throw new Error(`${again.errorClass}: ${again.detail}`);
    expect(again.connection).toMatchObject({ id: conn.id, state: 'connected', companyId: p.companyA });
    expect((await t.connector.health.checkOne(t.tenantA.id, conn.id)).result).toBe('ok');
    expect(transitions).toEqual(['pending>connected', 'connected>needs_reconnect', 'needs_reconnect>connected']);
  });
});
