import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';
import { makeWorld, type World } from '../test-fixtures.ts';

describe('Export API v2 (happy paths): the v3 jobs behind v2 shapes', () => {
  let p: TestPlatform;
  let key: string;
  let a: World;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['export-jobs:read', 'export-jobs:write', 'export-items:read'] })).key;
    a = await makeWorld(p, p.companyA);
    await makeWorld(p, p.companyB);
  });
  afterAll(async () => p.close());

  it('lists and gets the same jobs and items as v3; the deprecated `status` filter still works', async () => {
    const v2 = await call(p, 'GET', '/v2/export-jobs?status=pending', key);
    expect(v2.status).toBe(200);
    const v3 = await call(p, 'GET', '/v3/export-jobs?statuses=pending', key);
    expect(v2.body.data).toEqual(v3.body.data);
    expect(v2.body.data.map((j: { id: string }) => j.id)).toEqual([a.jobId]);
    expect((await call(p, 'GET', '/v2/export-jobs?statuses=completed', key)).body.data).toEqual([]);
    expect((await call(p, 'GET', `/v2/export-jobs/${a.jobId}`, key)).body).toEqual({ data: v3.body.data[0] });
    const items = await call(p, 'GET', `/v2/export-jobs/${a.jobId}/items?limit=100`, key);
    expect(items.body).toEqual((await call(p, 'GET', `/v3/export-jobs/${a.jobId}/items?limit=100`, key)).body);
    expect(items.body.data).toHaveLength(8);
  });

  it('export items in the v2 shape: no tax accounts, otherwise the v3 item', async () => {
    const v2 = await call(p, 'GET', `/v2/export-items?job_id=${a.jobId}&limit=100`, key);
    expect(v2.status).toBe(200);
    const v3 = await call(p, 'GET', `/v3/export-items?job_id=${a.jobId}&limit=100`, key);
    expect(v2.body.data).toHaveLength(v3.body.data.length);
    const reverse = v3.body.data.find(
      (i: { accountingEntryLines: Array<{ tax: { ingoingTaxAccount?: string } | null }> }) =>
        i.accountingEntryLines[0]?.tax?.ingoingTaxAccount,
    );
    expect(reverse).toBeDefined();
    const same = v2.body.data.find((i: { accountingEntryId: string }) => i.accountingEntryId === reverse.accountingEntryId);
    const { ingoingTaxAccount: _in, outgoingTaxAccount: _out, ...tax } = reverse.accountingEntryLines[0].tax;
    expect(same).toEqual({ ...reverse, accountingEntryLines: [{ ...reverse.accountingEntryLines[0], tax }] });
    expect(same.accountingEntryLines[0].tax).toMatchObject({ type: 'reverse', rate: expect.any(Number) });
    expect(same.accountingEntryLines[0].tax.ingoingTaxAccount).toBeUndefined();
  });

  it('runs a job through v2 only: started → items → completed_with_errors; a new job from an explicit list', async () => {
    expect((await call(p, 'POST', '/v2/export-job-events', key, { jobId: a.jobId, event: 'started' })).status).toBe(202);
    const items = (await call(p, 'GET', `/v2/export-jobs/${a.jobId}/items`, key)).body.data as Array<{ accountingEntryId: string }>;
    const [ok, bad] = items.map((i) => i.accountingEntryId) as [string, string];
    const put = await call(p, 'PUT', `/v2/export-jobs/${a.jobId}/items`, key, [
      { accountingEntryId: ok, status: 'successful', externalId: 'JE-9' },
      { accountingEntryId: bad, status: 'failed', failureReason: 'Locked period', failureReasonType: 'validation_failure' },
    ]);
    expect(put.status).toBe(200);
    expect(put.body.errors).toEqual([]);
    expect(put.body.data.map((i: { status: string }) => i.status)).toEqual(['successful', 'failed']);
    expect((await call(p, 'POST', '/v2/export-job-events', key, { jobId: a.jobId, event: 'completed_with_errors' })).status).toBe(202);
    expect((await call(p, 'GET', `/v2/export-jobs/${a.jobId}`, key)).body.data.status).toBe('completed_with_errors');

    const created = await call(p, 'POST', '/v2/export-jobs', key, { companyId: p.companyA, accountingEntryIds: [bad] });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ status: 'pending', numberOfItems: 1, companyId: p.companyA });
    const again = await call(p, 'POST', '/v2/export-jobs', key, { companyId: p.companyA, accountingEntryIds: [] });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('EXPORT_ALREADY_IN_PROGRESS');
  });

  it('GET /v3/export-job-items: the item of an accounting entry, from the latest job that held it', async () => {
    const jobs = (await call(p, 'GET', '/v3/export-jobs?limit=100', key)).body.data as Array<{ id: string; status: string }>;
    const latest = jobs.find((j) => j.status === 'pending') as { id: string };
    const [entry] = (await call(p, 'GET', `/v3/export-jobs/${latest.id}/items`, key)).body.data as Array<{ accountingEntryId: string }>;
    const res = await call(p, 'GET', `/v3/export-job-items?company_id=${p.companyA}&accounting_entry_id=${entry?.accountingEntryId}`, key);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      accountingEntryId: entry?.accountingEntryId,
      exportJobId: latest.id,
      status: 'pending',
      exportedAt: null,
      externalId: null,
      externalUrl: null,
      failureReason: null,
    });
    const done = await call(p, 'GET', `/v3/export-job-items?accounting_entry_id=${a.jobExpenseId}`, key);
    expect(done.body.data).toMatchObject({ exportJobId: a.jobId, status: 'successful', externalId: 'JE-9' });
  });
});
