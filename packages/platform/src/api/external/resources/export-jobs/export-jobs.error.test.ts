import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';
import { makeWorld, type World } from '../test-fixtures.ts';

describe('export jobs (bad input and wrong state)', () => {
  let p: TestPlatform;
  let key: string;
  let a: World;
  const unknown = '00000000-0000-4000-8000-000000000000';
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['export-jobs:read', 'export-jobs:write'] })).key;
    a = await makeWorld(p, p.companyA);
  });
  afterAll(async () => p.close());

  it('413 EXPORT_JOB_ITEMS_UPDATE_LIMIT above 100 items per PUT, whatever the items hold', async () => {
    const items = Array.from({ length: 101 }, () => ({ accountingEntryId: a.jobExpenseId, status: 'successful' }));
    const res = await call(p, 'PUT', `/v3/export-jobs/${a.jobId}/items`, key, items);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ type: 'EXPORT_JOB_ITEMS_UPDATE_LIMIT', message: expect.stringMatching(/more than 100/) });
    const junk = await call(
      p,
      'PUT',
      `/v3/export-jobs/${a.jobId}/items`,
      key,
      Array.from({ length: 150 }, () => ({ nope: true })),
    );
    expect(junk.status).toBe(413);
    // Exactly 100 is fine.
    expect((await call(p, 'PUT', `/v3/export-jobs/${a.jobId}/items`, key, items.slice(0, 100))).status).toBe(200);
  });

  it('400 naming the field for a bad item status, a missing accountingEntryId, a non-array body', async () => {
    const status = await call(p, 'PUT', `/v3/export-jobs/${a.jobId}/items`, key, [{ accountingEntryId: a.jobExpenseId, status: 'done' }]);
    expect(status.status).toBe(400);
    expect(status.body).toEqual({ type: 'VALIDATION_ERROR', message: expect.stringMatching(/body\.0\.status/) });
    expect((await call(p, 'PUT', `/v3/export-jobs/${a.jobId}/items`, key, [{ status: 'successful' }])).body.message).toMatch(
      /accountingEntryId/,
    );
    expect((await call(p, 'PUT', `/v3/export-jobs/${a.jobId}/items`, key, { status: 'successful' })).status).toBe(400);
    const reason = await call(p, 'PUT', `/v3/export-jobs/${a.jobId}/items`, key, [
      { accountingEntryId: a.jobExpenseId, status: 'failed', failureReasonType: 'oops' },
    ]);
    expect(reason.body.message).toMatch(/failureReasonType/);
  });

  it('400 for an unknown event, an unknown statuses filter, a malformed job id', async () => {
    const event = await call(p, 'POST', '/v3/export-job-events', key, { jobId: a.jobId, event: 'finished' });
    expect(event.status).toBe(400);
    expect(event.body.message).toMatch(/body\.event/);
    expect((await call(p, 'GET', '/v3/export-jobs?statuses=done', key)).body.message).toMatch(/statuses/);
    expect((await call(p, 'GET', '/v3/export-jobs/123', key)).body.message).toMatch(/params\.jobId/);
  });

  it('404 EXPORT_NOT_FOUND for an unknown job, on every job route', async () => {
    for (const [method, path, body] of [
      ['GET', `/v3/export-jobs/${unknown}`, undefined],
      ['GET', `/v3/export-jobs/${unknown}/items`, undefined],
      ['PUT', `/v3/export-jobs/${unknown}/items`, []],
      ['POST', '/v3/export-job-events', { jobId: unknown, event: 'started' }],
    ] as const) {
      const res = await call(p, method, path, key, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.type).toBe('EXPORT_NOT_FOUND');
    }
  });

  it('422 INVALID_EXPORT_JOB_STATUS_CHANGE: completing a job never started, restarting or re-failing a finished one', async () => {
    const complete = await call(p, 'POST', '/v3/export-job-events', key, { jobId: a.jobId, event: 'completed' });
    expect(complete.status).toBe(422);
    expect(complete.body).toEqual({ type: 'INVALID_EXPORT_JOB_STATUS_CHANGE', message: expect.stringMatching(/pending/) });
    await call(p, 'POST', '/v3/export-job-events', key, { jobId: a.jobId, event: 'started' });
    expect((await call(p, 'POST', '/v3/export-job-events', key, { jobId: a.jobId, event: 'completed' })).status).toBe(202);
    for (const event of ['started', 'failed', 'completed', 'completed_with_errors']) {
      const res = await call(p, 'POST', '/v3/export-job-events', key, { jobId: a.jobId, event });
      expect(res.status, event).toBe(422);
      expect(res.body.type).toBe('INVALID_EXPORT_JOB_STATUS_CHANGE');
    }
  });

  it('422 EXPORT_JOB_STATUS_UNPROCESSABLE updating items of a finished job', async () => {
    const res = await call(p, 'PUT', `/v3/export-jobs/${a.jobId}/items`, key, [
      { accountingEntryId: a.jobExpenseId, status: 'successful' },
    ]);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ type: 'EXPORT_JOB_STATUS_UNPROCESSABLE', message: expect.stringMatching(/finished/) });
  });

  it('422 when nothing can be exported: entries not ready, or none left at all', async () => {
    const exported = await p.database.db
      .selectFrom('expenses')
      .select('id')
      .where('company_id', '=', p.companyA)
      .where('export_status', '=', 'exported')
      .executeTakeFirst();
    const notReady = await call(p, 'POST', '/v3/export-jobs', key, {
      companyId: p.companyA,
      accountingEntryIds: [exported?.id ?? unknown, unknown],
    });
    expect(notReady.status).toBe(422);
    expect(notReady.body.type).toBe('ACCOUNTING_ENTRIES_NOT_EXPORTABLE');
    expect(notReady.body.message).toContain(unknown);
    await p.database.db
      .updateTable('expenses')
      .set({ export_status: 'exported' })
      .where('company_id', '=', p.companyA)
      .where('export_status', '=', 'ready')
      .execute();
    const none = await call(p, 'POST', '/v3/export-jobs', key, { companyId: p.companyA });
    expect(none.status).toBe(422);
    expect(none.body.type).toBe('NO_ACCOUNTING_ENTRIES_TO_EXPORT');
  });

  it('400 for a create request without companyId or with a foreign employeeId', async () => {
    expect((await call(p, 'POST', '/v3/export-jobs', key, {})).body.message).toMatch(/companyId/);
    const res = await call(p, 'POST', '/v3/export-jobs', key, { companyId: p.companyA, employeeId: unknown });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/employeeId/);
  });
});
