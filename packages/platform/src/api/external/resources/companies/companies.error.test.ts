import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('companies (bad input)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['companies:read'] })).key;
  });
  afterAll(async () => p.close());

  it('400 naming companyId when it is not a UUID', async () => {
    const res = await call(p, 'GET', '/v1/companies/acme', key);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'VALIDATION_ERROR', message: expect.stringMatching(/params\.companyId.*uuid/) });
  });

  it('404 for a company that does not exist, same as another company’s', async () => {
    const res = await call(p, 'GET', '/v1/companies/00000000-0000-4000-8000-000000000000', key);
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('NOT_FOUND');
  });

  it('400 for a malformed pagination parameter', async () => {
    const res = await call(p, 'GET', '/v1/companies?limit=-1', key);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/querystring\.limit/);
  });
});
