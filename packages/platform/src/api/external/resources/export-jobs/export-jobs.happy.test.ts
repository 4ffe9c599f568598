import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';
import { makeWorld, type World } from '../test-fixtures.ts';

describe('export jobs (happy paths)', () => {
  let p: TestPlatform;
  let key: string;
  let a: World;
  const expenseStatus = async (ids: string[]) =>
    Object.fromEntries(
      (await p.database.db.selectFrom('expenses').select(['id', 'export_status']).where('id', 'in', ids).execute()).map((r) => [
        r.id,
        r.export_status,
      ]),
    );
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['export-jobs:read', 'export-jobs:write', 'export-items:read'] })).key;
    a = await makeWorld(p, p.companyA);
    await makeWorld(p, p.companyB);
  });
  afterAll(async () => p.close());

  it('lists the pending job (ExportJobV3) and its items (ExportJobItemV3)', async () => {
    const list = await call(p, 'GET', '/v3/export-jobs?statuses=pending', key);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      {
        id: a.jobId,
        companyId: p.companyA,
        status: 'pending',
        isInteractive: true,
        vendorBasedBookkeeping: false,
        numberOfItems: 8,
        expiresIn: 3600,
        createdAt: expect.any(String),
        createdBy: expect.any(String),
        startedAt: null,
        completedAt: null,
        expiredAt: null,
        lastUpdatedAt: expect.any(String),
        failureReason: null,
      },
    ]);
    expect(list.body.pagination.currentRequestPagination.parameters).toEqual({ company_id: [p.companyA], statuses: ['pending'] });
    expect((await call(p, 'GET', `/v3/export-jobs/${a.jobId}`, key)).body).toEqual({ data: list.body.data[0] });
    const items = await call(p, 'GET', `/v3/export-jobs/${a.jobId}/items?limit=100`, key);
    expect(items.body.data).toHaveLength(8);
    expect(items.body.data[0]).toEqual({
      accountingEntryId: a.jobExpenseId,
      exportJobId: a.jobId,
      status: 'pending',
      exportedAt: null,
      externalId: null,
      externalUrl: null,
      failureReason: null,
    });
  });

  it('runs the lifecycle: started → items successful/failed → completed_with_errors; leftovers abandoned and ready again', async () => {
    expect((await call(p, 'POST', '/v3/export-job-events', key, { jobId: a.jobId, event: 'started' })).status).toBe(202);
    const started = (await call(p, 'GET', `/v3/export-jobs/${a.jobId}`, key)).body.data;
    expect(started).toMatchObject({ status: 'in_progress', startedAt: expect.any(String) });
    expect(started.expiresIn).toBeGreaterThan(3500);
    // A retried `started` is harmless.
    expect((await call(p, 'POST', '/v3/export-job-events', key, { jobId: a.jobId, event: 'started' })).status).toBe(202);

    const ids: string[] = (await call(p, 'GET', `/v3/export-jobs/${a.jobId}/items`, key)).body.data.map(
      (i: { accountingEntryId: string }) => i.accountingEntryId,
    );
    const [ok1, ok2, bad, ...untouched] = ids as [string, string, string, ...string[]];
    const unknown = '00000000-0000-4000-8000-000000000000';
    const put = await call(p, 'PUT', `/v3/export-jobs/${a.jobId}/items`, key, [
      {
        accountingEntryId: ok1,
        status: 'successful',
        externalId: 'JE-1',
        externalUrl: 'https://erp.test/je/1',
        exportedAt: '2025-03-01T10:00:00Z',
      },
      { accountingEntryId: ok2, status: 'successful', externalId: 'JE-2' },
      { accountingEntryId: bad, status: 'failed', failureReason: 'Account 2700 is locked', failureReasonType: 'account_unknown' },
      { accountingEntryId: unknown, status: 'successful' },
    ]);
    expect(put.status).toBe(200);
    expect(put.body.errors).toEqual([{ accountingEntryId: unknown, type: 'ACCOUNTING_ENTRY_DOES_NOT_EXIST', message: expect.any(String) }]);
    expect(put.body.data).toEqual([
      {
        accountingEntryId: ok1,
        exportJobId: a.jobId,
        status: 'successful',
        exportedAt: '2025-03-01T10:00:00Z',
        externalId: 'JE-1',
        externalUrl: 'https://erp.test/je/1',
        failureReason: null,
      },
      {
        accountingEntryId: ok2,
        exportJobId: a.jobId,
        status: 'successful',
        exportedAt: expect.any(String),
        externalId: 'JE-2',
        externalUrl: null,
        failureReason: null,
      },
      {
        accountingEntryId: bad,
        exportJobId: a.jobId,
        status: 'failed',
        exportedAt: null,
        externalId: null,
        externalUrl: null,
        failureReason: 'Account 2700 is locked',
        failureReasonType: 'account_unknown',
      },
    ]);
    expect(await expenseStatus([ok1, bad])).toEqual({ [ok1]: 'exported', [bad]: 'queued' });
    const failedOnly = await call(p, 'GET', `/v3/export-jobs/${a.jobId}/items?status=failed`, key);
    expect(failedOnly.body.data.map((i: { accountingEntryId: string }) => i.accountingEntryId)).toEqual([bad]);

    expect((await call(p, 'POST', '/v3/export-job-events', key, { jobId: a.jobId, event: 'completed_with_errors' })).status).toBe(202);
    const done = (await call(p, 'GET', `/v3/export-jobs/${a.jobId}`, key)).body.data;
    expect(done).toMatchObject({ status: 'completed_with_errors', completedAt: expect.any(String), expiresIn: 0 });
    const abandoned = await call(p, 'GET', `/v3/export-jobs/${a.jobId}/items?status=abandoned`, key);
    expect(abandoned.body.pagination.total).toBe(untouched.length);
    expect(await expenseStatus([ok1, ok2, bad, ...untouched])).toEqual(
      Object.fromEntries([[ok1, 'exported'], [ok2, 'exported'], [bad, 'ready'], ...untouched.map((id) => [id, 'ready'])]),
    );
  });

  it('POST creates a job from every expense ready to export (201), then 409 while it runs', async () => {
    const ready = await p.database.db
      .selectFrom('expenses')
      .select('id')
      .where('company_id', '=', p.companyA)
      .where('export_status', '=', 'ready')
      .execute();
    const res = await call(p, 'POST', '/v3/export-jobs', key, {
      companyId: p.companyA,
      accountingEntryIds: [],
      isInteractive: false,
      options: { vendorBasedBookkeeping: true },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      status: 'pending',
      numberOfItems: ready.length,
      isInteractive: false,
      vendorBasedBookkeeping: true,
      createdBy: null,
    });
    expect(await expenseStatus(ready.map((r) => r.id))).toEqual(Object.fromEntries(ready.map((r) => [r.id, 'queued'])));
    const again = await call(p, 'POST', '/v3/export-jobs', key, { companyId: p.companyA });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ type: 'EXPORT_ALREADY_IN_PROGRESS', message: 'Export Job already in progress for this company.' });

    // Failing a pending job (e.g. canceled) abandons its items and frees the expenses.
    const fail = await call(p, 'POST', '/v3/export-job-events', key, {
      jobId: res.body.data.id,
      event: 'failed',
      failureReason: 'User canceled',
      failureReasonType: 'canceled_by_user',
    });
    expect(fail.status).toBe(202);
    const failed = (await call(p, 'GET', `/v3/export-jobs/${res.body.data.id}`, key)).body.data;
    expect(failed).toMatchObject({
      status: 'failed',
      failureReason: 'User canceled',
      failureReasonType: 'canceled_by_user',
      completedAt: null,
    });
    expect(await expenseStatus(ready.map((r) => r.id))).toEqual(Object.fromEntries(ready.map((r) => [r.id, 'ready'])));
  });

  it('POST with accountingEntryIds exports exactly those; the creator employee is recorded', async () => {
    const ready = await p.database.db
      .selectFrom('expenses')
      .select('id')
      .where('company_id', '=', p.companyA)
      .where('export_status', '=', 'ready')
      .orderBy('id')
      .execute();
    const pick = ready.slice(0, 2).map((r) => r.id);
    const res = await call(p, 'POST', '/v3/export-jobs', key, {
      companyId: p.companyA,
      accountingEntryIds: pick,
      employeeId: a.employeeId,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ numberOfItems: 2, createdBy: a.employeeId, isInteractive: true });
    const items = await call(p, 'GET', `/v3/export-jobs/${res.body.data.id}/items`, key);
    expect(items.body.data.map((i: { accountingEntryId: string }) => i.accountingEntryId).sort()).toEqual([...pick].sort());
    // Complete it so the next test starts clean.
    await call(p, 'POST', '/v3/export-job-events', key, { jobId: res.body.data.id, event: 'started' });
    await call(
      p,
      'PUT',
      `/v3/export-jobs/${res.body.data.id}/items`,
      key,
      pick.map((id) => ({ accountingEntryId: id, status: 'successful' })),
    );
    expect((await call(p, 'POST', '/v3/export-job-events', key, { jobId: res.body.data.id, event: 'completed' })).status).toBe(202);
    expect(await expenseStatus(pick)).toEqual(Object.fromEntries(pick.map((id) => [id, 'exported'])));
  });

  it('a started job not updated within the TTL expires: failed, job_expired, expiredAt; its expenses are ready again', async () => {
    const res = await call(p, 'POST', '/v3/export-jobs', key, { companyId: p.companyA });
    const jobId = res.body.data.id;
    await call(p, 'POST', '/v3/export-job-events', key, { jobId, event: 'started' });
    await p.database.db
      .updateTable('export_jobs')
      .set({ last_updated_at: new Date(Date.now() - 2 * 3600_000).toISOString() })
      .where('id', '=', jobId)
      .execute();
    const job = (await call(p, 'GET', `/v3/export-jobs/${jobId}`, key)).body.data;
    expect(job).toMatchObject({ status: 'failed', failureReasonType: 'job_expired', expiredAt: expect.any(String) });
    const queued = await p.database.db
      .selectFrom('expenses')
      .select('id')
      .where('export_job_id', '=', jobId)
      .where('export_status', '!=', 'ready')
      .execute();
    expect(queued).toEqual([]);
    // The company can export again.
    expect((await call(p, 'POST', '/v3/export-jobs', key, { companyId: p.companyA })).status).toBe(201);
  });
});
