import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('employees (bad input)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['users:read'] })).key;
  });
  afterAll(async () => p.close());

  it('400 naming companyId when the filter is not a UUID', async () => {
    const res = await call(p, 'GET', '/v2/employees?companyId=acme', key);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'VALIDATION_ERROR', message: expect.stringMatching(/querystring\.companyId/) });
  });

  it('400 for a non-numeric limit and an unknown sorting order', async () => {
    expect((await call(p, 'GET', '/v2/employees?limit=ten', key)).body.message).toMatch(/querystring\.limit/);
    const sort = await call(p, 'GET', '/v2/employees?sorting_order=UP', key);
    expect(sort.status).toBe(400);
    expect(sort.body.message).toMatch(/sorting_order/);
  });

  it('400 for a malformed employee id; 404 for an unknown one', async () => {
    expect((await call(p, 'GET', '/v2/employees/42', key)).status).toBe(400);
    const res = await call(p, 'GET', '/v2/employees/00000000-0000-4000-8000-000000000000', key);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ type: 'NOT_FOUND', message: expect.stringMatching(/employee/) });
  });
});
