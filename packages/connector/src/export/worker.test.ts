import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakePleo } from '../testing/fake-pleo.ts';
import { startTestConnector, type TestConnector } from '../testing/harness.ts';
import type { ExportHandler } from './worker.ts';

describe('export worker', () => {
  const pleo = new FakePleo();
  let t: TestConnector;

  beforeAll(async () => {
    await pleo.start();
  });
  afterAll(async () => pleo.close());
  afterEach(async () => {
    pleo.failOn = [];
    pleo.failWith = undefined;
    await t?.close();
  });

  async function setup() {
    t = await startTestConnector({ platformBaseUrl: pleo.url, client: { timeoutMs: 1_000, retries: 1, backoffBaseMs: 5 } });
    const issued = pleo.issue();
    const r = await t.connector.connections.connect(t.tenantA.id, issued.key);
    if (!r.ok) throw new Error(r.message);
    return { conn: r.connection, ...issued };
  }

  const bookAll: ExportHandler = async (item) => ({
    status: 'successful',
    externalId: `ERP-${item.accountingEntryId.slice(0, 8)}`,
    externalUrl: 'https://erp.test/e',
  });

  it('books every item of a pending job, PUTs ≤ 100 per call, posts started then completed', async () => {
    const { conn, companyId } = await setup();
    const job = pleo.addJob(companyId, 250);
    pleo.addJob('another-company', 3); // never listed for this key
    const res = await t.connector.exportWorker(bookAll, { pageSize: 60 }).runOnce(t.tenantA.id, conn.id);
    expect(res.stopped).toBeUndefined();
    expect(res.jobs).toEqual([{ jobId: job.id, outcome: 'completed', successful: 250, failed: 0, updateErrors: [] }]);
    expect(job.putSizes).toEqual([100, 100, 50]);
    expect(job.status).toBe('completed');
    expect(pleo.events.filter((e) => e.jobId === job.id).map((e) => e.event)).toEqual(['started', 'completed']);
    const first = job.updates.get(job.items[0]!.accountingEntryId)!;
    expect(first).toMatchObject({ status: 'successful', externalId: expect.stringMatching(/^ERP-/), externalUrl: 'https://erp.test/e' });
    expect(Date.parse(first.exportedAt!)).not.toBeNaN();
    // A second run finds nothing pending and does nothing.
    const again = await t.connector.exportWorker(bookAll).runOnce(t.tenantA.id, conn.id);
    expect(again.jobs).toEqual([]);
  });

  it('items the ERP refuses (or that throw) are marked failed; the job completes with errors', async () => {
    const { conn, companyId } = await setup();
    const job = pleo.addJob(companyId, 5);
    const handler: ExportHandler = async (item) => {
      if (item.note === 'item 1') return { status: 'failed', failureReason: 'Unknown vendor', failureReasonType: 'vendor_unknown' };
      if (item.note === 'item 3') throw new Error('ERP timed out');
      return { status: 'successful' };
    };
    const res = await t.connector.exportWorker(handler).runOnce(t.tenantA.id, conn.id);
    expect(res.jobs[0]).toMatchObject({ outcome: 'completed_with_errors', successful: 3, failed: 2 });
    expect(job.updates.get(job.items[1]!.accountingEntryId)).toMatchObject({
      status: 'failed',
      failureReasonType: 'vendor_unknown',
      failureReason: 'Unknown vendor',
    });
    expect(job.updates.get(job.items[3]!.accountingEntryId)).toMatchObject({
      status: 'failed',
      failureReasonType: 'unexpected_failure',
      failureReason: 'ERP timed out',
    });
    expect(job.status).toBe('completed_with_errors');
  });

  it('401 mid-job: stops at once, marks the connection needs_reconnect, never loops', async () => {
    const { conn, companyId, key } = await setup();
    const job = pleo.addJob(companyId, 150);
    const second = pleo.addJob(companyId, 2);
    let booked = 0;
    const handler: ExportHandler = async () => {
      if (++booked === 120) pleo.keys.get(key)!.revoked = true; // revoked while we work
      return { status: 'successful' };
    };
    const before = pleo.requests.length;
    const res = await t.connector.exportWorker(handler, { pageSize: 50 }).runOnce(t.tenantA.id, conn.id);
    expect(res.stopped).toMatchObject({ reason: 'needs_reconnect' });
    expect(res.jobs).toEqual([]);
    expect((await t.connector.connections.get(t.tenantA.id, conn.id))?.state).toBe('needs_reconnect');
    // list jobs, started, items ×2, PUT 100 (ok), items, PUT 50 → 401: then nothing more.
    const after = pleo.requests.slice(before).map((r) => `${r.method} ${r.url.split('?')[0]}`);
    expect(after).toEqual([
      'GET /v3/export-jobs',
      'POST /v3/export-job-events',
      'GET /v3/export-items',
      'GET /v3/export-items',
      `PUT /v3/export-jobs/${job.id}/items`,
      'GET /v3/export-items',
      `PUT /v3/export-jobs/${job.id}/items`,
    ]);
    expect(second.status).toBe('pending');
    expect(job.status).toBe('in_progress');
    // A connection that needs reconnecting is not worked on.
    await expect(t.connector.exportWorker(bookAll).runOnce(t.tenantA.id, conn.id)).resolves.toMatchObject({
      stopped: { reason: 'not_connected' },
    });
  });

  it('platform failure mid-job: reports the job failed (service_unreachable) and stops the run', async () => {
    const { conn, companyId } = await setup();
    const job = pleo.addJob(companyId, 3);
    pleo.failOn = [{ match: /^GET \/v3\/export-items$/, status: 503 }];
    const res = await t.connector.exportWorker(bookAll).runOnce(t.tenantA.id, conn.id);
    expect(res.stopped).toMatchObject({ reason: 'platform_unavailable' });
    expect(job.status).toBe('failed');
    expect(pleo.events.filter((e) => e.jobId === job.id)).toEqual([
      { jobId: job.id, event: 'started' },
      { jobId: job.id, event: 'failed', failureReasonType: 'service_unreachable' },
    ]);
    expect((await t.connector.connections.get(t.tenantA.id, conn.id))?.state).toBe('connected');
  });

  it('a job another worker already started (422) is skipped; a missing scope (403) stops the run', async () => {
    const { conn, companyId, key } = await setup();
    const job = pleo.addJob(companyId, 1);
    pleo.failOn = [{ match: /^POST \/v3\/export-job-events$/, status: 422 }];
    const res = await t.connector.exportWorker(bookAll).runOnce(t.tenantA.id, conn.id);
    expect(res.jobs).toMatchObject([{ jobId: job.id, outcome: 'skipped' }]);
    pleo.failOn = [];
    pleo.keys.get(key)!.scopes = ['export-items:read'];
    const res2 = await t.connector.exportWorker(bookAll).runOnce(t.tenantA.id, conn.id);
    expect(res2.stopped).toMatchObject({ reason: 'missing_scopes' });
    expect((await t.connector.connections.get(t.tenantA.id, conn.id))?.state).toBe('connected');
  });

  it('a job that is gone when it is being closed (404) ends that job only; the run goes on with the next', async () => {
    const { conn, companyId } = await setup();
    const first = pleo.addJob(companyId, 2);
    const second = pleo.addJob(companyId, 1);
    let booked = 0;
    const handler: ExportHandler = async () => {
      // The first job's items are all booked: its "completed" event finds it gone (deleted, or another company's).
      if (++booked === 2) pleo.failOn = [{ match: /^POST \/v3\/export-job-events$/, status: 404, times: 1 }];
      return { status: 'successful' };
    };
    const res = await t.connector.exportWorker(handler).runOnce(t.tenantA.id, conn.id);
    expect(res.stopped).toBeUndefined();
    expect(res.jobs).toMatchObject([
      { jobId: first.id, outcome: 'interrupted', successful: 2, detail: expect.stringContaining('404') },
      { jobId: second.id, outcome: 'completed', successful: 1 },
    ]);
    expect(second.status).toBe('completed');
    expect((await t.connector.connections.get(t.tenantA.id, conn.id))?.state).toBe('connected');
  });

  it('a 404 on the job list is "not found", neither a dead key nor "platform unavailable"', async () => {
    const { conn, companyId } = await setup();
    const job = pleo.addJob(companyId, 1);
    pleo.failOn = [{ match: /^GET \/v3\/export-jobs$/, status: 404 }];
    const res = await t.connector.exportWorker(bookAll).runOnce(t.tenantA.id, conn.id);
    expect(res.stopped).toMatchObject({ reason: 'not_found', message: expect.stringContaining('404') });
    expect(job.status).toBe('pending');
    expect(await t.connector.connections.get(t.tenantA.id, conn.id)).toMatchObject({ state: 'connected', lastErrorClass: null });
  });
});
