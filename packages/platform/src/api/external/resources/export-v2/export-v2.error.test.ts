import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';
import { makeWorld, type World } from '../test-fixtures.ts';

describe('Export API v2 and GET /v3/export-job-items (bad input and wrong state)', () => {
  let p: TestPlatform;
  let key: string;
  let a: World;
  const unknown = '00000000-0000-4000-8000-000000000000';
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['export-jobs:read', 'export-jobs:write', 'export-items:read'] })).key;
    a = await makeWorld(p, p.companyA);
  });
  afterAll(async () => p.close());

  it('400 naming the field: v2 requires accountingEntryIds, knows only v2 failure reasons, bad statuses', async () => {
    const noIds = await call(p, 'POST', '/v2/export-jobs', key, { companyId: p.companyA });
    expect(noIds.status).toBe(400);
    expect(noIds.body).toEqual({ type: 'VALIDATION_ERROR', message: "body must have required property 'accountingEntryIds'" });
    // `vendor_unknown` exists in v3 only.
    const reason = await call(p, 'PUT', `/v2/export-jobs/${a.jobId}/items`, key, [
      { accountingEntryId: a.jobExpenseId, status: 'failed', failureReasonType: 'vendor_unknown' },
    ]);
    expect(reason.status).toBe(400);
    expect(reason.body.message).toMatch(/body\.0\.failureReasonType/);
    expect((await call(p, 'GET', '/v2/export-jobs?status=done', key)).body.message).toMatch(/querystring\.status/);
    expect((await call(p, 'GET', '/v2/export-jobs?statuses=done', key)).body.message).toMatch(/statuses/);
    expect((await call(p, 'GET', `/v2/export-jobs/${a.jobId}/items?status=done`, key)).body.message).toMatch(/status/);
    expect((await call(p, 'POST', '/v2/export-job-events', key, { jobId: a.jobId, event: 'finished' })).body.message).toMatch(
      /body\.event/,
    );
    expect((await call(p, 'GET', '/v2/export-items?job_id=x', key)).body.message).toMatch(/job_id/);
  });

  it('404 EXPORT_NOT_FOUND for an unknown job on every v2 job route; 413 above 100 items', async () => {
    for (const [method, path, body] of [
      ['GET', `/v2/export-jobs/${unknown}`, undefined],
      ['GET', `/v2/export-jobs/${unknown}/items`, undefined],
      ['PUT', `/v2/export-jobs/${unknown}/items`, []],
      ['POST', '/v2/export-job-events', { jobId: unknown, event: 'started' }],
      ['GET', `/v2/export-items?job_id=${unknown}`, undefined],
    ] as const) {
      const res = await call(p, method, path, key, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.type).toBe('EXPORT_NOT_FOUND');
    }
    const many = Array.from({ length: 101 }, () => ({ accountingEntryId: a.jobExpenseId, status: 'successful' }));
    const res = await call(p, 'PUT', `/v2/export-jobs/${a.jobId}/items`, key, many);
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('EXPORT_JOB_ITEMS_UPDATE_LIMIT');
  });

  it('422 for impossible changes and for items or export items of a finished job', async () => {
    const complete = await call(p, 'POST', '/v2/export-job-events', key, { jobId: a.jobId, event: 'completed' });
    expect(complete.status).toBe(422);
    expect(complete.body.type).toBe('INVALID_EXPORT_JOB_STATUS_CHANGE');
    await call(p, 'POST', '/v2/export-job-events', key, { jobId: a.jobId, event: 'failed', failureReasonType: 'canceled_by_user' });
    const put = await call(p, 'PUT', `/v2/export-jobs/${a.jobId}/items`, key, [
      { accountingEntryId: a.jobExpenseId, status: 'successful' },
    ]);
    expect(put.status).toBe(422);
    expect(put.body.type).toBe('EXPORT_JOB_STATUS_UNPROCESSABLE');
    const items = await call(p, 'GET', `/v2/export-items?job_id=${a.jobId}`, key);
    expect(items.status).toBe(422);
    expect(items.body.type).toBe('EXPORT_JOB_STATUS_UNPROCESSABLE');
  });

  it('GET /v3/export-job-items: 400 without accounting_entry_id or with a malformed one, 404 EXPORT_ENTRY_NOT_FOUND', async () => {
    const none = await call(p, 'GET', '/v3/export-job-items', key);
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/accounting_entry_id/);
    expect((await call(p, 'GET', '/v3/export-job-items?accounting_entry_id=abc', key)).body.message).toMatch(/accounting_entry_id/);
    const missing = await call(p, 'GET', `/v3/export-job-items?accounting_entry_id=${unknown}`, key);
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('EXPORT_ENTRY_NOT_FOUND');
    // An entry never put in a job has no item either.
    const ready = await call(p, 'GET', `/v3/export-job-items?accounting_entry_id=${a.readyExpenseIds[0]}`, key);
    expect(ready.body.type).toBe('EXPORT_ENTRY_NOT_FOUND');
  });
});
