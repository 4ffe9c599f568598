import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordExportJobEvent } from '../../../../domain/resources/export-jobs.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';
import { makeWorld, type World } from '../test-fixtures.ts';

describe('export items (bad input and wrong state)', () => {
  let p: TestPlatform;
  let key: string;
  let a: World;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['export-items:read'] })).key;
    a = await makeWorld(p, p.companyA);
  });
  afterAll(async () => p.close());

  it('400 naming job_id when it is not a UUID; 400 for a malformed item id', async () => {
    const res = await call(p, 'GET', '/v3/export-items?job_id=latest', key);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'VALIDATION_ERROR', message: expect.stringMatching(/querystring\.job_id/) });
    expect((await call(p, 'GET', '/v3/export-items/latest', key)).body.message).toMatch(/params\.accountingEntryId/);
  });

  it('404 for an unknown job or item', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await call(p, 'GET', `/v3/export-items?job_id=${unknown}`, key)).body.type).toBe('EXPORT_NOT_FOUND');
    expect((await call(p, 'GET', `/v3/export-items/${unknown}`, key)).status).toBe(404);
  });

  it('422 EXPORT_JOB_STATUS_UNPROCESSABLE once the job finished; no running job lists nothing', async () => {
    await recordExportJobEvent(p.database.db, p.companyA, { jobId: a.jobId, event: 'failed', failureReasonType: 'canceled_by_user' });
    const res = await call(p, 'GET', `/v3/export-items?job_id=${a.jobId}`, key);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ type: 'EXPORT_JOB_STATUS_UNPROCESSABLE', message: expect.stringMatching(/finished/) });
    const none = await call(p, 'GET', '/v3/export-items', key);
    expect(none.status).toBe(200);
    expect(none.body.data).toEqual([]);
  });
});
